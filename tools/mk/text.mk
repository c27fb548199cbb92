# text.mk — make targets of the text engine (app/text, tools/layout): `make bench`'s
# text throughput and `make text-pngs`.

# make bench: layout throughput of the corpus, Wegwijs against Pango in-process.
TEXT_BENCH := $(BUILD)/bench/text_bench
$(BUILD)/obj/tests/bench/text_bench.o: tests/bench/text_bench.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags pangocairo) -c $< -o $@
$(TEXT_BENCH): $(BUILD)/obj/tests/bench/text_bench.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs pangocairo)
bench-run:: $(TEXT_BENCH) $(FONT_FILES)
	WEGWIJS_FONTS=$(BUILD)/fonts $(TEXT_BENCH) tests/data/corpus.txt 3

# make text-pngs: four corpus paragraphs (ar, fa, ti, nl with Arabic) drawn by
# wegwijs-layout next to pango-view, in $(BUILD)/text-png/, for review by eye.
# Cases: corpus line:lang:pango family list (_ for space):pango direction flag.
TEXT_PNG_CASES := 2:ar:Noto_Sans_Arabic,Noto_Sans,Noto_Sans_Ethiopic:--rtl \
  7:fa:Noto_Sans_Arabic,Noto_Sans,Noto_Sans_Ethiopic:--rtl \
  19:ti:Noto_Sans_Ethiopic,Noto_Sans,Noto_Sans_Arabic: \
  26:nl:Noto_Sans,Noto_Sans_Arabic,Noto_Sans_Ethiopic:
.PHONY: text-pngs
text-pngs: $(BUILD)/wegwijs-layout $(FONT_FILES)
	@mkdir -p $(BUILD)/text-png
	@for c in $(TEXT_PNG_CASES); do \
	  n=$${c%%:*}; r=$${c#*:}; lang=$${r%%:*}; r=$${r#*:}; fam=$$(echo "$${r%%:*}" | tr _ ' '); rtl=$${r#*:}; \
	  t=$$(grep -v '^#' tests/data/corpus.txt | sed -n "$${n}p" | cut -f2); \
	  WEGWIJS_FONTS=$(BUILD)/fonts $(BUILD)/wegwijs-layout --lang $$lang --size 20 --width 260 \
	    --png $(BUILD)/text-png/$$lang-wegwijs.png "$$t" && \
	  pango-view -q --font="$$fam 20px" --pixels --width=260 --wrap=word --subpixel-positions \
	    --hinting=none --margin=10 --language=$$lang $$rtl --text="$$t" -o $(BUILD)/text-png/$$lang-pango.png && \
	  echo "$(BUILD)/text-png/$$lang-wegwijs.png $(BUILD)/text-png/$$lang-pango.png" || exit 1; done
