# text.mk — make targets of the text engine (app/text, tools/layout): benchmark.

# The generic tool rule in the Makefile expands to no objects (its pattern stem also
# replaces the % inside patsubst), so wegwijs-layout gets an explicit rule here.
TEXT_LAYOUT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/layout/*.c))
$(BUILD)/wegwijs-layout: $(TEXT_LAYOUT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
