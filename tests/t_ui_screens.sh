#!/bin/sh
# t_ui_screens.sh — screenshots of every screen (language, route, a page, questions,
# help, the idle warning; plus large text and high contrast) at 1920×1080 and 1080×1920
# in Arabic, Farsi, Tigrinya and Dutch, into $BUILD/screenshots/ for people to look at.
# Checks that each PNG was written, has the right size and is not blank.
set -u
BUILD=${BUILD:-build}
BIN="$BUILD/wegwijs"
OUT="$BUILD/screenshots"
mkdir -p "$OUT"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
for size in 1920x1080 1080x1920; do
  for lang in ar fa ti nl; do
    p="$OUT/$size-$lang"
    cat > "$T/s.txt" <<S
open language
screenshot $p-language.png
open route
screenshot $p-route.png
open brede-intake
screenshot $p-page.png
drag 500 1000 500 300
wait 3000
screenshot $p-page-scrolled.png
open questions
screenshot $p-questions.png
open help
screenshot $p-help.png
open koppeling
wait 500
tap-id toggle-dutch
wait 500
screenshot $p-page-dutch.png
tap-id large-text
wait 500
screenshot $p-page-large.png
tap-id contrast
wait 500
screenshot $p-page-contrast.png
advance-clock 95000
screenshot $p-idle.png
S
    [ "$lang" = nl ] && sed -i '/toggle-dutch/,+1d' "$T/s.txt"
    if "$BIN" --headless --sample --size "$size" --lang "$lang" --script "$T/s.txt" 2> "$T/err"; then ok
    else bad "$size $lang: $(cat "$T/err")"; continue; fi
    for f in "$p"-*.png; do
      geo=$(identify -format '%wx%h %k' "$f" 2>/dev/null)
      colours=${geo#* }
      if [ "${geo%% *}" = "$size" ] && [ "${colours:-0}" -gt 40 ]; then ok
      else bad "$f: '$geo' (want $size, more than 40 colours)"; fi
    done
  done
done
echo "screenshots in $OUT"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
