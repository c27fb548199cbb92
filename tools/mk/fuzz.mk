# fuzz.mk — the four libFuzzer targets, one convention: the target fuzz/fuzz_NAME.c in
# tests/, built with clang (ASan+UBSan) into $(BUILD)/fuzz/fuzz_NAME with everything
# else; tests/t_*_fuzz.sh makes the seeds and runs it briefly through run_fuzzer
# (tests/lib.sh), and `make fuzz` runs the same scripts for FUZZ_LONG seconds each.
FUZZ_LONG ?= 600

FUZZ_checkin_SRC := app/checkin/bundle.c app/checkin/receipt.c app/checkin/wire.c app/checkin/record.c \
                    app/checkin/status.c app/util/util.c
FUZZ_checkin_PKG := libsodium
FUZZ_config_SRC  := app/config/config.c app/pack/minisig.c app/pack/pack.c app/pack/waits.c app/util/util.c
FUZZ_config_PKG  := sqlite3 libsodium libpng
FUZZ_pack_SRC    := app/pack/pack.c app/pack/site.c app/pack/waits.c app/pack/minisig.c app/pack/install.c \
                    app/config/config.c app/util/util.c
FUZZ_pack_PKG    := sqlite3 libsodium libpng
FUZZ_clip_SRC    := app/pack/clip.c app/util/util.c
FUZZ_clip_PKG    := opusfile

FUZZ_NAMES := checkin config pack clip
FUZZ_BINS  := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
# Which script seeds and runs each target.
FUZZ_SCRIPT_checkin := tests/t_checkin_fuzz.sh
FUZZ_SCRIPT_config  := tests/t_deploy_config_fuzz.sh
FUZZ_SCRIPT_pack    := tests/t_pack_fuzz.sh
FUZZ_SCRIPT_clip    := tests/t_audio_fuzz.sh

# Built with everything else so the short runs in `make check` have their binaries.
all: $(FUZZ_BINS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_$$*_SRC) $$(wildcard $$(dir $$(FUZZ_$$*_SRC))*.h)
	@mkdir -p $(@D)
	clang $(WARN) -O1 -g $(DEFS) -Iapp $(shell pkg-config --cflags $(FUZZ_$*_PKG)) \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    -o $@ $< $(FUZZ_$*_SRC) $(shell pkg-config --libs $(FUZZ_$*_PKG))

fuzz-run:: $(FUZZ_BINS) $(BUILD)/wegwijs-pack
	$(foreach n,$(FUZZ_NAMES),BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_LONG) $(FUZZ_SCRIPT_$(n)) &&) true
