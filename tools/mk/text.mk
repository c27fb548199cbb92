# text.mk — make targets of the text engine (app/text, tools/layout): the layout tool
# link rule and `make bench`'s text throughput.

# The generic tool rule in the Makefile expands to no objects (its pattern stem also
# replaces the % inside patsubst), so wegwijs-layout gets an explicit rule here.
TEXT_LAYOUT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/layout/*.c))
$(BUILD)/wegwijs-layout: $(TEXT_LAYOUT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

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
