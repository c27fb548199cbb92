/* sample.c — the built-in sample site: eleven route pages, three questions and four
 * contacts in Dutch, Arabic, Farsi and Tigrinya. Used by tests and by a kiosk that has
 * no pack yet; a verified pack always replaces it. Texts follow the content brief; the
 * translations are unreviewed (site_language.reviewed = 0). Inline markup as in
 * content/FORMAT.md: **bold**, *Dutch term*. */
#include "pack/sample.h"
#include <string.h>       /* strcmp, strlen */
#include "util/util.h"

enum { NL, AR, FA, TI, SAMPLE_LANGS };
enum { SAMPLE_BLOCKS_MAX = 14 };

static const struct { const char *code, *name; int rtl; } sample_languages[SAMPLE_LANGS] = {
  { "nl", "Nederlands", 0 }, { "ar", "العربية", 1 }, { "fa", "فارسی", 1 }, { "ti", "ትግርኛ", 0 },
};

typedef struct { int kind; const char *text[SAMPLE_LANGS]; } sample_block;
typedef struct {
  const char *id, *term, *pictogram, *related, *checked;
  int route, differs;
  const char *title[SAMPLE_LANGS], *label[SAMPLE_LANGS];
  sample_block blocks[SAMPLE_BLOCKS_MAX];
} sample_page;

#define P SITE_PARAGRAPH
#define H SITE_HEADING
#define B SITE_BULLET
#define C SITE_CALLOUT

