#!/bin/sh
# t_ui_reach.sh — everything a first-time visitor needs is on the screen, on the real
# content pack, at 1920x1080, 1080x1920, 1280x800 and 800x480 (0.18 mm/px):
#  1. every lang-CODE tile fully inside the screen at scroll 0; on the route in ar, ti
#     and nl help, navigator-entry, questions, checkin-entry and search-entry (the five
#     entries of the action bar) fully inside, and every step fully in
#     the band between the fixed bars (no step half hidden); every target visible there
#     >= 15 mm, and >= 3 mm from the next (content that runs under a fixed bar counts
#     only as far as it can be touched);
#  2. tap budgets, counted by the script (tap-id fails on a widget that is not on the
#     screen, and no drag is used): help, the navigator's first question and search in
#     <= 2 taps, every route page in <= 2, the
#     check-in's first question in <= 4 — in ar, ti and nl;
#  3. attract mode starts after the idle reset, turns language at most every 2.5 s
#     (<= 4 frames per second counted over 10 s of virtual time), and the first touch
#     stops it without activating the tile under the finger;
#  4. without a display (no DISPLAY, no WAYLAND_DISPLAY, SDL limited to drivers this
#     machine lacks) the kiosk says so in one sentence and exits 1 within seconds.
# One kiosk process per size runs every task of that size.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
need_bin "$BIN"
tmp_dir
check 'test_pack' "pack build and sign" "$BUILD/test-pack/build.log"
kiosk_conf "$T/k.conf" "$PACK_DIR/k.pub" "$T/state" azc-test1
"$BIN" --config "$T/k.conf" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1
rc=$?
check '[ $rc -eq 0 ]' "install the test pack"
kiosk() { "$BIN" --config "$T/k.conf" --headless "$@"; }
LANGS="ar ti nl"

# the ids to reach: every route step (the same in every language) and every language
kiosk --size 1920x1080 --lang nl --open route --dump-ui > "$T/ids.json" 2> "$T/ids.err"
rc=$?
check '[ $rc -eq 0 ]' "dump the route: $(cat "$T/ids.err")"
STEPS=$(jq -r '.widgets[] | select(.id | startswith("step-")) | .id' "$T/ids.json")
check '[ "$(echo "$STEPS" | wc -l)" -ge 10 ]' "the route has its steps: $STEPS"

# script TASK TAP-ID... : from the language screen, the taps of one task; the task's
# name and tap count go into a comment the checks below read back from the script.
task() {
  name=$1; shift
  echo "# task $name $#"
  printf 'open language\nwait 500\n'
  for id in "$@"; do printf 'tap-id %s\nwait 500\n' "$id"; done
}

