#!/bin/sh
# t_ui_navigator.sh — "Where am I on this road?" through the real kiosk, driven headless
# by taps on widget ids, with the pass's pack built from content/ (tests/lib.sh
# test_pack). 0. The entry (a row of the route's action bar) shows fully inside the
# screen without scrolling.
# 1. In ar, ti and nl every path of the default tree in content/navigator.md
# (9 paths, "I don't know" included) lands on the right here/next (--dump-ui), shows at
# least 3 nav-todo items, is reached in at most 6 taps from the route, and the route
# strip is mirrored in RTL; a to-do item opens its page and back returns to the result.
# 2. No trace: an idle reset half-way and at the result, home, stop and a language
# change leave the next navigator empty (`open navigator` shows question 1, which the
# entry's own wipe would hide); no event names an answer (`navigator_result` has no
# fields); the state folder is byte for byte the same after a navigator visit.
# nav-listen reads the question and its answers aloud. Screenshots of a question and a result in ar, ti, fa and nl at 1080×1920 and
# 1920×1080 go to $BUILD/screenshots/nav-*.png.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
OUT="$BUILD/screenshots"
mkdir -p "$OUT"
tmp_dir keep-failed
need_bin "$BIN" jq

check 'test_pack' "pack build and sign" "$BUILD/test-pack/build.log"
kiosk_conf "$T/k.conf" "$PACK_DIR/k.pub" "$T/state"
"$BIN" --config "$T/k.conf" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1 && ok || bad "pack install"
kiosk() { "$BIN" --headless --config "$T/k.conf" "$@"; }

# The default tree: answers from question 1 on → here next.
PATHS='waiting aankomst status
dontknow aankomst status
yes,no status koppeling
yes,dontknow status koppeling
yes,yes,no brede-intake pip
yes,yes,dontknow brede-intake pip
yes,yes,yes,no pip leerroutes
yes,yes,yes,dontknow pip leerroutes
yes,yes,yes,yes leerroutes map'

# --- 0. the entry is on the route screen without scrolling, in both orientations
for size in 1080x1920 1920x1080 1280x800 800x480; do
  printf 'tap-id lang-ti\nwait 500\nexpect-screen route\ndump-ui\n' > "$T/entry.txt"
  if kiosk --size "$size" --script "$T/entry.txt" > "$T/entry.out" 2> "$T/entry.err"; then
    jq -e -s 'map(select(.widgets != null)) | last | .scroll == 0 and
      ([.widgets[] | select(.id == "navigator-entry" and .tappable and .x >= 0 and .y >= 0 and
        .x + .w <= $w and .y + .h <= $h)] | length == 1)' \
      --argjson w "${size%x*}" --argjson h "${size#*x}" "$T/entry.out" >/dev/null && ok || bad "$size: navigator-entry not fully inside the route screen at scroll 0"
  else bad "entry script $size: $(tail -n 3 "$T/entry.err")"; fi
done