static const sample_page sample_pages[] = {
  { "aankomst", "IND", "arrival", "status", "2026-11-20", 1, 0,
    { "Aankomst en de IND", "الوصول ودائرة الهجرة", "ورود و اداره مهاجرت", "ምብጻሕን IND" },
    { "Aankomst / IND", "الوصول / IND", "ورود / IND", "ምብጻሕ / IND" },
    { { P, { "Na uw aankomst in Nederland vraagt u asiel aan bij de *IND*. De IND beslist over uw aanvraag.",
             "بعد وصولك إلى هولندا تقدّم طلب اللجوء لدى *IND*. دائرة الهجرة هي التي تقرر في طلبك.",
             "پس از ورود به هلند، درخواست پناهندگی خود را به *IND* می‌دهید. IND درباره درخواست شما تصمیم می‌گیرد.",
             "ናብ ኔዘርላንድ ምስ በጻሕኩም ሕቶ ዑቕባ ናብ *IND* ተቕርቡ። IND ብዛዕባ ሕቶኹም ይውስን።" } },
      { B, { "In die tijd woont u in een azc van COA.",
             "في هذه الفترة تسكن في مركز لطالبي اللجوء (azc) تابع لـ COA.",
             "در این مدت در یک کمپ (azc) متعلق به COA زندگی می‌کنید.",
             "ኣብዚ ግዜ እዚ ኣብ azc ናይ COA ትነብሩ።" } },
      { B, { "Neem uw papieren mee naar elk gesprek.",
             "خذ أوراقك معك إلى كل مقابلة.",
             "مدارک خود را به هر گفت‌وگو ببرید.",
             "ንኹሉ ቃለ-መሕትት ወረቓቕትኹም ሒዝኩም ኪዱ።" } } } },
  { "status", "verblijfsvergunning", "status", "koppeling", "2026-11-20", 2, 0,
    { "Uw verblijfsvergunning", "تصريح الإقامة", "اجازه اقامت", "ፍቓድ መንበሪ" },
    { "Status", "الإقامة", "اقامت", "ስታቱስ" },
    { { P, { "Krijgt u een *verblijfsvergunning*, dan heeft u status. Vanaf dan begint uw weg naar inburgering.",
             "إذا حصلت على تصريح إقامة (*verblijfsvergunning*) يصبح لديك وضع قانوني. من هنا يبدأ طريقك إلى الاندماج.",
             "اگر اجازه اقامت (*verblijfsvergunning*) بگیرید، اقامت دارید. از آن زمان راه شما به سوی ادغام شروع می‌شود.",
             "ፍቓድ መንበሪ (*verblijfsvergunning*) እንተረኺብኩም ስታቱስ ኣለኩም። ካብኡ ጀሚሩ መንገዲ ምውህሃድኩም ይጅምር።" } },
      { B, { "U krijgt een brief van de IND. Bewaar die goed.",
             "ستصلك رسالة من IND. احتفظ بها جيداً.",
             "نامه‌ای از IND دریافت می‌کنید. آن را خوب نگه دارید.",
             "ካብ IND ደብዳቤ ክመጸኩም እዩ። ብጽቡቕ ዓቕብዎ።" } } } },
  { "koppeling", "koppeling", "koppeling", "woning", "2026-11-20", 3, 1,
    { "Koppeling aan een gemeente", "الربط ببلدية", "اتصال به یک شهرداری", "ምትእስሳር ምስ ምምሕዳር ከተማ" },
    { "Gemeente", "البلدية", "شهرداری", "ምምሕዳር ከተማ" },
    { { P, { "Met status wordt u gekoppeld aan een gemeente (*koppeling*). Daar gaat u wonen en inburgeren.",
             "بعد حصولك على الإقامة يتم ربطك ببلدية (*koppeling*). هناك ستسكن وتبدأ الاندماج.",
             "با گرفتن اقامت، شما به یک شهرداری وصل می‌شوید (*koppeling*). آنجا زندگی می‌کنید و ادغام را شروع می‌کنید.",
             "ስታቱስ ምስ ረኸብኩም ምስ ሓደ ምምሕዳር ከተማ ትተኣሳሰሩ (*koppeling*)። ኣብኡ ክትነብሩን ክትውሃሃዱን ኢኹም።" } },
      { B, { "U kunt meestal niet zelf kiezen welke gemeente.",
             "في الغالب لا يمكنك أن تختار البلدية بنفسك.",
             "معمولاً نمی‌توانید خودتان شهرداری را انتخاب کنید.",
             "መብዛሕትኡ ግዜ ባዕልኹም ምምሕዳር ከተማ ክትመርጹ ኣይትኽእሉን።" } } } },
  { "woning", "woning", "house", "brede-intake", "2026-11-20", 4, 1,
    { "Een huis in de gemeente", "بيت في البلدية", "خانه‌ای در شهرداری", "ገዛ ኣብ ምምሕዳር ከተማ" },
    { "Woning", "السكن", "خانه", "ገዛ" },
    { { P, { "De gemeente zoekt een huis voor u (*woning*). Dat kan lang duren.",
             "تبحث البلدية لك عن بيت (*woning*). قد يستغرق ذلك وقتاً طويلاً.",
             "شهرداری برای شما خانه (*woning*) پیدا می‌کند. این ممکن است طول بکشد.",
             "ምምሕዳር ከተማ ገዛ (*woning*) ይደልየልኩም። እዚ ነዊሕ ግዜ ክወስድ ይኽእል።" } },
      { B, { "Tot die tijd blijft u in het azc.",
             "حتى ذلك الحين تبقى في المركز (azc).",
             "تا آن زمان در کمپ (azc) می‌مانید.",
             "ክሳብ ሽዑ ኣብ azc ትጸንሑ።" } } } },
  { "brede-intake", "brede intake", "intake", "pip, leerroute", "2026-11-27", 5, 1,
    { "De brede intake", "المقابلة الشاملة", "مصاحبه جامع", "ሰፊሕ ቃለ-መሕትት" },
    { "Brede intake", "المقابلة الشاملة", "مصاحبه جامع", "ሰፊሕ ቃለ-መሕትት" },
    { { P, { "De *brede intake* is een gesprek met de gemeente. U praat over uw leven, uw werk, uw opleiding en uw plannen.",
             "*brede intake* هي مقابلة مع البلدية. تتحدث فيها عن حياتك وعملك ودراستك وخططك.",
             "*brede intake* یک گفت‌وگو با شهرداری است. درباره زندگی، کار، تحصیل و برنامه‌هایتان صحبت می‌کنید.",
             "*brede intake* ምስ ምምሕዳር ከተማ ዝግበር ዝርርብ እዩ። ብዛዕባ ህይወትኩም፣ ስራሕኩም፣ ትምህርትኹምን መደባትኩምን ትዛረቡ።" } },
      { H, { "Waarom dit gesprek?", "لماذا هذه المقابلة؟", "چرا این گفت‌وگو؟", "ስለምንታይ እዚ ዝርርብ?" } },
      { P, { "Met wat u vertelt maakt de gemeente samen met u een plan: het *PIP*. Daarin staat welke *leerroute* u volgt.",
             "بناءً على ما تقوله تضع البلدية معك خطة اسمها *PIP*. تُذكر فيها *leerroute* (مسار التعلم) الذي ستتبعه.",
             "با آنچه می‌گویید، شهرداری همراه شما یک برنامه می‌نویسد: *PIP*. در آن آمده است که کدام *leerroute* (مسیر یادگیری) را دنبال می‌کنید.",
             "ብዝነገርኩምዎ መሰረት ምምሕዳር ከተማ ምሳኹም ሓደ መደብ ይሰርሕ፡ *PIP*። ኣብኡ እንታይ *leerroute* ከም እትስዕቡ ይጸሓፍ።" } },
      { H, { "Neem mee", "ماذا تأخذ معك", "همراه خود بیاورید", "ሒዝኩም ምጹ" } },
      { B, { "Uw diploma's en getuigschriften, ook uit uw eigen land.",
             "شهاداتك ووثائقك الدراسية، حتى من بلدك الأصلي.",
             "مدرک‌ها و گواهی‌های تحصیلی، حتی از کشور خودتان.",
             "ዲፕሎማታትኩምን ምስክር ወረቐትኩምን፣ ካብ ዓድኹም እውን።" } },
      { B, { "Papieren over werk dat u gedaan heeft.",
             "أوراق عن العمل الذي قمت به.",
             "مدارکی درباره کارهایی که انجام داده‌اید.",
             "ብዛዕባ ዝሰራሕኩምዎ ስራሕ ዘርኢ ወረቓቕቲ።" } },
      { B, { "Een lijst met vragen die u wilt stellen.",
             "قائمة بالأسئلة التي تريد أن تطرحها.",
             "فهرستی از پرسش‌هایی که می‌خواهید بپرسید.",
             "ክትሓትዎም እትደልዩ ሕቶታት ዝርዝር።" } },
      { H, { "Tijdens het gesprek", "أثناء المقابلة", "در طول گفت‌وگو", "ኣብ እዋን ዝርርብ" } },
      { P, { "U doet ook een *leerbaarheidstoets*. Die toets laat zien hoe u het beste leert. De uitslag bepaalt niet alles.",
             "ستقوم أيضاً باختبار *leerbaarheidstoets*. يبيّن هذا الاختبار الطريقة الأفضل لتعلمك. النتيجة لا تقرر كل شيء.",
             "یک آزمون *leerbaarheidstoets* هم می‌دهید. این آزمون نشان می‌دهد چگونه بهتر یاد می‌گیرید. نتیجه آن همه چیز را تعیین نمی‌کند.",
             "*leerbaarheidstoets* ዝበሃል ፈተና እውን ትወስዱ። እዚ ፈተና ብኸመይ ብዝበለጸ ከም እትመሃሩ የርኢ። ውጽኢቱ ኩሉ ኣይውስንን።" } },
      { P, { "U mag om een **tolk** vragen. Zeg het als u iets niet begrijpt.",
             "يحق لك أن تطلب **مترجماً**. قل ذلك إذا لم تفهم شيئاً.",
             "می‌توانید **مترجم** بخواهید. اگر چیزی را نفهمیدید، بگویید.",
             "**ተርጓሚ** ክትሓቱ መሰልኩም እዩ። ዘይተረድኣኩም እንተሎ ንገሩ።" } },
      { C, { "Vertel ook wat u later wilt doen, bijvoorbeeld werk of studie. Dan past het plan beter bij u.",
             "تحدث أيضاً عما تريد أن تفعله لاحقاً، مثل العمل أو الدراسة. هكذا تناسبك الخطة أكثر.",
             "بگویید بعداً چه می‌خواهید بکنید، مثلاً کار یا تحصیل. آن وقت برنامه بهتر با شما جور می‌شود.",
             "ብድሕሪኡ እንታይ ክትገብሩ ከም እትደልዩ እውን ንገሩ፣ ንኣብነት ስራሕ ወይ ትምህርቲ። ሽዑ እቲ መደብ ዝያዳ ይሰማማዕ።" } },
      { H, { "Na het gesprek", "بعد المقابلة", "پس از گفت‌وگو", "ድሕሪ ዝርርብ" } },
      { P, { "U krijgt later uw PIP. Lees het goed. Bent u het er niet mee eens? Vraag dan uw klantmanager wat u kunt doen.",
             "ستحصل لاحقاً على خطة PIP الخاصة بك. اقرأها جيداً. إذا لم توافق عليها، اسأل مسؤول ملفك (klantmanager) عما يمكنك فعله.",
             "بعداً PIP خود را دریافت می‌کنید. آن را با دقت بخوانید. اگر با آن موافق نیستید، از klantmanager خود بپرسید چه کاری می‌توانید بکنید.",
             "ድሒርኩም PIP ክትቕበሉ ኢኹም። ብጽቡቕ ኣንብብዎ። እንተዘይተሰማሚዕኩም ንklantmanager እንታይ ክትገብሩ ከም እትኽእሉ ሕተቱ።" } } } },
  { "pip", "PIP", "pip", "brede-intake, leerroute", "2026-11-27", 6, 1,
    { "Het PIP: uw plan", "خطة PIP", "PIP: برنامه شما", "PIP: መደብኩም" },
    { "PIP", "PIP", "PIP", "PIP" },
    { { P, { "In het *PIP* (Plan Inburgering en Participatie) staat wat u gaat doen: uw leerroute, MAP, PVT en KNM.",
             "في *PIP* (خطة الاندماج والمشاركة) مكتوب ما ستفعله: مسار التعلم و MAP و PVT و KNM.",
             "در *PIP* (برنامه ادغام و مشارکت) نوشته شده که چه کار می‌کنید: مسیر یادگیری، MAP، PVT و KNM.",
             "ኣብ *PIP* (መደብ ምውህሃድን ተሳትፎን) እንታይ ከም እትገብሩ ተጻሒፉ ኣሎ፡ leerroute፣ MAP፣ PVT ከምኡውን KNM።" } },
      { B, { "De gemeente maakt het PIP samen met u.",
             "تضع البلدية خطة PIP بالتعاون معك.",
             "شهرداری PIP را همراه با شما می‌نویسد.",
             "ምምሕዳር ከተማ ነቲ PIP ምሳኹም ብሓባር ይሰርሖ።" } } } },
  { "leerroute", "leerroute", "leerroute", "pip", "2026-11-27", 7, 1,
    { "Uw leerroute", "مسار التعلم", "مسیر یادگیری شما", "መስመር ትምህርትኹም" },
    { "Leerroute", "مسار التعلم", "مسیر یادگیری", "መስመር ትምህርቲ" },
    { { P, { "Er zijn drie *leerroutes*: de B1-route, de onderwijsroute en de Z-route.",
             "هناك ثلاثة مسارات للتعلم (*leerroutes*): مسار B1، ومسار التعليم (onderwijsroute)، ومسار Z.",
             "سه مسیر یادگیری (*leerroutes*) وجود دارد: مسیر B1، مسیر آموزشی (onderwijsroute) و مسیر Z.",
             "ሰለስተ መስመራት ትምህርቲ (*leerroutes*) ኣለዋ፡ B1-route፣ onderwijsroute ከምኡውን Z-route።" } },
      { B, { "Welke route u volgt staat in uw PIP.",
             "المسار الذي ستتبعه مكتوب في خطة PIP.",
             "اینکه کدام مسیر را دنبال می‌کنید در PIP شما نوشته شده است.",
             "ኣየናይ መስመር ከም እትስዕቡ ኣብ PIP ተጻሒፉ ኣሎ።" } } } },
  { "map", "MAP", "map", "pip", "2026-11-27", 7, 0,
    { "MAP: werk en meedoen", "MAP: العمل والمشاركة", "MAP: کار و مشارکت", "MAP: ስራሕን ተሳትፎን" },
    { "MAP", "MAP", "MAP", "MAP" },
    { { P, { "In de *MAP* (Module Arbeidsmarkt en Participatie) leert u hoe werk zoeken in Nederland gaat.",
             "في *MAP* (وحدة سوق العمل والمشاركة) تتعلم كيف تبحث عن عمل في هولندا.",
             "در *MAP* (بخش بازار کار و مشارکت) یاد می‌گیرید که در هلند چگونه کار پیدا کنید.",
             "ኣብ *MAP* ኣብ ኔዘርላንድ ስራሕ ብኸመይ ከም ዝድለ ትመሃሩ።" } } } },
  { "pvt", "PVT", "pvt", "pip", "2026-11-27", 7, 0,
    { "PVT: de participatieverklaring", "PVT: بيان المشاركة", "PVT: بیانیه مشارکت", "PVT: መግለጺ ተሳትፎ" },
    { "PVT", "PVT", "PVT", "PVT" },
    { { P, { "In het *PVT* leert u over vrijheid, gelijkheid en solidariteit in Nederland. Aan het eind tekent u een verklaring.",
             "في *PVT* تتعلم عن الحرية والمساواة والتضامن في هولندا. في النهاية توقّع على بيان.",
             "در *PVT* درباره آزادی، برابری و همبستگی در هلند یاد می‌گیرید. در پایان یک بیانیه را امضا می‌کنید.",
             "ኣብ *PVT* ብዛዕባ ናጽነት፣ ማዕርነትን ምትሕግጋዝን ኣብ ኔዘርላንድ ትመሃሩ። ኣብ መወዳእታ ኣብ መግለጺ ትፍርሙ።" } } } },
  { "knm", "KNM", "knm", "pip", "2026-11-27", 7, 0,
    { "KNM: kennis van Nederland", "KNM: معرفة المجتمع الهولندي", "KNM: شناخت جامعه هلند", "KNM: ፍልጠት ሕብረተሰብ ኔዘርላንድ" },
    { "KNM", "KNM", "KNM", "KNM" },
    { { P, { "Bij *KNM* (Kennis van de Nederlandse Maatschappij) leert u hoe Nederland werkt: zorg, school, wonen en geld.",
             "في *KNM* تتعلم كيف تسير الأمور في هولندا: الرعاية الصحية والمدرسة والسكن والمال.",
             "در *KNM* یاد می‌گیرید هلند چگونه کار می‌کند: بهداشت، مدرسه، مسکن و پول.",
             "ኣብ *KNM* ኔዘርላንድ ብኸመይ ከም እትሰርሕ ትመሃሩ፡ ክንክን ጥዕና፣ ቤት ትምህርቲ፣ መንበሪን ገንዘብን።" } } } },
  { "examens", "inburgeringsexamen", "exam", "leerroute", "2026-11-27", 8, 0,
    { "Examens en het einde", "الامتحانات والنهاية", "امتحان‌ها و پایان", "ፈተናታትን መወዳእታን" },
    { "Examens", "الامتحانات", "امتحان‌ها", "ፈተናታት" },
    { { P, { "Aan het eind doet u *examens*. U heeft meestal drie jaar om in te burgeren.",
             "في النهاية تقدّم امتحانات (*examens*). عادةً لديك ثلاث سنوات لإتمام الاندماج.",
             "در پایان امتحان (*examens*) می‌دهید. معمولاً سه سال برای ادغام وقت دارید.",
             "ኣብ መወዳእታ ፈተናታት (*examens*) ትወስዱ። መብዛሕትኡ ግዜ ንምውህሃድ ሰለስተ ዓመት ኣለኩም።" } },
      { C, { "Vraag uw klantmanager wanneer uw termijn begint.",
             "اسأل مسؤول ملفك (klantmanager) متى تبدأ مدتك.",
             "از klantmanager خود بپرسید مهلت شما از کی شروع می‌شود.",
             "እቲ ግዜኹም መዓስ ከም ዝጅምር ንklantmanager ሕተቱ።" } } } },
};

