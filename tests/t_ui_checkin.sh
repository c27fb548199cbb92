#!/bin/sh
# t_ui_checkin.sh — the resident check-in through the real kiosk, driven headless by
# taps on widget ids. The pass's pack built from content/ with a researcher key made
# by wegwijs-collect keygen (tests/lib.sh test_pack) is installed; one kiosk run
# completes a check-in in Arabic and then one in Dutch (the second begun within 10 s
# of the first save: flagged rapid). Checks: `checkin_saved` twice and no answer in any event; two sealed records in the store and
# no answer, label or site code in plain text in any of its files; exported, ingested
# and opened with the researchers' secret key, the records hold exactly the answers
# given. Then: an idle reset half-way, stop, and the under-age path save nothing; the
# entry is hidden without a researcher key. Screenshots of every check-in screen in
# Dutch and Arabic at 1920×1080 and 1080×1920 go to $BUILD/screenshots/checkin-*.png.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
OUT="$BUILD/screenshots"
mkdir -p "$OUT"
tmp_dir keep-failed
kiosk() { conf=$1; shift; "$BIN" --headless --config "$conf" "$@"; }
records() {   # sealed records in a state folder's check-in store
  n=0
  for db in "$1"/checkins/*.db; do
    [ -e "$db" ] || continue
    n=$((n + $(sqlite3 "$db" 'SELECT count(*) FROM checkin')))
  done
  echo "$n"
}

# --- setup: researcher keys, a signed pack with the researchers' public key, a kiosk
check 'test_pack' "pack build and sign" "$BUILD/test-pack/build.log"
conf() {   # conf NAME STATE: a kiosk config trusting the test key, with a site code
  kiosk_conf "$T/$1" "$PACK_DIR/k.pub" "$2" azc-test1
  "$BIN" --config "$T/$1" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1
}

# --- 1. a check-in in Arabic, then one in Dutch, with a screenshot of every screen
# In portrait the entry sits below the route: scroll to it as a resident would.
to_entry() { [ "$1" = 1080x1920 ] && printf 'drag 540 1700 540 300 200\nwait 3000\n'; }
# steps: a script from a table read on stdin, a line a step: "WIDGET WAIT_MS SHOT" taps
# WIDGET (- none), waits WAIT_MS (0 none) and takes the screenshot $p-SHOT.png (- none);
# a line starting with expect-, dump-ui, drag, wait or advance-clock is copied as it is.
steps() {
  while read -r id ms shot; do
    case $id in
      '') continue;;
      expect-*|dump-ui|drag|wait|advance-clock|tap) echo "$id${ms:+ $ms}${shot:+ $shot}"; continue;;
    esac
    [ "$id" = - ] || echo "tap-id $id"
    [ "$ms" = 0 ] || echo "wait $ms"
    [ "$shot" = - ] || echo "screenshot $p-$shot.png"
  done
}
flow() {   # flow SIZE
  p="$OUT/checkin-$1"
  steps <<S
lang-ar 500 -
$(to_entry "$1")
checkin-entry 500 -
expect-screen checkin
- 0 ar-consent
checkin-agree 500 ar-age
checkin-age-yes 500 ar-q1-mood
checkin-answer-2 500 ar-q2-future
checkin-answer-3 500 ar-q3-waiting-for
checkin-skip 500 ar-q4-waiting-time
checkin-answer-1-3m 500 ar-q5-next-step
checkin-answer-abit 500 -
checkin-answer-course 300 -
checkin-answer-sport 300 ar-q6-activities
checkin-next 0 ar-saving
- 300 ar-thanks
expect-text شكراً لك. تمّ حفظ أجوبتك.
checkin-done 5000 -
checkin-done 500 -
expect-screen route
$(to_entry "$1")
language 500 -
lang-nl 500 -
$(to_entry "$1")
checkin-entry 500 nl-consent
expect-text Je mag elke vraag overslaan.
checkin-agree 500 nl-age
checkin-age-yes 500 nl-q1-mood
expect-text Voorbeeld: voel je je vandaag een beetje goed?
checkin-answer-5 500 -
checkin-back 500 -
checkin-answer-4 500 nl-q2-future
checkin-skip 500 nl-q3-waiting-for
checkin-answer-house 500 nl-q4-waiting-time
checkin-skip 500 nl-q5-next-step
checkin-answer-no 500 -
checkin-answer-talk 300 -
checkin-answer-work 300 -
checkin-answer-talk 300 nl-q6-activities
checkin-next 0 nl-saving
- 300 nl-thanks
expect-text Dank je wel. Je antwoorden zijn opgeslagen.
dump-ui
S
}
for size in 1920x1080 1080x1920; do
  st="$T/state-$size"
  conf "k-$size.conf" "$st"
  flow "$size" > "$T/flow.txt"
  if kiosk "$T/k-$size.conf" --size "$size" --script "$T/flow.txt" --events > "$T/flow-$size.out" 2> "$T/flow-$size.err"
  then ok; else bad "$size: check-in script: $(cat "$T/flow-$size.err")"; continue; fi
  [ "$(grep -c '"event":"checkin_saved"' "$T/flow-$size.out")" = 2 ] && ok || bad "$size: two checkin_saved events"
  grep '"event"' "$T/flow-$size.out" | grep -qE 'checkin-answer-|checkin-age-|"(2|3|1-3m|abit|course|sport|house|no|work)"' &&
    bad "$size: an event names an answer: $(grep 'checkin-answer-' "$T/flow-$size.out" | head -3)" || ok
  grep -q '"event":"tap_ignored","reason":"locked"' "$T/flow-$size.out" && ok || bad "$size: the thank-you lock ignored a tap"
  jq -e -s 'map(select(.widgets != null)) | last | .checkin == "thanks" and .screen == "checkin"' "$T/flow-$size.out" \
    >/dev/null && ok || bad "$size: dump shows the thanks step"
  [ "$(records "$st")" = 2 ] && ok || bad "$size: $(records "$st") records stored, want 2"
done

# --- the store holds sealed bytes only
st="$T/state-1920x1080"
found=""
for f in "$st"/checkins/*; do
  for needle in mood= a.mood waiting_time activities 1-3m abit course sport house azc-test1 'Heel goed' \
                'Een huis' 'Werk of vrijwilligerswerk' 'درس اللغة'; do
    grep -aqF "$needle" "$f" && found="$found $needle($(basename "$f"))"
  done
done
[ -z "$found" ] && ok || bad "plain text in the store:$found"

# --- opened with the researchers' secret key: exactly the answers given
mkdir -p "$T/stick"
# The collector takes enrolled kiosks only: the kiosk's key from its state folder
# (kiosk-id: 32-byte seed, then the key).
if "$BIN" --config "$T/k-1920x1080.conf" --export-checkins "$T/stick" > "$T/export.out" 2>&1 &&
   kiosk_pk=$(od -An -tx1 -v -j32 -N32 "$T/state-1920x1080/kiosk-id" | tr -d ' \n') &&
   "$BUILD/wegwijs-collect" enrol --db "$T/research.db" --site azc-test1 "$kiosk_pk" > "$T/enrol.out" 2>&1 &&
   "$BUILD/wegwijs-collect" ingest --db "$T/research.db" --keys "$PACK_DIR/keys" "$T"/stick/*.wwb > "$T/ingest.out" 2>&1
then ok; else bad "export, enrol and ingest: $(cat "$T/export.out" "$T/enrol.out" "$T/ingest.out")"; fi
sqlite3 "$T/research.db" "SELECT site, questionnaire, rapid, (SELECT group_concat(q, ' ') FROM (SELECT question || '=' || code AS q
  FROM answer a WHERE a.response_id = r.response_id ORDER BY q)) AS answers FROM response r ORDER BY answers" > "$T/answers.txt"
cat > "$T/want.txt" <<W
azc-test1|1|0|activities=course activities=sport future=3 mood=2 next_step=abit waiting_time=1-3m
azc-test1|1|1|activities=work mood=4 next_step=no waiting_for=house
W
cmp -s "$T/answers.txt" "$T/want.txt" && ok || bad "opened records: $(cat "$T/answers.txt") (want: $(cat "$T/want.txt"))"

# --- 2. idle reset half-way, stop, under-age: nothing saved (after the reset, attract
# mode takes the first touch: "tap 2 2" wakes the kiosk); the idle warning inside
# the check-in comes after checkin_timeout_s (60 s)
for size in 1920x1080 1080x1920; do
  st="$T/paths-$size"
  conf "p-$size.conf" "$st"
  p="$OUT/checkin-$size"
  steps > "$T/paths.txt" <<S
lang-nl 500 -
$(to_entry "$size")
checkin-entry 500 -
checkin-agree 500 -
checkin-age-yes 500 -
checkin-answer-1 500 -
checkin-answer-2 500 -
expect-screen checkin
advance-clock 59000
expect-screen checkin
advance-clock 2000
expect-text Ben je er nog?
advance-clock 20000
expect-screen language
expect-lang none
wait 500
tap 2 2
wait 500
lang-ar 500 -
$(to_entry "$size")
checkin-entry 500 -
checkin-stop 500 -
expect-screen route
$(to_entry "$size")
checkin-entry 500 -
checkin-agree 500 -
checkin-age-no 500 ar-under-age
checkin-done 500 -
expect-screen route
$(to_entry "$size")
language 500 -
lang-nl 500 -
$(to_entry "$size")
checkin-entry 500 -
checkin-agree 500 -
checkin-age-no 500 nl-under-age
expect-text De vragen zijn voor mensen van 18 jaar of ouder.
home 500 -
expect-screen route
S
  if kiosk "$T/p-$size.conf" --size "$size" --script "$T/paths.txt" --events > "$T/paths-$size.out" 2> "$T/paths-$size.err"
  then ok; else bad "$size: idle/stop/under-age script: $(cat "$T/paths-$size.err")"; fi
  grep -q '"event":"idle_warning"' "$T/paths-$size.out" && grep -q '"event":"idle_reset"' "$T/paths-$size.out" &&
    ok || bad "$size: idle warning and reset"
  grep -q 'checkin_saved' "$T/paths-$size.out" && bad "$size: something was saved" || ok
  [ "$(records "$st")" = 0 ] && ok || bad "$size: $(records "$st") records after idle, stop and under-age"
done

# --- small and old panels: every check-in target at least 15 mm, no tofu, in Dutch and
# Arabic (dumps at consent, age gate, the faces, a list question and multiple choice)
conf "small.conf" "$T/small"
for spec in 1280x800:218x136 800x480:155x93; do
  size=${spec%%:*}; mm=${spec#*:}
  for lang in nl ar; do
    cat > "$T/small.txt" <<S
lang $lang
open route
wait 500
drag 400 $(( ${size#*x} - 60 )) 400 100 200
wait 3000
drag 400 $(( ${size#*x} - 60 )) 400 100 200
wait 3000
tap-id checkin-entry
wait 500
dump-ui
tap-id checkin-agree
wait 500
dump-ui
tap-id checkin-age-yes
wait 500
dump-ui
tap-id checkin-skip
wait 500
tap-id checkin-skip
wait 500
dump-ui
tap-id checkin-skip
wait 500
tap-id checkin-skip
wait 500
tap-id checkin-skip
wait 500
drag 400 $(( ${size#*x} - 120 )) 400 100 200
wait 3000
tap-id checkin-answer-sport
wait 300
dump-ui
S
    if kiosk "$T/small.conf" --size "$size" --panel-mm "$mm" --script "$T/small.txt" > "$T/small.out" 2> "$T/small.err"
    then ok; else bad "$size $lang: $(cat "$T/small.err")"; continue; fi
    jq -e -s 'length == 5 and all(.[]; .screen == "checkin")' "$T/small.out" >/dev/null && ok || bad "$size $lang: five check-in dumps"
    small=$(jq -r -s '.[] | .mm_per_px as $mm | .checkin as $step | .widgets[] | select(.tappable) |
      select(.w * $mm < 14.9 or .h * $mm < 14.9) | "\($step) \(.id) \(.w)x\(.h)"' "$T/small.out")
    [ -z "$small" ] && ok || bad "$size $lang: targets under 15 mm: $small"
    tofu=$(jq -s '[.[].widgets[].tofu // 0] | add' "$T/small.out")
    [ "$tofu" = 0 ] && ok || bad "$size $lang: $tofu tofu glyphs"
    jq -e -s --arg d "$([ $lang = ar ] && echo rtl || echo ltr)" 'all(.[]; .direction == $d)' "$T/small.out" >/dev/null &&
      ok || bad "$size $lang: direction"
  done
done

# --- no researcher key in the pack (or no site code): no entry, nothing to tap
make_signed_pack "$T/nokey-pack" content --version 2 --audio none
kiosk_conf "$T/nokey.conf" "$T/nokey-pack/k.pub" "$T/nokey" azc-test1
"$BIN" --config "$T/nokey.conf" --install-pack "$T/nokey-pack/p.wwpack" >/dev/null 2>&1
printf 'tap-id lang-nl\nwait 500\nexpect-screen route\nexpect-no-text Hoe gaat het met je?\n' > "$T/nokey.txt"
kiosk "$T/nokey.conf" --script "$T/nokey.txt" --dump-ui > "$T/nokey.out" 2> "$T/nokey.err" && ok || bad "no key: $(cat "$T/nokey.err")"
grep -q '"id":"checkin-entry"' "$T/nokey.out" && bad "the entry shows without a researcher key" || ok
kiosk_conf "$T/nosite.conf" "$PACK_DIR/k.pub" "$T/state-1920x1080"
kiosk "$T/nosite.conf" --script "$T/nokey.txt" --dump-ui > "$T/nosite.out" 2> "$T/nosite.err" && ok || bad "no site code: $(cat "$T/nosite.err")"
grep -q '"id":"checkin-entry"' "$T/nosite.out" && bad "the entry shows without a site code" || ok

# every screenshot was written at its size and is not blank
n=0
for f in "$OUT"/checkin-*.png; do
  n=$((n + 1))
  geo=$(identify -format '%wx%h %k' "$f" 2>/dev/null)
  case "$f" in *1080x1920*) want=1080x1920;; *) want=1920x1080;; esac
  [ "${geo%% *}" = "$want" ] && [ "${geo#* }" -gt 20 ] && ok || bad "$f: '$geo'"
done
[ "$n" -ge 40 ] && ok || bad "only $n screenshots"
echo "screenshots in $OUT/checkin-*.png"
finish
