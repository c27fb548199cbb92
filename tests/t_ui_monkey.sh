#!/bin/sh
# t_ui_monkey.sh — random taps, drags and idle jumps across every screen and language
# through the real SDL event path: no crash (ASan/UBSan in the san run), every idle reset
# returns to the language screen with the session wiped, and resident memory stays within
# 1 MiB after warm-up (plain run). WEGWIJS_MONKEY sets the count (soak: 20000).
set -u
BUILD=${BUILD:-build}
COUNT=${WEGWIJS_MONKEY:-2000}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
i=0
for size in 800x480 1080x1920; do
  i=$((i + 1))
  printf 'monkey %s %s\n' $((COUNT / 2)) $((4242 + i)) > "$T/m.txt"
  if "$BUILD/wegwijs" --headless --sample --size "$size" --script "$T/m.txt" > "$T/out" 2> "$T/err"; then
    pass=$((pass + 1)); cat "$T/out"
  else
    fail=$((fail + 1)); echo "FAIL: monkey at $size:"; cat "$T/out" "$T/err" | tail -20
  fi
done
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