static const struct { const char *related; const char *question[SAMPLE_LANGS], *answer[SAMPLE_LANGS]; }
sample_faq[] = {
  { "woning",
    { "Hoe lang moet ik wachten op een huis?", "كم يجب أن أنتظر للحصول على بيت؟",
      "چقدر باید برای خانه صبر کنم؟", "ንገዛ ክንደይ ክጽበ ኣለኒ?" },
    { "Dat weet niemand precies. Het verschilt per gemeente. Vraag het aan COA of uw klantmanager.",
      "لا أحد يعرف ذلك بالضبط. يختلف ذلك من بلدية إلى أخرى. اسأل COA أو مسؤول ملفك (klantmanager).",
      "هیچ‌کس دقیق نمی‌داند. در هر شهرداری فرق می‌کند. از COA یا klantmanager خود بپرسید.",
      "ብልክዕ ዝፈልጥ የለን። ካብ ምምሕዳር ናብ ምምሕዳር ይፈላለ። ንCOA ወይ ንklantmanager ሕተቱ።" } },
  { "brede-intake",
    { "Kan ik een tolk krijgen bij de brede intake?", "هل يمكنني الحصول على مترجم في المقابلة الشاملة؟",
      "آیا در مصاحبه جامع می‌توانم مترجم داشته باشم؟", "ኣብ brede intake ተርጓሚ ክረክብ ይኽእል ዶ?" },
    { "Ja, u mag om een tolk vragen. Zeg het vooraf tegen de gemeente.",
      "نعم، يحق لك طلب مترجم. أخبر البلدية بذلك مسبقاً.",
      "بله، می‌توانید مترجم بخواهید. از قبل به شهرداری بگویید.",
      "እወ፣ ተርጓሚ ክትሓቱ ትኽእሉ ኢኹም። ኣቐዲምኩም ንምምሕዳር ከተማ ንገሩ።" } },
  { "pip",
    { "Wat zijn MAP, PVT en KNM?", "ما هي MAP و PVT و KNM؟", "MAP، PVT و KNM چه هستند؟",
      "MAP፣ PVT ከምኡውን KNM እንታይ እዮም?" },
    { "Dat zijn drie onderdelen van de inburgering naast de taal. Ze staan in uw PIP.",
      "هي ثلاثة أجزاء من الاندماج إلى جانب اللغة. وهي مذكورة في خطة PIP الخاصة بك.",
      "این‌ها سه بخش از ادغام در کنار زبان هستند. در PIP شما آمده‌اند.",
      "ብዘይካ ቋንቋ ሰለስተ ክፋላት ምውህሃድ እዮም። ኣብ PIP ተጻሒፎም ኣለዉ።" } },
};

