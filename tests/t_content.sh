#!/bin/sh
# t_content.sh — checks the Dutch source content (content/) against the content brief:
# page count and ids, the route order 1..11, length limits that keep headings on an
# 800x480 screen, links, "je" not "u", verify markers with a referral, FAQ, glossary,
# help contacts, UI strings, languages and pack.meta. Then it breaks copies of the tree
# on purpose and expects each break to be caught, so the checker itself is tested.
# When $BUILD/wegwijs-pack exists it also runs `wegwijs-pack check` on the real tree,
# and on broken copies: verify to-do list, invisible marks in translations, navigator.
set -u
. tests/lib.sh
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp_dir
TMP=$T

# check_tree DIR: prints one "ERROR ..." line per problem; exit status 0 = clean.
check_tree() {
  perl -CSDA -Mutf8 -e '
use strict; use warnings;
my $dir = shift; my @err;
sub err { push @err, "ERROR @_" }
sub slurp { my $f = shift; open my $h, "<:encoding(UTF-8)", $f or return undef; local $/; my $s = <$h>; close $h; $s }
sub visible { my $s = shift; $s =~ s/<!--.*?-->//gs; $s }

# --- pages ---
my (%page, %route, @pages);
opendir my $dh, "$dir/pages" or do { err "no pages/ folder"; print "$_\n" for @err; exit 1 };
my @files = sort grep { /\.md$/ } readdir $dh;
err "only ".scalar(@files)." pages, need at least 20" if @files < 20;
for my $f (@files) {
  my $s = slurp("$dir/pages/$f");
  my ($fm, $body) = $s =~ /\A---\n(.*?)\n---\n(.*)\z/s or do { err "$f: no front matter"; next };
  my %m = map { /^([a-z_]+):\s*(.*?)\s*$/ ? ($1, $2) : () } split /\n/, $fm;
  my $id = $m{id} // "";
  err "$f: file name must be NN-$id.md" unless $f =~ /^\d\d-\Q$id\E\.md$/;
  err "$f: bad id \"$id\"" unless $id =~ /^[a-z0-9-]+$/;
  err "$f: duplicate id $id" if $page{$id};
  $page{$id} = { %m, file => $f, body => $body };
  for my $k (qw(title term pictogram checked sources)) { err "$f: missing $k" unless length($m{$k} // "") }
  err "$f: title longer than 40 characters" if length($m{title} // "") > 40;
  err "$f: checked is not YYYY-MM-DD" unless ($m{checked} // "") =~ /^\d{4}-\d\d-\d\d$/;
  err "$f: sources must cite report lines" unless ($m{sources} // "") =~ /report L\d+/;
  if (defined $m{route}) {
    err "$f: route is not a number" unless $m{route} =~ /^\d+$/;
    err "$f: route $m{route} used twice" if $route{$m{route}};
    $route{$m{route}} = $id;
    err "$f: route_label missing or longer than 18" unless length($m{route_label} // "") && length($m{route_label}) <= 18;
  } elsif (defined $m{route_label}) { err "$f: route_label without route" }
  my $vis = visible($body);
  for (split /\n/, $vis) {
    err "$f: heading longer than 35 characters: $_" if /^#+\s+(.*)$/ && length($1) > 35;
    err "$f: formal \"u\": $_" if /(?<![\w-])(?:u|uw|U|Uw)(?![\w-])/;
  }
  err "$f: unbalanced ** or *" if ($vis =~ tr/*//) % 2;
  my @ln = ($s =~ /L(\d{2,5})/g);
  for (@ln) { err "$f: cites L$_, past the end of the report (6407 lines)" if $_ > 6407 }
  if ($body =~ /verify:/) {
    err "$f: has verify items but never sends the reader to COA or the klantmanager"
      unless $vis =~ /Vraag[^\n]*(COA|klantmanager|gemeente|VluchtelingenWerk)/;
  }
  if (($m{differs_per_gemeente} // "") eq "yes") {
    err "$f: differs_per_gemeente but no visible callout saying so"
      unless $vis =~ /^>.*(verschil|niet overal|elke gemeente|per gemeente)/mi;
  }
}
my @want = qw(aankomst status koppeling woning brede-intake pip leerroutes map pvt knm examens);
for my $i (1 .. @want) {
  my $got = $route{$i} // "(none)";
  err "route $i must be $want[$i-1], is $got" unless $got eq $want[$i-1];
}
err "route numbers beyond 11: ".join(",", grep { $_ > 11 } keys %route) if grep { $_ > 11 } keys %route;
for my $id (sort keys %page) {
  for my $r (split /\s*,\s*/, $page{$id}{related} // "") {
    err "$page{$id}{file}: related page \"$r\" does not exist" unless $page{$r};
  }
}

# --- FAQ ---
my $faq = slurp("$dir/faq.md") // ""; my $nq = 0;
for my $blk (split /^## /m, visible($faq)) {
  next unless $blk =~ /\S/ && $nq++ >= 0;
  my ($q, $rest) = split /\n/, $blk, 2; $rest //= "";
  if ($rest =~ /^related:\s*(\S+)/m) { err "faq \"$q\": related page $1 does not exist" unless $page{$1} }
  (my $ans = $rest) =~ s/^related:.*$//m;
  err "faq \"$q\": no answer" unless $ans =~ /\w/;
  err "faq: question longer than 80 characters: $q" if length($q) > 80;
}
$nq-- if $faq !~ /\A\s*(<!--.*?-->\s*)?## /s;   # text before the first question is not one
err "faq has $nq questions, need at least 25" if $nq < 25;

# --- glossary ---
my $glo = visible(slurp("$dir/glossary.md") // ""); my @terms = ($glo =~ /^## (.+)$/mg);
err "glossary has ".scalar(@terms)." terms, need at least 20" if @terms < 20;
for my $blk ((split /^## /m, $glo)[1 .. $#terms + 1]) {
  my ($t, $rest) = split /\n/, $blk, 2; my @par = grep { /\S/ } split /\n\s*\n/, $rest // "";
  err "glossary \"$t\": needs exactly one explanation paragraph, has ".scalar(@par) if @par != 1;
}

# --- help contacts ---
my $help = slurp("$dir/help.md") // ""; $help =~ s/\A\s*<!--.*?-->\s*//s; my %contact;
while ($help =~ /^---\n(.*?)\n---\n(.*?)(?=^---\n|\z)/msg) {
  my ($fm, $how) = ($1, $2);
  my %m = map { /^([a-z_]+):\s*(.*?)\s*$/ ? ($1, $2) : () } split /\n/, $fm;
  my $id = $m{id} // "?";
  err "help: duplicate contact $id" if $contact{$id}++;
  err "help $id: bad id" unless $id =~ /^[a-z0-9-]{1,31}$/;
  err "help $id: missing name" unless length($m{name} // "");
  err "help $id: phone must be digits, spaces and -" if defined $m{phone} && $m{phone} !~ /^[0-9][0-9 -]*$/;
  err "help $id: local_override must be yes or no" unless ($m{local_override} // "") =~ /^(yes|no)$/;
  err "help $id: no text on how to use it" unless $how =~ /\w/;
}
for (qw(coa klantmanager huisarts 113 blikopwerk)) { err "help: contact $_ missing" unless $contact{$_} }

# --- UI strings ---
my %ui;
for (split /\n/, slurp("$dir/ui.tsv") // "") {
  my @c = split /\t/, $_, -1;
  err "ui.tsv: not KEY<TAB>TEXT: $_" unless @c == 2 && $c[0] =~ /^[a-z0-9_]+$/ && length $c[1];
  err "ui.tsv: duplicate key $c[0]" if $ui{$c[0]}++;
}
for (qw(home back language listen stop questions help dutch_too large_text contrast continue
        idle_title idle_body differs_per_gemeente last_checked related checkin_entry route_title)) {
  err "ui.tsv: key $_ missing" unless $ui{$_};
}

# --- languages ---
my %rtl = map { $_ => 1 } qw(ar fa prs ps ckb); my %lang;
for (split /\n/, slurp("$dir/languages.tsv") // "") {
  my @c = split /\t/, $_, -1;
  err "languages.tsv: need 5 columns: $_" unless @c == 5;
  next unless @c == 5;
  err "languages.tsv: duplicate $c[0]" if $lang{$c[0]}++;
  err "languages.tsv $c[0]: direction must be ".($rtl{$c[0]} ? "rtl" : "ltr") if $c[2] ne ($rtl{$c[0]} ? "rtl" : "ltr");
  err "languages.tsv $c[0]: fonts must be Noto slot names" unless $c[3] =~ /^NotoSans(Arabic|Ethiopic)?(,NotoSans(Arabic|Ethiopic)?)*$/;
  print "VOICE $c[4]\n" if $c[4] ne "-";
}
for (qw(nl en ar fa prs ps ti am tr ckb kmr so uk)) { err "languages.tsv: $_ missing" unless $lang{$_} }

# --- one form of address everywhere: "je", never the formal "u" ---
for my $f (qw(faq.md glossary.md help.md ui.tsv)) {
  for (split /\n/, visible(slurp("$dir/$f") // "")) {
    err "$f: formal \"u\": $_" if /(?<![\w-])(?:u|uw|U|Uw)(?![\w-])/;
  }
}

# --- pack.meta ---
my %meta = map { /^([a-z-]+):\s*(.*?)\s*$/ ? ($1, $2) : () } split /\n/, slurp("$dir/pack.meta") // "";
err "pack.meta: name must be azc-default" unless ($meta{name} // "") eq "azc-default";
err "pack.meta: version must be a positive number" unless ($meta{version} // "") =~ /^[1-9]\d*$/;
err "pack.meta: valid-until must be YYYY-MM-DD" unless ($meta{"valid-until"} // "") =~ /^\d{4}-\d\d-\d\d$/;
err "pack.meta: min-app-version must be X.Y.Z" unless ($meta{"min-app-version"} // "") =~ /^\d+\.\d+\.\d+$/;

print "$_\n" for @err;
exit(@err ? 1 : 0);
' "$1"
}

# 1. The real tree is clean.
out=$(check_tree "$ROOT/content"); rc=$?
errors=$(echo "$out" | grep '^ERROR' || true)
if [ $rc -eq 0 ] && [ -z "$errors" ]; then ok; else bad "content/ has problems:"; echo "$errors"; fi

# 2. Every espeak-ng voice named in languages.tsv exists (when espeak-ng is installed).
if command -v espeak-ng >/dev/null 2>&1; then
  voices=$(espeak-ng --voices | awk 'NR > 1 { print $2 }')
  for v in $(echo "$out" | sed -n 's/^VOICE //p'); do
    if echo "$voices" | grep -qx "$v"; then ok; else bad "languages.tsv: espeak-ng has no voice $v"; fi
  done
fi

# 3. Route pages use pictograms that exist in assets/ (the designer draws the rest later).
for f in "$ROOT"/content/pages/*.md; do
  grep -q '^route:' "$f" || continue
  p=$(sed -n 's/^pictogram: *//p' "$f")
  if [ -f "$ROOT/assets/pictograms/$p.svg" ]; then ok; else bad "$(basename "$f"): no assets/pictograms/$p.svg"; fi
done

# 4. The checker catches what it claims to catch: each break must produce its error.
expect_caught() {   # NAME PATTERN SED-SCRIPT FILE
  rm -rf "$TMP/c"; cp -r "$ROOT/content" "$TMP/c"
  sed -i "$3" "$TMP/c/$4"
  if check_tree "$TMP/c" | grep -q "$2"; then ok; else bad "checker missed: $1"; fi
}
expect_caught "two pages on route 5"     "route 5 must be"          's/^route: 6$/route: 5/'            pages/13-pip.md
expect_caught "formal u"                 'formal "u"'               's/^De \*brede intake\* is/Heeft u de *brede intake*? Het is/' pages/11-brede-intake.md
expect_caught "unknown related page"     'related page "nergens"'   's/^related: .*/related: nergens/'  pages/13-pip.md
expect_caught "long heading"             "heading longer than 35"   's/^## De leerbaarheidstoets$/## De leerbaarheidstoets en wat de uitslag betekent/' pages/11-brede-intake.md
expect_caught "long route label"         "route_label missing"      's/^route_label: .*/route_label: Aankomst en de IND-gesprekken/' pages/02-aankomst.md
expect_caught "verify without referral"  "never sends the reader"   's/Vraag[^.]*\(COA\|klantmanager\|gemeente\|VluchtelingenWerk\)/Kijk/g' pages/17-onderwijsroute.md
expect_caught "missing differs callout"  "no visible callout"       '/^> /d'                             pages/10-ontzorgen.md
expect_caught "report line out of range" "past the end"             's/L4404-L4408/L94040/'              pages/11-brede-intake.md
expect_caught "glossary two paragraphs"  "exactly one explanation"  's/^Immigratie- en Naturalisatiedienst\. /Immigratie- en Naturalisatiedienst.\n\n/' glossary.md
expect_caught "phone with letters"       "phone must be digits"     's/^phone: 112$/phone: een-een-twee/' help.md
expect_caught "help contact missing"     "contact 113 missing"      's/^id: 113$/id: 0113/'              help.md
expect_caught "faq link to nowhere"      "related page geen-pagina" 's/^related: route$/related: geen-pagina/' faq.md
expect_caught "ui key missing"           "key listen missing"       '/^listen\t/d'                      ui.tsv
expect_caught "formal u in the FAQ"     "faq.md: formal"           "s/^Vraag eerst uitleg aan je klantmanager\\./Vraag eerst uitleg aan uw klantmanager./" faq.md
expect_caught "wrong direction"          "direction must be rtl"    's/^\(fa\t[^\t]*\t\)rtl/\1ltr/'      languages.tsv
expect_caught "bad valid-until"          "valid-until"              's/^valid-until: .*/valid-until: next year/' pack.meta

# 5. The pack engineer's checker agrees, once it is built.
if [ -x "$BUILD/wegwijs-pack" ]; then
  if "$BUILD/wegwijs-pack" check "$ROOT/content" >"$TMP/pack-check.log" 2>&1; then ok
  else bad "wegwijs-pack check content/ failed:"; tail -n 20 "$TMP/pack-check.log"; fi
else
  echo "note: $BUILD/wegwijs-pack not built; skipping wegwijs-pack check"
fi

# 6. wegwijs-pack check lists the verify markers per page, flags invisible direction and
#    zero-width characters typed into translations (ZWNJ/ZWJ allowed where the
#    orthography uses them), and checks navigator.md's stages and links.
if [ -x "$BUILD/wegwijs-pack" ]; then
  # Breaks of a copy of content/ are made in batches: each break sits in its own file or
  # unit and has its own message, so one check run per batch tells them all apart (the
  # sanitizer pass pays ~25 s per check run). break_in PERL-EXPR FILE; then run_check;
  # then expect_log NAME WANT(0 = must not appear) PATTERN.
  fresh_copy() { rm -rf "$TMP/p"; cp -r "$ROOT/content" "$TMP/p"; }
  break_in() { perl -CSD -Mutf8 -i -pe "$1" "$TMP/p/$2"; }
  run_check() { "$BUILD/wegwijs-pack" check "$TMP/p" >"$TMP/p.log" 2>&1; }
  expect_log() {
    if grep -q -- "$3" "$TMP/p.log"; then found=1; else found=0; fi
    if [ "$found" -eq "$2" ]; then ok; else bad "wegwijs-pack check: $1 (pattern '$3' found=$found)"; fi
  }
  log="$TMP/pack-check.log"
  n=$(grep -c 'note: to verify:.*(verify)$' "$log")
  [ "$n" -ge 50 ] && ok || bad "check lists only $n verify markers"
  grep -q '^pages/25-gezinshereniging.md:[0-9]*: note: to verify: .*nareis' "$log" && ok || bad "the nareis verify marker is not listed with its page and line"
  grep -q 'facts to verify$' "$log" && ok || bad "the summary does not count the facts to verify"
  grep -q '(invisible)' "$log" && bad "the real translations contain invisible direction marks" || ok
  fresh_copy
  break_in 's/^(msgstr "\*\*PIP\*\*: )/$1\x{200E}/' po/ar.po
  break_in 's/^(msgstr "\*\*PIP\*\*: )/$1\x{202E}/' po/fa.po
  break_in 's/^(msgstr "[^"])/$1\x{200B}/' po/uk.po
  break_in 's/\(→ tolk\)/(→ nergens)/' navigator.md
  run_check
  expect_log "LRM in Arabic"       1 '\[ar\] error: invisible LRM'
  expect_log "RLO in Farsi"        1 '\[fa\] error: invisible RLO'
  expect_log "ZWSP in Ukrainian"   1 '\[uk\] error: invisible ZWSP'
  expect_log "navigator link"      1 "navigator item links to unknown 'nergens'"
  fresh_copy
  break_in 's/^(msgstr "\*\*PIP\*\*: )/$1\x{200C}/' po/ar.po
  break_in 's/^(msgstr "\*\*PIP\*\*: )/$1\x{200C}/' po/fa.po
  break_in 's/^## ask pip$/## ask woonwijk/' navigator.md
  break_in 's/help:coa/help:geen/' navigator.md
  run_check
  expect_log "ZWNJ in Arabic"      1 '\[ar\] error: invisible ZWNJ'
  expect_log "ZWNJ in Farsi is ok" 0 '\[fa\] error: invisible'
  expect_log "navigator stage"     1 "navigator stage 'woonwijk'"
  expect_log "navigator help link" 1 "unknown 'help:geen'"
  # the question tree: each refusal names navigator.md and the line (breaks of the same
  # answer line go in separate batches)
  fresh_copy
  break_in 's/here pip, next leerroutes/here nergens, next leerroutes/' navigator.md
  break_in 's/^(- yes \| next-yes \| Ja \()→ intake\)/$1→ nergens)/' navigator.md
  break_in 's/^- (no|dontknow) \| .*→ here status, next koppeling\)\n//' navigator.md
  break_in 's/^text: Heb je je plan.*\n//' navigator.md
  break_in 's/here aankomst, next status/here aankomst status/' navigator.md
  run_check
  expect_log "navigator result page" 1 "navigator.md:[0-9]*: error: navigator result 'here nergens'"
  expect_log "navigator unknown question" 1 "navigator.md:[0-9]*: error: navigator answer leads to unknown question 'nergens'"
  expect_log "navigator one answer" 1 "navigator.md:[0-9]*: error: question 'gemeente' needs at least two answers"
  expect_log "navigator no text"   1 "navigator.md:[0-9]*: error: question 'pip' has no 'text:'"
  expect_log "navigator bad target" 1 "navigator.md:[0-9]*: error: a result is"
  fresh_copy
  break_in 's/^(- yes \| next-yes \| Ja \()→ pip\)/$1→ here pip, next leerroutes)/' navigator.md
  run_check
  expect_log "navigator unreachable" 1 "navigator.md:[0-9]*: error: navigator question 'pip' is never asked"
  fresh_copy
  break_in 's/^(- yes \| next-yes \| Ja \()→ pip\)/$1→ status)/' navigator.md
  run_check
  expect_log "navigator loop"      1 "navigator.md:[0-9]*: error: navigator answer 'yes' leads back to question 'status'"
  grep -q "navigator.md:[0-9]*: error" "$log" && bad "the real question tree has errors" || ok
  rm -rf "$TMP/p"; cp -r "$ROOT/content" "$TMP/p"
  "$BUILD/wegwijs-pack" extract "$TMP/p" >/dev/null 2>&1
  n=$(grep -c '^msgctxt "navigator"' "$TMP/p/po/wegwijs.pot")
  [ "$n" -ge 40 ] && ok || bad "extract has only $n navigator units"
fi

finish
