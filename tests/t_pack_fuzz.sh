#!/bin/sh
# t_pack_fuzz.sh — the pack libFuzzer target (tests/fuzz/fuzz_pack.c, built by make)
# runs for 20 s in make check (make fuzz runs longer) from seeds made here: a real
# signed mini pack and its .minisig. Any crash, leak or sanitizer report fails the
# test; the crashing input is kept in $BUILD/fuzz/.
set -u
. tests/lib.sh
tmp_dir
# Seeds: mode byte 1 + a real pack; mode byte 0 + its signature, and its public key.
# A small seed: no pictogram PNGs (they would dominate the input) and no clips
# (t_audio_fuzz.sh fuzzes those).
mkdir -p "$T/no-pictograms"
make_signed_pack "$T/mini" tests/data/content-mini --assets "$T/no-pictograms" --audio none
check '[ -s "$T/mini/p.wwpack.minisig" ]' "the seed pack builds and signs" "$T/mini/build.log"
mkdir -p "$T/seeds"
{ printf '\001'; cat "$T/mini/p.wwpack"; } > "$T/seeds/pack"
{ printf '\000'; cat "$T/mini/p.wwpack.minisig"; } > "$T/seeds/sig"
{ printf '\000'; cat "$T/mini/k.pub"; } > "$T/seeds/pub"
ASAN_OPTIONS=detect_leaks=1 run_fuzzer pack 20 "$T/seeds" -max_len=200000
finish