static const struct { const char *id, *phone; int local; const char *name[SAMPLE_LANGS], *how[SAMPLE_LANGS]; }
sample_contacts[] = {
  { "coa", NULL, 1,
    { "COA-balie", "مكتب COA", "باجه COA", "ቤት ጽሕፈት COA" },
    { "Op werkdagen in het azc, bij de receptie.", "في أيام العمل في المركز، عند الاستقبال.",
      "در روزهای کاری در کمپ، در پذیرش.", "ኣብ መዓልታት ስራሕ ኣብ azc፣ ኣብ መቐበሊ።" } },
  { "klantmanager", NULL, 1,
    { "Uw klantmanager", "مسؤول ملفك (klantmanager)", "klantmanager شما", "klantmanager ናትኩም" },
    { "Van de gemeente. Het nummer staat in de brief van de gemeente.", "من البلدية. الرقم مكتوب في رسالة البلدية.",
      "از طرف شهرداری. شماره در نامه شهرداری آمده است.", "ካብ ምምሕዳር ከተማ። እቲ ቁጽሪ ኣብ ደብዳቤ ምምሕዳር ከተማ ተጻሒፉ ኣሎ።" } },
  { "113", "0800-0113", 0,
    { "113 Zelfmoordpreventie", "113 للوقاية من الانتحار", "۱۱۳ پیشگیری از خودکشی", "113 ምክልኻል ምቕታል ርእሲ" },
    { "Praat anoniem met iemand als u aan zelfdoding denkt. Dag en nacht.",
      "تحدّث مع شخص دون ذكر اسمك إذا كنت تفكر في الانتحار. ليلاً ونهاراً.",
      "اگر به خودکشی فکر می‌کنید، ناشناس با کسی صحبت کنید. شبانه‌روزی.",
      "ብዛዕባ ምቕታል ርእስኹም እንተሓሲብኩም ስምኩም ከይገለጽኩም ምስ ሰብ ተዛረቡ። ለይትን መዓልትን።" } },
  { "112", "112", 0,
    { "Noodnummer 112", "رقم الطوارئ 112", "شماره اضطراری ۱۱۲", "ቁጽሪ ህጹጽ 112" },
    { "Bij gevaar, brand of een ongeluk.", "عند الخطر أو الحريق أو الحادث.",
      "در خطر، آتش‌سوزی یا تصادف.", "ኣብ ሓደጋ፣ ሓዊ ወይ ሓደጋ መኪና።" } },
};