# --- 1. every path in ar, ti and nl
for lang in ar ti nl; do
  {
    printf 'tap-id lang-%s\nwait 500\nexpect-screen route\n' "$lang"
    echo "$PATHS" | while read -r answers here next; do
      printf 'tap-id navigator-entry\nwait 500\nexpect-screen navigator\n'
      for a in $(echo "$answers" | tr , ' '); do printf 'tap-id nav-answer-%s\nwait 500\n' "$a"; done
      printf 'dump-ui\ntap-id nav-stop\nwait 500\nexpect-screen route\n'
    done
    # a to-do item opens its page; back returns to the same result
    printf 'tap-id navigator-entry\nwait 500\ntap-id nav-answer-waiting\nwait 500\n'
    printf 'tap-id nav-todo-1\nwait 500\nexpect-screen page\ntap-id back\nwait 500\nexpect-screen navigator\ndump-ui\n'
  } > "$T/paths-$lang.txt"
  if kiosk --size 1080x1920 --script "$T/paths-$lang.txt" --events > "$T/paths-$lang.out" 2> "$T/paths-$lang.err"; then ok
  else bad "$lang paths script: $(tail -n 3 "$T/paths-$lang.err")"; continue; fi
  jq -c 'select(.widgets != null)' "$T/paths-$lang.out" > "$T/dumps-$lang.json"
  i=0
  echo "$PATHS" | while read -r answers here next; do
    i=$((i + 1))
    taps=$(( $(echo "$answers" | tr , '\n' | wc -l) + 1 ))   # the entry, then one per answer
    [ "$taps" -le 6 ] || echo "$lang path $answers takes $taps taps"
    jq -e -s --argjson i "$i" --arg here "$here" --arg next "$next" --arg lang "$lang" '.[$i - 1] |
      .screen == "navigator" and .language == $lang and .navigator.step == "result" and
      .navigator.here == $here and .navigator.next == $next and
      ([.widgets[] | select(.id | test("^nav-todo-[0-9]+$"))] | length >= 3) and
      ([.widgets[] | select(.id == "nav-stop" or .id == "nav-back")] | length == 2)' \
      "$T/dumps-$lang.json" >/dev/null || echo "$lang path $answers: not here=$here next=$next with 3+ to-do items"
  done > "$T/paths-$lang.fails"
  [ -s "$T/paths-$lang.fails" ] && bad "$(cat "$T/paths-$lang.fails")" || ok
  # the strip reads in the language's direction: aankomst at the start edge
  rtl=$([ "$lang" = ar ] && echo true || echo false)
  jq -e -s --argjson rtl "$rtl" '.[0] | (.direction == (if $rtl then "rtl" else "ltr" end)) and
    ([.widgets[] | select(.id == "nav-step-aankomst")][0].x as $a |
     [.widgets[] | select(.id == "nav-step-status")][0].x as $s |
     if $rtl then $a > $s else $a < $s end)' "$T/dumps-$lang.json" >/dev/null && ok || bad "$lang: route strip not in reading order"
  jq -e -s '.[9] | .navigator.step == "result" and .navigator.here == "aankomst"' "$T/dumps-$lang.json" >/dev/null &&
    ok || bad "$lang: back from a to-do page did not return to the result"
  jq -e -s '[.[] | select(.event == "navigator_result")] | length == 10 and all(keys == ["event", "t"])' \
    "$T/paths-$lang.out" >/dev/null && ok || bad "$lang: navigator_result events carry more than the event"
done

# --- 2. no trace
# step NAME SCRIPT: runs the script in nl; the last dump must show question 1 again.
starts_empty() {
  if kiosk --size 1080x1920 --script "$T/$1.txt" --events > "$T/$1.out" 2> "$T/$1.err"; then
    jq -e -s 'map(select(.widgets != null)) | last | .screen == "navigator" and .navigator.step == "question-1"' \
      "$T/$1.out" >/dev/null && ok || bad "$1: the next navigator did not start empty"
  else bad "$1 script: $(tail -n 3 "$T/$1.err")"; fi
}
to_result='tap-id lang-nl
wait 500
tap-id navigator-entry
wait 500
tap-id nav-answer-yes
wait 500
tap-id nav-answer-yes
wait 500
tap-id nav-answer-yes
wait 500
tap-id nav-answer-no
wait 500
expect-text Je plan: het PIP'
half_way='tap-id lang-nl
wait 500
tap-id navigator-entry
wait 500
tap-id nav-answer-yes
wait 500
tap-id nav-answer-yes
wait 500'
idle='advance-clock 95000
advance-clock 25000
expect-screen language'
printf '%s\n%s\nopen navigator\nwait 500\ndump-ui\n' "$half_way" "$idle" > "$T/idle-half.txt"
printf '%s\n%s\nopen navigator\nwait 500\ndump-ui\n' "$to_result" "$idle" > "$T/idle-result.txt"
printf '%s\ntap-id home\nwait 500\nopen navigator\nwait 500\ndump-ui\n' "$to_result" > "$T/home.txt"
printf '%s\ntap-id nav-stop\nwait 500\nexpect-screen route\nopen navigator\nwait 500\ndump-ui\n' "$half_way" > "$T/stop.txt"
printf '%s\ntap-id language\nwait 500\ntap-id lang-ar\nwait 500\nexpect-lang ar\ndump-ui\n' "$half_way" > "$T/language.txt"
for s in idle-half idle-result home stop language; do starts_empty "$s"; done
# back goes one question back, and from the first question to the route
printf '%s\ntap-id nav-back\nwait 500\ndump-ui\ntap-id nav-back\nwait 500\ntap-id nav-back\nwait 500\nexpect-screen route\n' \
  "$half_way" > "$T/back.txt"