for size in 1920x1080 1080x1920 1280x800 800x480; do
  s="$T/$size.txt"
  { echo "open language"; echo "wait 500"; echo "dump-ui"
    for l in $LANGS; do
      printf 'lang %s\nopen route\nwait 500\ndump-ui\n' "$l"
      task "$l-help" "lang-$l" help; echo "expect-screen help"
      task "$l-navigator" "lang-$l" navigator-entry; echo "expect-screen navigator"
      task "$l-search" "lang-$l" search-entry; echo "expect-screen search"
      for st in $STEPS; do task "$l-$st" "lang-$l" "$st"; echo "expect-screen page"; done
      task "$l-checkin" "lang-$l" checkin-entry checkin-agree checkin-age-yes
      echo "expect-screen checkin"; echo "dump-ui"; echo "tap-id home"; echo "wait 500"
    done; } > "$s"
  kiosk --size "$size" --script "$s" > "$T/$size.out" 2> "$T/$size.err"
  rc=$?
  check '[ $rc -eq 0 ]' "$size: the tasks within their tap budgets: $(cat "$T/$size.err")"
  # 2. the budgets as written: help and any page 2 taps, the first question 4
  over=$(awk '$2 == "task" && (($3 ~ /-checkin$/ && $4 > 4) || ($3 !~ /-checkin$/ && $4 > 2)) { print $3 }' "$s")
  check '[ -z "$over" ]' "$size: over budget: $over"
  jq -e -s '[.[] | select(.screen == "checkin")] | length == 3 and all(.checkin == "question-1")' "$T/$size.out" >/dev/null
  rc=$?
  check '[ $rc -eq 0 ]' "$size: 4 taps reach the first question in ar, ti and nl"
  # 1. on the screen at scroll 0, sizes and spacing
  jq -s -r '.[] | select(.widgets != null and (.screen == "language" or .screen == "route")) |
    . as $d | ($d.width) as $W | ($d.height) as $H | $d.mm_per_px as $mm |
    (if .screen == "language" then "lang-" else "" end) as $p |
    [.widgets[] | select(if $d.screen == "language" then (.id | startswith("lang-"))
                         else (.id == "help" or .id == "questions" or .id == "checkin-entry" or
                               .id == "navigator-entry" or .id == "search-entry") end)] as $need |
    (if .screen == "language" then ($need | length) == 13 else ($need | length) == 5 end) as $all |
    ($need | map(select(.x < 0 or .y < 0 or .x + .w > $W or .y + .h > $H) | .id)) as $out1 |
    [.widgets[] | select((.id | startswith("step-")) and (.y < $d.view_y or .y + .h > $d.view_y + $d.view_h)) | .id] as $cut |
    ($out1 + $cut) as $out |
    [.widgets[] | select(.tappable and (.fixed or (.y + .h > $d.view_y and .y < $d.view_y + $d.view_h)))] as $t |
    ($t | map(select(.w * $mm < 14.9 or .h * $mm < 14.9) | "\(.id) \(.w * $mm * 10 | round / 10)x\(.h * $mm * 10 | round / 10) mm")) as $small |
    ($t | map(if .fixed then . else (.y as $y | (if $y < $d.view_y then $d.view_y else $y end) as $y0 |
              ((.y + .h) as $e | if $e > $d.view_y + $d.view_h then $d.view_y + $d.view_h else $e end) as $y1 |
              .y = $y0 | .h = ($y1 - $y0)) end)) as $r |
    [range(0; $r | length) as $i | range($i + 1; $r | length) as $j | $r[$i] as $a | $r[$j] as $b |
      ([($b.x - ($a.x + $a.w)), ($a.x - ($b.x + $b.w))] | max) as $gx |
      ([($b.y - ($a.y + $a.h)), ($a.y - ($b.y + $b.h))] | max) as $gy |
      select(([$gx, $gy] | max) * $mm < 2.9) | "\($a.id)/\($b.id)"] as $close |
    "\(.screen) \(if .language == "" then "-" else .language end) all=\($all) scroll=\(.scroll) outside=\($out | join(",")) small=\($small | join(",")) close=\($close | join(","))"' \
    "$T/$size.out" > "$T/$size.fit" 2> "$T/$size.jq"
  check '[ "$(wc -l < "$T/$size.fit")" -eq 4 ]' "$size: 4 screens measured" "$T/$size.jq"
  while read -r screen lang all scroll outside small close; do
    check '[ "$all" = all=true ] && [ "$scroll" = scroll=0 ] && [ "$outside" = outside= ]' \
      "$size $screen $lang: not all on the screen at scroll 0 ($all $scroll $outside)"
    check '[ "$small" = small= ]' "$size $screen $lang: targets under 15 mm: $small"
    check '[ "$close" = close= ]' "$size $screen $lang: targets under 3 mm apart: $close"
  done < "$T/$size.fit"
done

