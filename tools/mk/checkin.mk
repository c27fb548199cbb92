# checkin.mk — the check-in area: the libFuzzer target for bundle, receipt and record
# parsers (built with clang into $(BUILD)/fuzz/, run briefly by tests/t_checkin_fuzz.sh
# and longer by `make fuzz`), and the long crash loops for `make soak`.

CHECKIN_FUZZ      := $(BUILD)/fuzz/fuzz_checkin
CHECKIN_FUZZ_SRC  := tests/fuzz/fuzz_checkin.c app/checkin/bundle.c app/checkin/receipt.c app/checkin/wire.c \
                     app/checkin/record.c app/util/util.c
CHECKIN_FUZZ_SECS ?= 300

# Built with everything else so the short fuzz run in `make check` has its binary.
all: $(CHECKIN_FUZZ)

$(CHECKIN_FUZZ): $(CHECKIN_FUZZ_SRC) $(wildcard app/checkin/*.h app/util/util.h)
	@mkdir -p $(@D)
	clang $(WARN) -O1 -g $(DEFS) -Iapp -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $(CHECKIN_FUZZ_SRC) $(shell pkg-config --libs libsodium)

fuzz-run:: $(CHECKIN_FUZZ)
	@mkdir -p $(BUILD)/fuzz/corpus-checkin
	$(CHECKIN_FUZZ) -max_total_time=$(CHECKIN_FUZZ_SECS) -max_len=65536 -print_final_stats=1 \
	    $(BUILD)/fuzz/corpus-checkin

soak-run:: $(BUILD)/tests/test_checkin_crash
	WEGWIJS_SOAK=1 $(BUILD)/tests/test_checkin_crash
