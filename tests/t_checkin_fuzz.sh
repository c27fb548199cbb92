#!/bin/sh
# t_checkin_fuzz.sh — a short libFuzzer run over the bundle, receipt and record parsers
# (the long run is `make fuzz`). Fails on any crash, leak or sanitizer report.
set -u
BUILD=${BUILD:-build}
FUZZ="$BUILD/fuzz/fuzz_checkin"
pass=0; fail=0
if [ ! -x "$FUZZ" ]; then
  echo "FAIL: $FUZZ not built (tools/mk/checkin.mk adds it to 'all')"
  echo "tests: 0 passed, 1 failed"; exit 1
fi
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
# Seeds: one of each mode, so the mutator starts inside every parser.
printf '\000WWB1' > "$corpus/bundle"
printf '\001WWR1' > "$corpus/receipt"
printf '\002v=1\nid=00112233445566778899aabbccddeeff\nsite=azc-1234\nday=2026-11-27\ndaypart=2\nquestionnaire=1\npack=7\nflags=rapid\na.mood=4\na.activities=course,sport\n' > "$corpus/record"
printf '\003WWB1\000\001\000\000' > "$corpus/bundle-signed"
printf '\004WWR1\000\001\000\000' > "$corpus/receipt-signed"
if "$FUZZ" -runs=${CHECKIN_FUZZ_RUNS:-300000} -max_total_time=40 -max_len=8192 "$corpus" >"$corpus.log" 2>&1; then
  pass=$((pass + 1)); grep -E '^#[0-9]+.*DONE' "$corpus.log" | tail -n 1
else
  fail=$((fail + 1)); echo "FAIL: fuzzer found a problem:"; grep -E 'ERROR|SUMMARY|Test unit' "$corpus.log" | head -n 10
fi
rm -f "$corpus.log"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