static const struct { const char *key; const char *text[SAMPLE_LANGS]; } sample_ui[] = {
  { "home", { "Start", "البداية", "شروع", "መጀመርታ" } },
  { "back", { "Terug", "رجوع", "بازگشت", "ተመለስ" } },
  { "language", { "Taal", "اللغة", "زبان", "ቋንቋ" } },
  { "choose_language", { "Kies je taal", "اختر لغتك", "زبان خود را انتخاب کنید", "ቋንቋኹም ምረጹ" } },
  { "listen", { "Voorlezen", "استمع", "گوش دادن", "ስምዑ" } },
  { "questions", { "Vragen", "أسئلة", "پرسش‌ها", "ሕቶታት" } },
  { "faq_title", { "Vaak gestelde vragen", "أسئلة شائعة", "پرسش‌های رایج", "ብተደጋጋሚ ዝሕተቱ ሕቶታት" } },
  { "help", { "Hulp", "مساعدة", "کمک", "ሓገዝ" } },
  { "help_title", { "Hier kun je hulp vragen", "هنا يمكنك طلب المساعدة", "اینجا می‌توانید کمک بخواهید",
                    "ኣብዚ ሓገዝ ክትሓቱ ትኽእሉ" } },
  { "route_title", { "Jouw route", "طريقك", "مسیر شما", "መንገድኹም" } },
  { "route_intro", { "Tik op een stap. Dan lees je wat er gebeurt.", "اضغط على خطوة لتقرأ ما يحدث فيها.",
                     "روی یک مرحله بزنید تا بخوانید چه اتفاقی می‌افتد.",
                     "ኣብ ሓደ ስጉምቲ ጠውቑ። ሽዑ እንታይ ከም ዝኸውን ተንብቡ።" } },
  { "dutch_too", { "Ook in het Nederlands", "بالهولندية أيضاً", "به هلندی هم", "ብሆላንድኛ እውን" } },
  { "dutch_word", { "Nederlands woord", "كلمة هولندية", "واژه هلندی", "ቃል ሆላንድኛ" } },
  { "large_text", { "Grote letters", "خط كبير", "حروف بزرگ", "ዓበይቲ ፊደላት" } },
  { "contrast", { "Meer contrast", "تباين أعلى", "کنتراست بیشتر", "ዝያዳ ፍልልይ ሕብሪ" } },
  { "related", { "Lees ook", "اقرأ أيضاً", "این را هم بخوانید", "እዚ እውን ኣንብቡ" } },
  { "differs_per_gemeente",
    { "Dit is niet in elke gemeente hetzelfde. Vraag het aan je klantmanager.",
      "هذا ليس نفسه في كل بلدية. اسأل مسؤول ملفك (klantmanager).",
      "این در هر شهرداری یکسان نیست. از klantmanager خود بپرسید.",
      "እዚ ኣብ ኩሉ ምምሕዳር ከተማ ሓደ ኣይኮነን። ንklantmanager ሕተቱ።" } },
  { "last_checked", { "Laatst gecontroleerd", "آخر مراجعة", "آخرین بررسی", "ናይ መወዳእታ ምርመራ" } },
  { "idle_title", { "Ben je er nog?", "هل ما زلت هنا؟", "هنوز اینجا هستید؟", "ገና ኣለኹም ዶ?" } },
  { "idle_body", { "Tik op het scherm om verder te gaan. Anders begint het scherm opnieuw.",
                   "اضغط على الشاشة للمتابعة، وإلا ستبدأ الشاشة من جديد.",
                   "برای ادامه روی صفحه بزنید. وگرنه صفحه از نو شروع می‌شود.",
                   "ንምቕጻል ነቲ መርኣዪ ጠውቑ። እንተዘይኮይኑ መርኣዪ ካብ መጀመርታ ይጅምር።" } },
  { "continue", { "Verder", "متابعة", "ادامه", "ቀጽል" } },
  { "checkin_entry", { "Hoe gaat het met je? 30 seconden, anoniem", "كيف حالك؟ ٣٠ ثانية، دون ذكر الاسم",
                       "حالتان چطور است؟ ۳۰ ثانیه، ناشناس", "ከመይ ኣለኹም? 30 ካልኢት፣ ስም ከይጠቐስኩም" } },
  { "phone", { "Telefoon", "هاتف", "تلفن", "ተሌፎን" } },
  { "not_reviewed", { "Deze vertaling is nog niet door een mens gecontroleerd.",
                      "لم يراجع إنسان هذه الترجمة بعد.", "این ترجمه هنوز توسط انسان بررسی نشده است.",
                      "እዚ ትርጉም ገና ብሰብ ኣይተመርመረን።" } },
};

