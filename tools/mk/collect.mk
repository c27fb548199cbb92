# collect.mk — the research-side collector (tools/collect → build/wegwijs-collect):
# unit tests that link collector modules, and the ingest benchmark.

COLLECT_OBJ = $(BUILD)/obj/tools/collect

# C tests of collector modules link the module objects next to libwegwijs.a
# (the shared pattern rule links every prerequisite).
$(BUILD)/tests/test_collect_suppress: $(COLLECT_OBJ)/suppress.o

# The generic tool rule in the Makefile expands to no objects (its pattern stem also
# replaces the % inside patsubst), so wegwijs-collect gets an explicit rule here.
COLLECT_TOOL_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/collect/*.c))
$(BUILD)/wegwijs-collect: $(COLLECT_TOOL_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
