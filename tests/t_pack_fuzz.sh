#!/bin/sh
# t_pack_fuzz.sh — builds the pack libFuzzer target (clang, ASan+UBSan) into
# $BUILD/fuzz/ and runs it for FUZZ_SECONDS (20 in make check; make fuzz runs longer)
# from seeds made here: a real signed mini pack and its .minisig. Any crash, leak or
# sanitizer report fails the test; the crashing input is kept in $BUILD/fuzz/.
set -u
BUILD=${BUILD:-build}
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Under check-san the same ASan target already ran in the plain pass: a short replay suffices.
if [ "${WEGWIJS_SAN:-0}" = 1 ]; then SECONDS_TO_RUN=${FUZZ_SECONDS:-5}; else SECONDS_TO_RUN=${FUZZ_SECONDS:-20}; fi
OUT="$BUILD/fuzz"
BIN="$OUT/fuzz_pack"
mkdir -p "$OUT/corpus-pack"
pass=0; fail=0
SRC="tools/pack/fuzz/fuzz_pack.c app/pack/pack.c app/pack/site.c app/pack/minisig.c app/pack/install.c app/config/config.c app/util/util.c"
stale=0
[ -x "$BIN" ] || stale=1
for f in $SRC app/pack/*.h; do [ "$f" -nt "$BIN" ] && stale=1; done
if [ $stale -eq 1 ]; then
  # shellcheck disable=SC2086
  if clang -g -O1 -std=c11 -D_GNU_SOURCE -DWEGWIJS_VERSION=\"0.1.0\" -Iapp $(pkg-config --cflags libpng sqlite3 libsodium) \
       -fsanitize=fuzzer,address,undefined $SRC -o "$BIN" $(pkg-config --libs sqlite3 libsodium libpng) 2>"$OUT/build.log"; then
    pass=$((pass + 1))
  else
    echo "FAIL: the fuzz target does not build"; head -n 20 "$OUT/build.log"; fail=$((fail + 1))
    echo "tests: $pass passed, $fail failed"; exit 1
  fi
else
  pass=$((pass + 1))
fi

# Seeds: mode byte 1 + a real pack; mode byte 0 + its signature.
SEEDS=$(mktemp -d /tmp/wegwijs-fuzzseed-XXXXXX)
trap 'rm -rf "$SEEDS"' EXIT
"$BUILD/wegwijs-pack" keygen -p "$SEEDS/k.pub" -s "$SEEDS/k.key" >/dev/null
mkdir -p "$SEEDS/no-pictograms"   # a small seed: pictogram PNGs would dominate the input
"$BUILD/wegwijs-pack" build tests/data/content-mini --assets "$SEEDS/no-pictograms" --audio none -o "$SEEDS/mini.wwpack" >/dev/null 2>&1   # no clips either: t_audio_fuzz.sh fuzzes those
"$BUILD/wegwijs-pack" sign "$SEEDS/mini.wwpack" -s "$SEEDS/k.key" >/dev/null
{ printf '\001'; cat "$SEEDS/mini.wwpack"; } > "$SEEDS/seed-pack"
{ printf '\000'; cat "$SEEDS/mini.wwpack.minisig"; } > "$SEEDS/seed-sig"
{ printf '\000'; cat "$SEEDS/k.pub"; } > "$SEEDS/seed-pub"

ASAN_OPTIONS=detect_leaks=1 "$BIN" -max_total_time="$SECONDS_TO_RUN" -max_len=200000 -rss_limit_mb=1024 -timeout=10 \
  -artifact_prefix="$OUT/" -print_final_stats=1 "$OUT/corpus-pack" "$SEEDS" >"$OUT/fuzz.log" 2>&1
rc=$?
execs=$(grep -E '^stat::number_of_executed_units' "$OUT/fuzz.log" | awk '{print $2}')
echo "fuzzed ${SECONDS_TO_RUN}s: ${execs:-0} executions, corpus $(ls "$OUT/corpus-pack" | wc -l) inputs"
if [ $rc -eq 0 ] && [ "${execs:-0}" -gt 0 ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL: the fuzzer found a problem (exit $rc)"; grep -E 'ERROR|SUMMARY|==' "$OUT/fuzz.log" | head -n 20
fi
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
