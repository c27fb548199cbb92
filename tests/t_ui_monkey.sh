#!/bin/sh
# t_ui_monkey.sh — random taps, drags and idle jumps across every screen and language
# through the real SDL event path: no crash (ASan/UBSan in the san run), every idle reset
# returns to the language screen with the session wiped, and resident memory stays within
# 1 MiB after warm-up (plain run). WEGWIJS_MONKEY sets the count (soak: 20000).
set -u
. tests/lib.sh
COUNT=${WEGWIJS_MONKEY:-2000}
tmp_dir
i=0
for size in 800x480 1080x1920; do
  i=$((i + 1))
  printf 'monkey %s %s\n' $((COUNT / 2)) $((4242 + i)) > "$T/m.txt"
  if "$BUILD/wegwijs" --headless --sample --size "$size" --script "$T/m.txt" > "$T/out" 2> "$T/err"; then
    ok; cat "$T/out"
  else
    bad "monkey at $size:"; cat "$T/out" "$T/err" | tail -20
  fi
done
finish
