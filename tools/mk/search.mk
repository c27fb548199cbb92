# search.mk — `make bench` figures of app/search (index build time and size per
# language, query latency median/p99 over 1 000 random as-you-type queries).
SEARCH_BENCH := $(BUILD)/bench/search_bench
$(SEARCH_BENCH): $(BUILD)/obj/tests/bench/search_bench.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
bench-run:: $(SEARCH_BENCH) $(BUILD)/wegwijs-pack
	@mkdir -p $(BUILD)/bench
	@start=$$(date +%s%N); $(BUILD)/wegwijs-pack build content -o $(BUILD)/bench/search.wwpack --audio none >/dev/null && \
	  echo "search: wegwijs-pack build (no audio) $$(( ($$(date +%s%N) - start) / 1000000 )) ms"
	$(SEARCH_BENCH) $(BUILD)/bench/search.wwpack 1000
