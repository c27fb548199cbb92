#!/bin/sh
# t_ui_screens.sh — screenshots of every screen (language, route, a page, questions,
# help, the idle warning; plus large text and high contrast) at 1920×1080 and 1080×1920
# in Arabic, Farsi, Tigrinya and Dutch, from a pack built from content/, into
# $BUILD/screenshots/ for people to look at.
# Checks that each PNG was written, has the right size and is not blank.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
OUT="$BUILD/screenshots"
mkdir -p "$OUT"
tmp_dir

# The real content: the pass's pack built from content/ (tests/lib.sh test_pack: with
# the route's speech, so the listen buttons show as on a kiosk), installed into a
# temporary kiosk.
check 'test_pack' "pack build" "$BUILD/test-pack/build.log"
kiosk_conf "$T/kiosk.conf" "$PACK_DIR/k.pub" "$T/state" shots1
"$BIN" --config "$T/kiosk.conf" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1 && ok || bad "install the pack"
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
finish
