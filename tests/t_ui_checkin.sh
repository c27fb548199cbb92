#!/bin/sh
# t_ui_checkin.sh — the resident check-in through the real kiosk, driven headless by
# taps on widget ids. A pack is built from content/ with a researcher key made by
# wegwijs-collect keygen; one kiosk run completes a check-in in Arabic and then one in
# Dutch (the second begun within 10 s of the first save: flagged rapid). Checks:
# `checkin_saved` twice and no answer in any event; two sealed records in the store and
# no answer, label or site code in plain text in any of its files; exported, ingested
# and opened with the researchers' secret key, the records hold exactly the answers
# given. Then: an idle reset half-way, stop, and the under-age path save nothing; the
# entry is hidden without a researcher key. Screenshots of every check-in screen in
# Dutch and Arabic at 1920×1080 and 1080×1920 go to $BUILD/screenshots/checkin-*.png.
set -u
BUILD=${BUILD:-build}
BIN="$BUILD/wegwijs"
OUT="$BUILD/screenshots"
mkdir -p "$OUT"
T=$(mktemp -d)
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# the pack tool's own leaks belong to the pack area (see t_deploy.sh)
pack() { ASAN_OPTIONS=detect_leaks=0 "$BUILD/wegwijs-pack" "$@"; }
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
"$BUILD/wegwijs-collect" keygen --out "$T/keys" >/dev/null || bad "collect keygen"
pack build content -o "$T/p.wwpack" --researcher-key "$T/keys/researcher.pk" --audio none >/dev/null &&
  pack keygen -p "$T/coa.pub" -s "$T/coa.key" >/dev/null && pack sign "$T/p.wwpack" -s "$T/coa.key" >/dev/null &&
  ok || bad "pack build and sign"
conf() {   # conf NAME STATE: a kiosk config trusting the test key, with a site code
  printf 'site_code = azc-test1\ntrusted_key = %s\nstate_dir = %s\n' "$T/coa.pub" "$2" > "$T/$1"
  "$BIN" --config "$T/$1" --install-pack "$T/p.wwpack" >/dev/null 2>&1
}

