# pack.mk — content packs: the pack tool's extra library, the demo pack and kiosk
# config, the pack fuzzer. Included by the top-level Makefile.

# wegwijs-pack reads PO files with libgettextpo (not in the shared pkg-config list).
$(BUILD)/wegwijs-pack: LDLIBS += -lgettextpo