if kiosk --size 1080x1920 --script "$T/back.txt" --dump-ui > "$T/back.out" 2> "$T/back.err"; then
  jq -e -s 'map(select(.widgets != null)) | .[0].navigator.step == "question-2"' "$T/back.out" >/dev/null &&
    ok || bad "nav-back did not return to question 2"
else bad "back script: $(tail -n 3 "$T/back.err")"; fi
# no event names an answer code, a here or a next
cat "$T"/*.out | grep '"event"' > "$T/events.txt"
grep -E 'nav-answer-|"(here|next|answer|code)"' "$T/events.txt" && bad "an event names an answer" || ok
grep -q '"navigator_result"' "$T/events.txt" && ok || bad "no navigator_result event"
# the state folder: the same bytes after a navigator visit as before it
snapshot() { (cd "$T/state" && find . -type f -exec sha256sum {} + | sort; find . | sort); }
printf 'tap-id lang-nl\nwait 500\n' > "$T/plain.txt"
kiosk --script "$T/plain.txt" >/dev/null 2>&1
snapshot > "$T/state-before"
kiosk --script "$T/idle-result.txt" >/dev/null 2>&1
printf '%s\n' "$to_result" > "$T/result-only.txt"
kiosk --script "$T/result-only.txt" >/dev/null 2>&1
snapshot > "$T/state-after"
cmp -s "$T/state-before" "$T/state-after" && ok || bad "the state folder changed: $(diff "$T/state-before" "$T/state-after" | head -5)"

# --- read aloud: the question, then each answer (the pack voices navigator questions)
printf 'tap-id lang-nl\nwait 500\ntap-id navigator-entry\nwait 500\ntap-id nav-listen\nwait-audio playing 10000\nwait 200\ndump-ui\n' > "$T/listen.txt"
if kiosk --size 1080x1920 --script "$T/listen.txt" --events > "$T/listen.out" 2> "$T/listen.err"; then
  jq -e -s '([.[] | select(.event == "listen" and .screen == "navigator" and .key == "status" and .audio_id > 0)] | length == 1) and
    ([.[] | select(.event == "audio_started" and .what == "navigator" and .clips == 4)] | length == 1)' \
    "$T/listen.out" >/dev/null && ok || bad "nav-listen did not play the question and its three answers"
else bad "listen script: $(tail -n 3 "$T/listen.err")"; fi

# --- 3. screenshots: question 1, question 3 and a result, portrait and landscape
for size in 1080x1920 1920x1080; do
  for lang in ar ti fa nl; do
    p="$OUT/nav-$lang-$size"
    cat > "$T/shot.txt" <<S
tap-id lang-$lang
wait 500
screenshot $p-route.png
tap-id navigator-entry
wait 500
screenshot $p-q1.png
tap-id nav-answer-yes
wait 500
tap-id nav-answer-yes
wait 500
screenshot $p-q3.png
tap-id nav-answer-dontknow
wait 500
screenshot $p-result.png
drag 540 1500 540 500 200
wait 3000
screenshot $p-result-more.png
S
    kiosk --size "$size" --script "$T/shot.txt" > /dev/null 2> "$T/shot.err" && ok || bad "screenshots $lang $size: $(tail -n 2 "$T/shot.err")"
  done
done
finish
