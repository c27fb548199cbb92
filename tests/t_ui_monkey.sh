#!/bin/sh
# t_ui_monkey.sh — random taps, drags and idle jumps across every screen and language
# through the real SDL event path: no crash (ASan/UBSan in the san run), every idle reset
# returns to the language screen with the session wiped, and resident memory stays within
# 1 MiB after warm-up (plain run). WEGWIJS_MONKEY sets the count (soak: 24000).
# WEGWIJS_MONKEY_PACK=content (make soak) runs on a pack built from content/ instead of
# the built-in sample: every pictogram and translation, Arabic at 1080×1920, check-ins
# enabled (the pack carries a researchers' key, the config a site code).
set -u
. tests/lib.sh
COUNT=${WEGWIJS_MONKEY:-2000}
tmp_dir

monkey() {   # label, count, seed, kiosk options...
  label=$1; printf 'monkey %s %s
' "$2" "$3" > "$T/m.txt"; shift 3
  if "$BUILD/wegwijs" --headless "$@" --script "$T/m.txt" > "$T/out" 2> "$T/err"; then
    ok; printf '%s: ' "$label"; cat "$T/out"
  else
    bad "monkey $label:"; cat "$T/out" "$T/err" | tail -20
  fi
}

if [ "${WEGWIJS_MONKEY_PACK:-sample}" = content ]; then
  P="$BUILD/wegwijs-pack"
  if "$P" researcher-keygen "$T/r" >/dev/null &&
     ASAN_OPTIONS=detect_leaks=0 "$P" build content -o "$T/p.wwpack" --audio none \
       --researcher-key "$T/r/researcher.pk" >"$T/build.log" 2>&1 &&
     "$P" keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null && "$P" sign "$T/p.wwpack" -s "$T/k.key" >/dev/null; then
    printf 'site_code = monkey1
trusted_key = %s
state_dir = %s
' "$T/k.pub" "$T/state" > "$T/kiosk.conf"
    if "$BUILD/wegwijs" --config "$T/kiosk.conf" --install-pack "$T/p.wwpack" >/dev/null 2>&1; then
      monkey "content pack, ar 1080x1920" "$COUNT" 4243 --config "$T/kiosk.conf" --size 1080x1920 --lang ar
    else bad "cannot install the content pack"; fi
  else
    bad "content pack: $(tail -3 "$T/build.log")"
  fi
else
  monkey "sample 800x480" $((COUNT / 2)) 4243 --sample --size 800x480
  monkey "sample 1080x1920" $((COUNT / 2)) 4244 --sample --size 1080x1920
fi
finish