/* Removes **bold** and *term* markers from src into a new string and records spans. */
static char *sample_markup(const char *src, text_span **spans, int *span_count) {
  size_t n = strlen(src);
  char *out = util_malloc(n + 1);
  text_span *list = util_calloc(n / 2 + 1, sizeof *list);
  int count = 0, open_style = 0, open_at = 0;
  size_t o = 0;
  for (size_t i = 0; i < n; ) {
    if (src[i] == '*') {
      int style = (i + 1 < n && src[i + 1] == '*') ? TEXT_STYLE_BOLD : TEXT_STYLE_TERM;
      i += style == TEXT_STYLE_BOLD ? 2 : 1;
      if (open_style == style) {
        if ((int)o > open_at) list[count++] = (text_span){ open_at, (int)o, style };
        open_style = 0;
      } else if (!open_style) {
        open_style = style; open_at = (int)o;
      }
      continue;
    }
    out[o++] = src[i++];
  }
  out[o] = 0;
  if (count == 0) { free(list); list = NULL; }
  *spans = list; *span_count = count;
  return out;
}

static int sample_lang_index(const char *lang) {
  for (int i = 0; i < SAMPLE_LANGS; i++)
    if (!strcmp(sample_languages[i].code, lang)) return i;
  return -1;
}

static void sample_copy(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  expect(n < cap);
  memcpy(dst, src, n + 1);
}

