#!/bin/sh
# t_audio_fuzz.sh — builds the audio clip libFuzzer target (clang, ASan+UBSan) into
# $BUILD/fuzz/ and runs it for FUZZ_SECONDS (15 in make check, 5 under check-san; make
# fuzz runs 10 minutes) from seeds made here: real generated speech clips of the mini
# content. Any crash, leak, timeout or sanitizer report fails; the input is kept.
set -u
BUILD=${BUILD:-build}
if [ "${WEGWIJS_SAN:-0}" = 1 ]; then SECONDS_TO_RUN=${FUZZ_SECONDS:-5}; else SECONDS_TO_RUN=${FUZZ_SECONDS:-15}; fi
OUT="$BUILD/fuzz"
BIN="$OUT/fuzz_clip"
mkdir -p "$OUT/corpus-clip"
pass=0; fail=0
SRC="tests/fuzz/fuzz_clip.c app/pack/clip.c app/util/util.c"
stale=0
[ -x "$BIN" ] || stale=1
for f in $SRC app/pack/clip.h app/util/util.h; do [ "$f" -nt "$BIN" ] && stale=1; done
if [ $stale -eq 1 ]; then
  # shellcheck disable=SC2086
  if clang -g -O1 -std=c11 -D_GNU_SOURCE -Iapp $(pkg-config --cflags opusfile) -fsanitize=fuzzer,address,undefined \
       $SRC -o "$BIN" $(pkg-config --libs opusfile) 2>"$OUT/clip-build.log"; then
    pass=$((pass + 1))
  else
    echo "FAIL: the clip fuzz target does not build"; head -n 20 "$OUT/clip-build.log"
    echo "tests: 0 passed, 1 failed"; exit 1
  fi
else
  pass=$((pass + 1))
fi
SEEDS=$(mktemp -d /tmp/wegwijs-clipseed-XXXXXX)
trap 'rm -rf "$SEEDS"' EXIT
# libopusfile's own small leak on malformed comment headers is in tests/data/lsan.supp
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan.supp"
mkdir -p "$SEEDS/no-pictograms"
"$BUILD/wegwijs-pack" build tests/data/content-mini --assets "$SEEDS/no-pictograms" -o "$SEEDS/mini.wwpack" --audio route >/dev/null 2>&1
sqlite3 "$SEEDS/mini.wwpack" "SELECT writefile('$SEEDS/clip-' || id || '.opus', data) FROM audio WHERE id <= 6" >/dev/null
if ls "$SEEDS"/clip-*.opus >/dev/null 2>&1; then pass=$((pass + 1)); else echo "FAIL: no seed clips"; fail=$((fail + 1)); fi
if "$BIN" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
     -artifact_prefix="$OUT/clip-" "$OUT/corpus-clip" "$SEEDS" >"$OUT/clip-run.log" 2>&1; then
  pass=$((pass + 1))
  grep -E '^#[0-9]+ +DONE' "$OUT/clip-run.log" | tail -n 1
else
  echo "FAIL: the clip fuzzer found a problem (see $OUT/clip-run.log and $OUT/clip-*)"
  grep -E 'ERROR|SUMMARY|==[0-9]+==' "$OUT/clip-run.log" | head -n 10
  fail=$((fail + 1))
fi
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
