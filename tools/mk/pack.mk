# pack.mk — content packs: build/wegwijs-pack, the demo pack with its keys and a
# development kiosk config (the pack fuzzer is in fuzz.mk). Included by the top-level Makefile.

# wegwijs-pack reads PO files with libgettextpo, which has no pkg-config file.
$(BUILD)/wegwijs-pack: LDLIBS += -lgettextpo

# The demo pack: content/ signed with a demo key made once into $(BUILD)/demo-keys/
# (never committed), a researchers' demo key pair whose public half goes into the
# pack, and $(BUILD)/dev.conf, a kiosk config that trusts the demo key.
DEMO_KEYS := $(BUILD)/demo-keys
PACK_CONTENT := $(shell find content -type f 2>/dev/null) $(wildcard assets/pictograms/*.svg)

$(DEMO_KEYS)/demo.key:
	@mkdir -p $(DEMO_KEYS)
	$(BUILD)/wegwijs-pack keygen -p $(DEMO_KEYS)/demo.pub -s $@

$(DEMO_KEYS)/research/researcher.pk:
	@mkdir -p $(DEMO_KEYS)
	$(BUILD)/wegwijs-pack researcher-keygen $(DEMO_KEYS)/research

# The quick demo pack has no speech, so `make run` opens the kiosk in seconds; its
# version is the time it was built, in seconds since 2025 (pack versions stop at 10^9;
# a newer build always installs over an older one), kept in demo-version. The voiced demo pack is the same content one version higher,
# so it installs over the quick one when its speech is done.
$(BUILD)/demo-quick.wwpack: $(BUILD)/wegwijs-pack $(PACK_CONTENT) | $(DEMO_KEYS)/demo.key $(DEMO_KEYS)/research/researcher.pk
	echo $$(( $$(date +%s) - 1735689600 )) > $(BUILD)/demo-version
	$(BUILD)/wegwijs-pack build content -o $@ --researcher-key $(DEMO_KEYS)/research/researcher.pk \
	  --audio none --version $$(cat $(BUILD)/demo-version)
	$(BUILD)/wegwijs-pack sign $@ -s $(DEMO_KEYS)/demo.key
	cp $(DEMO_KEYS)/demo.pub $(BUILD)/demo.pub

$(BUILD)/demo.wwpack: $(BUILD)/demo-quick.wwpack
	$(BUILD)/wegwijs-pack build content -o $@ --researcher-key $(DEMO_KEYS)/research/researcher.pk \
	  --audio all --audio-cache $(BUILD)/audio-cache --version $$(( $$(cat $(BUILD)/demo-version) + 1 ))
	$(BUILD)/wegwijs-pack sign $@ -s $(DEMO_KEYS)/demo.key

$(BUILD)/dev.conf: | $(DEMO_KEYS)/demo.key
	printf '# Development kiosk config written by make demo-pack: trusts the demo key.\nsite_code = DEMO01\ntrusted_key = %s\nstate_dir = %s\n' \
	  "$(abspath $(DEMO_KEYS)/demo.pub)" "$(abspath $(BUILD)/state)" > $@

demo-pack:: $(BUILD)/demo.wwpack $(BUILD)/dev.conf
demo-quick:: $(BUILD)/demo-quick.wwpack $(BUILD)/dev.conf

soak-run:: $(BUILD)/tests/test_pack_kill
	BUILD=$(BUILD) PACK_KILLS=3000 $(BUILD)/tests/test_pack_kill

# voice-import: libsndfile decodes, libsamplerate resamples, libebur128 measures loudness.
VOICE_PKGS := sndfile samplerate libebur128
$(BUILD)/wegwijs-pack: LDLIBS += $(shell pkg-config --libs $(VOICE_PKGS))
$(BUILD)/obj/tools/pack/take.o: CFLAGS += $(shell pkg-config --cflags $(VOICE_PKGS))