# --- 1. a check-in in Arabic, then one in Dutch, with a screenshot of every screen
# In portrait the entry sits below the route: scroll to it as a resident would.
to_entry() { [ "$1" = 1080x1920 ] && printf 'drag 540 1700 540 300 200\nwait 3000\n'; }
flow() {   # flow SIZE
  p="$OUT/checkin-$1"
  cat <<S
tap-id lang-ar
wait 500
$(to_entry "$1")
tap-id checkin-entry
wait 500
expect-screen checkin
screenshot $p-ar-consent.png
tap-id checkin-agree
wait 500
screenshot $p-ar-age.png
tap-id checkin-age-yes
wait 500
screenshot $p-ar-q1-mood.png
tap-id checkin-answer-2
wait 500
screenshot $p-ar-q2-future.png
tap-id checkin-answer-3
wait 500
screenshot $p-ar-q3-waiting-for.png
tap-id checkin-skip
wait 500
screenshot $p-ar-q4-waiting-time.png
tap-id checkin-answer-1-3m
wait 500
screenshot $p-ar-q5-next-step.png
tap-id checkin-answer-abit
wait 500
tap-id checkin-answer-course
wait 300
tap-id checkin-answer-sport
wait 300
screenshot $p-ar-q6-activities.png
tap-id checkin-next
screenshot $p-ar-saving.png
wait 300
screenshot $p-ar-thanks.png
expect-text شكراً لك. تمّ حفظ أجوبتك.
tap-id checkin-done
wait 5000
tap-id checkin-done
wait 500
expect-screen route
$(to_entry "$1")
tap-id language
wait 500
tap-id lang-nl
wait 500
$(to_entry "$1")
tap-id checkin-entry
wait 500
screenshot $p-nl-consent.png
expect-text Je mag elke vraag overslaan.
tap-id checkin-agree
wait 500
screenshot $p-nl-age.png
tap-id checkin-age-yes
wait 500
screenshot $p-nl-q1-mood.png
expect-text Voorbeeld: voel je je vandaag een beetje goed?
tap-id checkin-answer-5
wait 500
tap-id checkin-back
wait 500
tap-id checkin-answer-4
wait 500
screenshot $p-nl-q2-future.png
tap-id checkin-skip
wait 500
screenshot $p-nl-q3-waiting-for.png
tap-id checkin-answer-house
wait 500
screenshot $p-nl-q4-waiting-time.png
tap-id checkin-skip
wait 500
screenshot $p-nl-q5-next-step.png
tap-id checkin-answer-no
wait 500
tap-id checkin-answer-talk
wait 300
tap-id checkin-answer-work
wait 300
tap-id checkin-answer-talk
wait 300
screenshot $p-nl-q6-activities.png
tap-id checkin-next
screenshot $p-nl-saving.png
wait 300
screenshot $p-nl-thanks.png
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
   "$BUILD/wegwijs-collect" ingest --db "$T/research.db" --keys "$T/keys" "$T"/stick/*.wwb > "$T/ingest.out" 2>&1
then ok; else bad "export, enrol and ingest: $(cat "$T/export.out" "$T/enrol.out" "$T/ingest.out")"; fi
sqlite3 "$T/research.db" "SELECT site, questionnaire, rapid, (SELECT group_concat(q, ' ') FROM (SELECT question || '=' || code AS q
  FROM answer a WHERE a.response_id = r.response_id ORDER BY q)) AS answers FROM response r ORDER BY answers" > "$T/answers.txt"
cat > "$T/want.txt" <<W
azc-test1|1|0|activities=course activities=sport future=3 mood=2 next_step=abit waiting_time=1-3m
azc-test1|1|1|activities=work mood=4 next_step=no waiting_for=house
W
cmp -s "$T/answers.txt" "$T/want.txt" && ok || bad "opened records: $(cat "$T/answers.txt") (want: $(cat "$T/want.txt"))"

# --- 2. idle reset half-way, stop, under-age: nothing saved; the idle warning inside
# the check-in comes after checkin_timeout_s (60 s)
for size in 1920x1080 1080x1920; do
  st="$T/paths-$size"
  conf "p-$size.conf" "$st"
  p="$OUT/checkin-$size"
  cat > "$T/paths.txt" <<S
tap-id lang-nl
wait 500
$(to_entry "$size")
tap-id checkin-entry
wait 500
tap-id checkin-agree
wait 500
tap-id checkin-age-yes
wait 500
tap-id checkin-answer-1
wait 500
tap-id checkin-answer-2
wait 500
expect-screen checkin
advance-clock 59000
expect-screen checkin
advance-clock 2000
expect-text Ben je er nog?
advance-clock 20000
expect-screen language
expect-lang none
wait 500
tap-id lang-ar
wait 500
$(to_entry "$size")
tap-id checkin-entry
wait 500
tap-id checkin-stop
wait 500
expect-screen route
$(to_entry "$size")
tap-id checkin-entry
wait 500
tap-id checkin-agree
wait 500
tap-id checkin-age-no
wait 500
screenshot $p-ar-under-age.png
tap-id checkin-done
wait 500
expect-screen route
$(to_entry "$size")
tap-id language
wait 500
tap-id lang-nl
wait 500
$(to_entry "$size")
tap-id checkin-entry
wait 500
tap-id checkin-agree
wait 500
tap-id checkin-age-no
wait 500
screenshot $p-nl-under-age.png
expect-text De vragen zijn voor mensen van 18 jaar of ouder.
tap-id home
wait 500
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
pack build content -o "$T/nokey.wwpack" --version 2 --audio none >/dev/null && pack sign "$T/nokey.wwpack" -s "$T/coa.key" >/dev/null
printf 'site_code = azc-test1\ntrusted_key = %s\nstate_dir = %s\n' "$T/coa.pub" "$T/nokey" > "$T/nokey.conf"
"$BIN" --config "$T/nokey.conf" --install-pack "$T/nokey.wwpack" >/dev/null 2>&1
printf 'tap-id lang-nl\nwait 500\nexpect-screen route\nexpect-no-text Hoe gaat het met je?\n' > "$T/nokey.txt"
kiosk "$T/nokey.conf" --script "$T/nokey.txt" --dump-ui > "$T/nokey.out" 2> "$T/nokey.err" && ok || bad "no key: $(cat "$T/nokey.err")"
grep -q '"id":"checkin-entry"' "$T/nokey.out" && bad "the entry shows without a researcher key" || ok
printf 'trusted_key = %s\nstate_dir = %s\n' "$T/coa.pub" "$T/state-1920x1080" > "$T/nosite.conf"
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
if [ "$fail" -eq 0 ]; then rm -rf "$T"; else echo "kept $T for a look"; fi
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