# 3. attract mode: not while someone reads; after the idle reset; over 10 s of virtual
# time (frames = run with the wait minus run without it, --frame-stats draws every
# changed frame); then the first touch
cat > "$T/attract-a.txt" <<'S'
lang ar
open route
wait 500
advance-clock 60000
dump-ui
advance-clock 35000
advance-clock 25000
expect-screen language
expect-text Raak het scherm aan om te beginnen
dump-ui
S
{ cat "$T/attract-a.txt"; cat <<'S'
wait 10000
dump-ui
tap-id lang-ar
wait 500
expect-screen language
expect-lang none
dump-ui
tap-id lang-ar
wait 500
expect-screen route
expect-lang ar
S
} > "$T/attract.txt"
kiosk --size 1280x800 --script "$T/attract-a.txt" --frame-stats > "$T/attract-a.out" 2> "$T/attract-a.err"
rc=$?
check '[ $rc -eq 0 ]' "attract script up to the reset: $(cat "$T/attract-a.err")"
kiosk --size 1280x800 --script "$T/attract.txt" --events --frame-stats > "$T/attract.log" 2> "$T/attract.err"
rc=$?
check '[ $rc -eq 0 ]' "attract script: $(cat "$T/attract.err")"
sed '/^frames: /d' "$T/attract.log" > "$T/attract.out"   # JSON only
jq -e -s '[.[] | select(.widgets != null) | .attract] == [false, true, true, false]' "$T/attract.out" >/dev/null
rc=$?
check '[ $rc -eq 0 ]' "attract mode: off while reading, on after the idle reset, off after the first touch"
texts=$(jq -r -s '[.[] | select(.widgets != null)][1:3][] | .widgets[] | select(.id == "attract") | .text' "$T/attract.out" | sort -u | wc -l)
check '[ "$texts" -ge 2 ]' "the invitation changes language ($texts texts seen)"
jq -e -s '[.[] | select(.event == "attract_stopped")] | length == 1' "$T/attract.out" >/dev/null
rc=$?
check '[ $rc -eq 0 ]' "one attract_stopped event"
jq -e -s '[.[] | select(.event == "tap_ignored" and .reason == "attract")] | length == 1' "$T/attract.out" >/dev/null
rc=$?
check '[ $rc -eq 0 ]' "the waking touch is ignored, not activated"
jq -e -s '[.[] | select(.event != null)] | (map(.event) | index("attract_stopped")) as $i |
  .[$i:] | map(select(.event == "language_changed")) | length == 1' "$T/attract.out" >/dev/null
rc=$?
check '[ $rc -eq 0 ]' "only the second touch chose a language"
f0=$(sed -n 's/^frames: \([0-9]*\) .*/\1/p' "$T/attract-a.out")
f1=$(sed -n 's/^frames: \([0-9]*\) .*/\1/p' "$T/attract.log")
# the full run also draws the two taps after the wait: at most 6 frames for them
echo "attract mode: $((f1 - f0)) frames over the 10 s wait and the two taps after it"
check '[ -n "$f0" ] && [ -n "$f1" ] && [ $((f1 - f0 - 6)) -le 40 ]' "attract mode: <= 4 redraws a second over 10 s ($f0 -> $f1 frames)"
check '[ -n "$f0" ] && [ -n "$f1" ] && [ $((f1 - f0)) -ge 4 ]' "attract mode redraws when the language turns ($f0 -> $f1 frames)"

# 4. no display: one sentence, exit 1, within seconds
start=$(date +%s)
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=x11,wayland timeout 20 "$BIN" --config "$T/k.conf" > "$T/nodisp.out" 2> "$T/nodisp.err"
rc=$?; took=$(( $(date +%s) - start ))
check '[ $rc -eq 1 ]' "no display: exit $rc (want 1)"
check '[ $took -le 5 ]' "no display: took $took s"
check 'grep -q "no display found (video drivers tried: x11,wayland): run it on the kiosk or in a desktop session, or without a display use --headless --screenshot out.png" "$T/nodisp.err"' \
  "no display: the sentence: $(cat "$T/nodisp.err")"
finish