site *sample_site_load(const char *lang, char *err, size_t errlen) {
  int li = lang ? sample_lang_index(lang) : -1;
  if (li < 0) { util_error(err, errlen, "the built-in sample has no language '%s'", lang ? lang : "(none)"); return NULL; }
  site *s = util_calloc(1, sizeof *s);
  s->language_count = SAMPLE_LANGS;
  s->languages = util_calloc(SAMPLE_LANGS, sizeof *s->languages);
  for (int i = 0; i < SAMPLE_LANGS; i++) {
    site_language *l = &s->languages[i];
    sample_copy(l->code, sizeof l->code, sample_languages[i].code);
    sample_copy(l->name, sizeof l->name, sample_languages[i].name);
    l->rtl = sample_languages[i].rtl;
    l->reviewed = i == NL;
  }
  s->lang = s->languages[li];

  s->page_count = (int)UTIL_COUNT(sample_pages);
  s->pages = util_calloc((size_t)s->page_count, sizeof *s->pages);
  for (int p = 0; p < s->page_count; p++) {
    const sample_page *src = &sample_pages[p];
    site_page *pg = &s->pages[p];
    sample_copy(pg->id, sizeof pg->id, src->id);
    sample_copy(pg->pictogram, sizeof pg->pictogram, src->pictogram);
    sample_copy(pg->checked, sizeof pg->checked, src->checked);
    pg->title = util_strdup(src->title[li]);
    pg->title_nl = util_strdup(src->title[NL]);
    pg->term_nl = util_strdup(src->term);
    pg->route_label = util_strdup(src->label[li]);
    pg->route_order = src->route;
    pg->differs_per_gemeente = src->differs;
    /* related: "a, b" → array */
    char buf[256];
    sample_copy(buf, sizeof buf, src->related);
    pg->related = util_calloc(8, sizeof *pg->related);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ", ", &save); tok && pg->related_count < 8; tok = strtok_r(NULL, ", ", &save))
      pg->related[pg->related_count++] = util_strdup(tok);
    int nb = 0;
    while (nb < SAMPLE_BLOCKS_MAX && src->blocks[nb].text[NL]) nb++;
    pg->block_count = nb;
    pg->blocks = util_calloc((size_t)nb, sizeof *pg->blocks);
    for (int b = 0; b < nb; b++) {
      site_block *blk = &pg->blocks[b];
      blk->kind = src->blocks[b].kind;
      blk->text = sample_markup(src->blocks[b].text[li], &blk->spans, &blk->span_count);
      blk->text_nl = sample_markup(src->blocks[b].text[NL], &blk->spans_nl, &blk->span_count_nl);
    }
  }

  s->faq_count = (int)UTIL_COUNT(sample_faq);
  s->faq = util_calloc((size_t)s->faq_count, sizeof *s->faq);
  for (int i = 0; i < s->faq_count; i++) {
    s->faq[i].question = util_strdup(sample_faq[i].question[li]);
    s->faq[i].answer = util_strdup(sample_faq[i].answer[li]);
    s->faq[i].question_nl = util_strdup(sample_faq[i].question[NL]);
    s->faq[i].answer_nl = util_strdup(sample_faq[i].answer[NL]);
    sample_copy(s->faq[i].related, sizeof s->faq[i].related, sample_faq[i].related);
    s->faq[i].number = i + 1; s->faq[i].paragraphs = 1;   /* keys as a pack would have them (no clips here) */
  }

  s->contact_count = (int)UTIL_COUNT(sample_contacts);
  s->contacts = util_calloc((size_t)s->contact_count, sizeof *s->contacts);
  for (int i = 0; i < s->contact_count; i++) {
    site_contact *c = &s->contacts[i];
    sample_copy(c->id, sizeof c->id, sample_contacts[i].id);
    c->name = util_strdup(sample_contacts[i].name[li]);
    c->how = util_strdup(sample_contacts[i].how[li]);
    c->phone = sample_contacts[i].phone ? util_strdup(sample_contacts[i].phone) : NULL;
    c->local_override = sample_contacts[i].local;
  }

  s->ui_count = (int)UTIL_COUNT(sample_ui);
  s->ui_keys = util_calloc((size_t)s->ui_count, sizeof *s->ui_keys);
  s->ui_values = util_calloc((size_t)s->ui_count, sizeof *s->ui_values);
  for (int i = 0; i < s->ui_count; i++) {
    s->ui_keys[i] = util_strdup(sample_ui[i].key);
    s->ui_values[i] = util_strdup(sample_ui[i].text[li]);
  }
  snprintf(s->pack_name, sizeof s->pack_name, "built-in-sample");
  return s;
}
