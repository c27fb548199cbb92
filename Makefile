# Wegwijs — build, test and benchmark. `make run` and `make check` are the contract.
#
#   make            build everything into build/ (binaries, fonts)
#   make run        install missing Debian packages, build the kiosk, a demo pack, open the kiosk
#                   (read-aloud speech follows in the background: build/voice.log)
#   make check      install missing packages, run every test headless (plain + ASan/UBSan)
#   make bench      benchmarks, printed with ratios against baselines run alongside
#   make soak       long versions of the crash/monkey/kill tests
#   make fuzz       longer libFuzzer campaigns
#   SAN=1           build into build/san with AddressSanitizer + UndefinedBehaviorSanitizer
#
# Sources are found by folder: every app/*/*.c goes into one library, app/main.c is the
# kiosk, tools/<name>/*.c is build/wegwijs-<name>, tests/test_*.c is a test program.
# Feature areas add their own targets in tools/mk/*.mk (included at the end).

BUILD   ?= build
SAN     ?= 0
CC      ?= cc
OPT     ?= -O2 -g

PKGS := sdl2 SDL2_ttf freetype2 harfbuzz fribidi libunibreak sqlite3 libsodium \
        libcmark libcurl libmicrohttpd libpq libpng opusfile libopusenc librsvg-2.0 libsystemd

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wold-style-definition -Wwrite-strings -Wundef
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
DEFS := -D_GNU_SOURCE -DWEGWIJS_VERSION=\"$(VERSION)\"

ifeq ($(SAN),1)
  BUILD := build/san
  OPT   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDSAN := -fsanitize=address,undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += $(WARN) $(OPT) $(DEFS) -Iapp $(PKG_CFLAGS) -MMD -MP
LDLIBS  += $(PKG_LIBS) -lm -lpthread
# --as-needed: each program records only the libraries it calls (gcc on Debian does this
# already, clang does not), so the kiosk does not load what only the tools use.
LDFLAGS += -Wl,--as-needed $(LDSAN)

LIB_SRC   := $(wildcard app/*/*.c) app/app.c
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB       := $(BUILD)/libwegwijs.a
TOOLS     := $(patsubst tools/%/,%,$(filter %/,$(wildcard tools/*/)))
TOOLS     := $(filter-out mk,$(TOOLS))
TOOL_BINS := $(TOOLS:%=$(BUILD)/wegwijs-%)
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FONT_DIR  := /usr/share/fonts/truetype/noto
FONTS     := NotoSans-Regular NotoSans-Bold NotoSansArabic-Regular NotoSansArabic-Bold \
             NotoSansEthiopic-Regular NotoSansEthiopic-Bold
FONT_FILES := $(FONTS:%=$(BUILD)/fonts/%.ttf)

.PHONY: all deps run check check-plain check-san bench soak fuzz clean tests
all: $(BUILD)/wegwijs $(TOOL_BINS) $(TEST_BINS) $(BUILD)/tests/wegwijs-hooks $(FONT_FILES)
tests: $(TEST_BINS) $(BUILD)/tests/wegwijs-hooks

deps:
	@tools/install-deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/wegwijs: $(BUILD)/obj/app/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS)

# The kiosk with its test hooks compiled in (WEGWIJS_TEST_HOOKS: WEGWIJS_TEST_PULL_STICK),
# for tests only; build/wegwijs, the program that ships, has none. The hooked object comes
# before the library, so the linker never takes the library's copy of that module.
HOOK_SRC := app/staff/staffwork.c
HOOK_OBJ := $(HOOK_SRC:%.c=$(BUILD)/obj/hooks/%.o)
$(BUILD)/obj/hooks/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DWEGWIJS_TEST_HOOKS -c $< -o $@
$(BUILD)/tests/wegwijs-hooks: $(BUILD)/obj/app/main.o $(HOOK_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS)

# Objects of tools/NAME/*.c (a function, so no % meets the pattern rule below).
tool_objects = $(foreach f,$(wildcard tools/$(1)/*.c),$(BUILD)/obj/$(f:.c=.o))
.SECONDARY:
.SECONDEXPANSION:
$(BUILD)/wegwijs-%: $$(call tool_objects,$$*) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS)

$(BUILD)/fonts/%.ttf: $(FONT_DIR)/%.ttf
	@mkdir -p $(@D)
	cp $< $@

# The contract targets install what is missing first, then re-enter make so that
# pkg-config sees the freshly installed libraries.
# The demo packs and a development kiosk config (trusting the demo key) come from
# tools/mk/pack.mk. `make run` shows the window first and the voice after: it builds
# only what the kiosk needs, the quick demo pack (no speech: seconds), installs it and
# opens the kiosk, while tools/mk/voice-later.sh builds the voiced pack (one version
# higher) in the background and installs it; the running kiosk picks it up by itself.
# Installing the same version twice is refused, which is fine here.
run: deps
	@$(MAKE) --no-print-directory -j$$(nproc) $(BUILD)/wegwijs $(BUILD)/wegwijs-pack $(FONT_FILES)
	@$(MAKE) --no-print-directory demo-quick
	-@$(BUILD)/wegwijs --config $(BUILD)/dev.conf --state $(BUILD)/state --install-pack $(BUILD)/demo-quick.wwpack
	@tools/mk/voice-later.sh $(BUILD) &
	$(BUILD)/wegwijs --config $(BUILD)/dev.conf --state $(BUILD)/state

# Fragments in tools/mk/*.mk extend these with double-colon rules.
.PHONY: demo-pack demo-quick bench-run soak-run fuzz-run
demo-pack::
demo-quick::
bench-run::
soak-run::
fuzz-run::

# Both runs always happen; the last line sums them (the line CI reads).
check: deps
	@rm -f build/test-summary build/san/test-summary; rc=0; \
	$(MAKE) --no-print-directory check-plain || rc=1; \
	$(MAKE) --no-print-directory check-san || rc=1; \
	tests/sum.sh build/test-summary build/san/test-summary; \
	exit $$rc

check-plain: all
	@tests/run.sh $(BUILD)

check-san:
	@$(MAKE) --no-print-directory SAN=1 all
	@WEGWIJS_SAN=1 tests/run.sh build/san

bench: deps
	@tools/install-deps.sh --bench
	@$(MAKE) --no-print-directory all bench-run

soak: deps
	@$(MAKE) --no-print-directory all soak-run

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-run

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
-include $(wildcard tools/mk/*.mk)
