# collect.mk — the research-side collector (tools/collect → build/wegwijs-collect):
# unit tests that link collector modules, and the ingest benchmark.

COLLECT_OBJ = $(BUILD)/obj/tools/collect

# C tests of collector modules link the module objects next to libwegwijs.a
# (the shared pattern rule links every prerequisite).
$(BUILD)/tests/test_collect_suppress: $(COLLECT_OBJ)/suppress.o
$(BUILD)/tests/test_collect_typical: $(COLLECT_OBJ)/typical.o $(COLLECT_OBJ)/suppress.o $(COLLECT_OBJ)/db.o
$(BUILD)/tests/test_collect_ingest: $(COLLECT_OBJ)/ingest.o $(COLLECT_OBJ)/db.o $(COLLECT_OBJ)/keys.o \
  $(COLLECT_OBJ)/open.o $(COLLECT_OBJ)/args.o

# The generic tool rule in the Makefile expands to no objects (its pattern stem also
# replaces the % inside patsubst), so wegwijs-collect gets an explicit rule here.
COLLECT_TOOL_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/collect/*.c))
$(BUILD)/wegwijs-collect: $(COLLECT_TOOL_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/test_collect_export: $(BUILD)/wegwijs-collect

# Ingest throughput: one million generated sealed records (50 signed bundles of 20000)
# through the real ingest into SQLite and into a PostgreSQL 15 server started for the
# run (fsync on; WAL sized so checkpoints do not dominate), next to a COPY of the same
# rows into same-shaped tables on that server. COLLECT_BENCH_RECORDS=N for a shorter run.
COLLECT_BENCH_RECORDS ?= 1000000
bench-run:: $(BUILD)/wegwijs-collect
	@set -e; W=$$(mktemp -d /tmp/wwbench.XXXXXX); . tools/collect/pgtest.sh; \
	  trap 'rm -rf "$$W"' EXIT; \
	  pgtest_start "-c shared_buffers=256MB -c max_wal_size=4GB -c checkpoint_timeout=30min"; \
	  trap 'pgtest_stop; rm -rf "$$W"' EXIT; \
	  $(BUILD)/wegwijs-collect keygen --out "$$W/keys" >/dev/null; \
	  $(BUILD)/wegwijs-collect bench --keys "$$W/keys" --records $(COLLECT_BENCH_RECORDS) \
	    --sqlite "$$W/bench.db" --pg "$$PGTEST_URL"
