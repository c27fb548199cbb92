#!/bin/sh
# t_ui_screens.sh — screenshots of every screen (language, route, a page, questions,
# help, the idle warning; plus large text and high contrast) at 1920×1080 and 1080×1920
# in Arabic, Farsi, Tigrinya and Dutch, from a pack built from content/, into
# $BUILD/screenshots/ for people to look at.
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

# The real content: a pack built from content/ (no speech: screenshots need none),
# signed with a throwaway key and installed into a temporary kiosk.
ASAN_OPTIONS=detect_leaks=0 "$BUILD/wegwijs-pack" build content -o "$T/p.wwpack" --audio none >"$T/build.log" 2>&1 &&
  "$BUILD/wegwijs-pack" keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null &&
  "$BUILD/wegwijs-pack" sign "$T/p.wwpack" -s "$T/k.key" >/dev/null && ok || bad "pack build: $(tail -3 "$T/build.log")"
printf 'site_code = shots1\ntrusted_key = %s\nstate_dir = %s\n' "$T/k.pub" "$T/state" > "$T/kiosk.conf"
"$BIN" --config "$T/kiosk.conf" --install-pack "$T/p.wwpack" >/dev/null 2>&1 && ok || bad "install the pack"
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
    if "$BIN" --headless --config "$T/kiosk.conf" --size "$size" --lang "$lang" --script "$T/s.txt" 2> "$T/err"; then ok
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
