#!/bin/sh
# t_audio_fuzz.sh — the audio clip libFuzzer target (tests/fuzz/fuzz_clip.c, built by
# make) runs for 15 s in make check (make fuzz runs longer) from seeds made here: real
# generated speech clips of the mini content. Any crash, leak, timeout or sanitizer
# report fails; the input is kept in $BUILD/fuzz/.
set -u
. tests/lib.sh
tmp_dir
# libopusfile's own small leak on malformed comment headers is in tests/data/lsan.supp
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan.supp"
mkdir -p "$T/no-pictograms" "$T/seeds"
pack build tests/data/content-mini --assets "$T/no-pictograms" -o "$T/mini.wwpack" --audio route >/dev/null 2>&1
sqlite3 "$T/mini.wwpack" "SELECT writefile('$T/seeds/clip-' || id || '.opus', data) FROM audio WHERE id <= 6" >/dev/null
check 'ls "$T"/seeds/clip-*.opus >/dev/null 2>&1' "no seed clips"
run_fuzzer clip 15 "$T/seeds" -max_len=65536
finish
