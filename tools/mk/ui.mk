# ui.mk — the kiosk app's hooks: the long monkey for `make soak`, and `make bench`'s
# cold start, peak memory and scrolling frame times against headless Chromium.
soak-run:: $(BUILD)/wegwijs $(BUILD)/wegwijs-pack $(FONT_FILES)
	BUILD=$(BUILD) WEGWIJS_MONKEY=20000 SDL_VIDEODRIVER=dummy WEGWIJS_FONTS=$(CURDIR)/$(BUILD)/fonts \
	  tests/t_ui_monkey.sh
	BUILD=$(BUILD) WEGWIJS_MONKEY=24000 WEGWIJS_MONKEY_PACK=content SDL_VIDEODRIVER=dummy \
	  WEGWIJS_FONTS=$(CURDIR)/$(BUILD)/fonts tests/t_ui_monkey.sh

bench-run:: $(BUILD)/wegwijs $(FONT_FILES)
	BUILD=$(BUILD) SDL_VIDEODRIVER=dummy WEGWIJS_FONTS=$(CURDIR)/$(BUILD)/fonts tools/mk/ui-bench.sh
