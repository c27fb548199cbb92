#!/bin/sh
# t_voice_screens.sh — FAQ, glossary, help and the idle warning are heard (#18). A copy
# of content/ with nl, ar and so (Somali: no espeak-ng voice) gets recordings for a
# few units of each screen in nl and ar: espeak-ng speaks each unit's text from
# `voice-script --json` into the file name it gives, `voice-import` normalises them (a
# volunteer's phone take would go the same way; real speech, few clips, a few seconds).
# The kiosk (SDL disk audio driver) then plays on the FAQ screen the listen button of
# one entry (question, then its answer; the highlight moves from one to the other), on
# the help screen the heading and contacts, and speaks the idle warning by itself when
# it appears — each heard: sound that is not silence, as long as the clips say, near
# the -20 LUFS the import normalised to. The term card (search, #17) plays a glossary
# explanation (term-listen, ui_listen_target "glossary:N"). Somali: no listen button
# anywhere, no idle speech.
set -u
. tests/lib.sh
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan-pack.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PACK="$BUILD/wegwijs-pack"
KIOSK="$BUILD/wegwijs"
need_bin espeak-ng
need_bin ffmpeg
tmp_dir keep
start=$(date +%s)
cp -r content "$T/c"
rm -rf "$T/c/audio"
grep -E '^(#|nl	|ar	|so	)' content/languages.tsv > "$T/c/languages.tsv"

# 1. Takes: espeak-ng reads the units' texts (FAQ entry N, glossary g1, the help heading
# and the first contact, the idle warning) into the names voice-script gives.
for lang in nl ar; do
  "$PACK" voice-script "$T/c" $lang --json --pages faq,glossary,help,ui > "$T/$lang.json" 2>"$T/$lang.script.err"
  # the first FAQ entry whose question and first answer paragraph are both translated
  n=$(jq -r '[.pages[] | select(.id == "faq") | .units[].id] as $ids | [range(1; 40) as $i | select(any($ids[]; . == "q\($i)") and any($ids[]; . == "a\($i).1")) | $i][0]' "$T/$lang.json")
  echo "$n" > "$T/$lang.faq"
  mkdir -p "$T/takes-$lang"
  jq -r --arg n "$n" '.pages[].units[] | select(.id == "q\($n)" or (.id | startswith("a\($n).")) or .id == "g1" or .id == "help_title"
      or .id == "idle_title" or .id == "idle_body" or (.file | test("^help_coa\\."))) | .file + "\t" + .text' "$T/$lang.json" |
  while IFS='	' read -r file text; do
    printf '%s' "$text" | espeak-ng -v $lang -w "$T/takes-$lang/$file.wav" --stdin 2>>"$T/espeak.err"
  done
  "$PACK" voice-import "$T/c" $lang "$T/takes-$lang" > "$T/import-$lang.out" 2>&1
  rc=$?
  check '[ $rc -eq 0 ] && [ -f "$T/c/audio/$lang/faq/q$n.opus" ] && [ -f "$T/c/audio/$lang/faq/a$n.1.opus" ] && [ -f "$T/c/audio/$lang/glossary/g1.opus" ] &&
         [ -f "$T/c/audio/$lang/ui/idle_title.opus" ] && [ -f "$T/c/audio/$lang/help/coa.how.opus" ]' \
    "$lang: FAQ $n, glossary, help and idle warning recorded ($(ls "$T/takes-$lang" | wc -l) takes)" "$T/import-$lang.out"
done
"$PACK" build "$T/c" -o "$T/p.wwpack" --audio none > "$T/build.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "the pack builds with the recordings" "$T/build.log"
"$PACK" keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null
"$PACK" sign "$T/p.wwpack" -s "$T/k.key" >/dev/null
"$KIOSK" --install-pack "$T/p.wwpack" --state "$T/state" --trusted-key "$T/k.pub" > "$T/install.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "the pack installs" "$T/install.log"

# 2. The site model: every unit's clip by its key (site_audio), glossary included.
for lang in nl ar; do
  n=$(cat "$T/$lang.faq")
  ids=$(sqlite3 "$T/p.wwpack" "SELECT count(*) FROM audio WHERE lang = '$lang' AND ((ctx = 'faq' AND key IN ('q$n', 'a$n.1'))
    OR (ctx = 'glossary' AND key = 'g1') OR (ctx = 'ui' AND key IN ('idle_title', 'idle_body', 'help_title')))")
  check '[ "$ids" -eq 6 ]' "$lang: the pack holds the FAQ, glossary, help heading and idle clips ($ids of 6)"
done

# 3. The kiosk hears them. One run per language and screen; sound in NAME.raw.
export SDL_AUDIODRIVER=disk
printf 'audio_volume = 100\nidle_timeout_s = 30\nidle_countdown_s = 25\n' > "$T/kiosk.conf"
kiosk() {   # kiosk NAME LANG OPEN SCRIPT
  SDL_DISKAUDIOFILE="$T/$1.raw" SDL_DISKAUDIODELAY=5 "$KIOSK" --headless --config "$T/kiosk.conf" --state "$T/state" \
    --size 800x1280 --lang "$2" --open "$3" --events --script "$4" > "$T/$1.events" 2>"$T/$1.err"
}
lufs() { ffmpeg -nostdin -hide_banner -f s16le -ar 48000 -ac 1 -i "$1" -af ebur128 -f null - 2>&1 | awk '/Integrated loudness/ {f=1} f && /I:/ {print $2; exit}'; }
within() { echo "$1 >= $2 - $3 && $1 <= $2 + $3" | bc -l | grep -q 1; }
dump() { awk -v n="$2" '/^\{"screen"/ {k++} k == n {printf "%s", $0} k == n && /\]\}$/ {exit}' "$1"; }
heard() {   # heard NAME WHAT: the run played WHAT to its end, audibly, as long as its clips
  name=$1 what=$2
  ms=$(grep "\"audio_stopped\",\"what\":\"$what\"" "$T/$name.events" | sed -n 's/.*"reason":"end","played_ms":\([0-9]*\),"ms":\([0-9]*\).*/\1 \2/p')
  got=$(echo "scale=3; $(stat -c %s "$T/$name.raw" 2>/dev/null || echo 0) / 96" | bc)   # ms of 48 kHz s16 mono
  l=$(lufs "$T/$name.raw")
  echo "  $name: $what played ${ms:-?} ms, ${got} ms written, ${l:-?} LUFS"
  played=${ms% *} total=${ms#* }
  check '[ -n "$ms" ] && [ "$played" -ge "$total" ] && [ "$total" -ge 500 ] && echo "$got >= $total" | bc | grep -q 1' \
    "$name: $what played to its end (${ms:-none})" "$T/$name.err"
  # the file also holds the silence around it: the loudness gate keeps that out
  check 'within "${l:-0}" -20 3' "$name: heard near -20 LUFS (${l:-?})"
}
for lang in nl ar; do
  n=$(cat "$T/$lang.faq")
  { printf 'wait 500\ntap-id faq-%s-listen\nwait-audio playing 10000\n' $n
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'sleep 150\ndump-ui\n'; done
    printf 'wait-audio stopped 60000\ndump-ui\n'; } > "$T/faq.txt"
  kiosk "$lang-faq" $lang questions "$T/faq.txt"
  rc=$?
  check '[ $rc -eq 0 ] && grep -q "\"event\":\"listen\",\"what\":\"faq:$n\"" "$T/$lang-faq.events"' "$lang: FAQ $n has a listen button" "$T/$lang-faq.err"
  seq=$(for i in $(seq 1 13); do dump "$T/$lang-faq.events" $i | jq -r '.reading | select(. != "")'; done | uniq | paste -sd' ' -)
  after=$(dump "$T/$lang-faq.events" 13 | jq -r '.reading')
  check '[ "$seq" = "faq-$n faq-$n-answer" ] && [ -z "$after" ]' "$lang: the highlight moves from the question to the answer ('$seq', then '$after')"
  heard "$lang-faq" "faq:$n"
  cat > "$T/help.txt" <<'S'
wait 500
tap-id help-listen
wait-audio playing 10000
sleep 150
dump-ui
wait-audio stopped 60000
S
  kiosk "$lang-help" $lang help "$T/help.txt"
  rc=$?
  check '[ $rc -eq 0 ]' "$lang: the help screen has a listen button" "$T/$lang-help.err"
  r=$(dump "$T/$lang-help.events" 1 | jq -r .reading)
  check 'echo "$r" | grep -Eq "^(title|contact-coa-name)$"' "$lang: the help heading (or the first contact) is highlighted first ('$r')"
  heard "$lang-help" help
  # the term card of glossary g1 (aanmaning), from a search for the Dutch word
  cat > "$T/term.txt" <<'S'
wait 500
type aanmaning
wait 500
expect-result 1 glossary:aanmaning
tap-id result-1
wait 500
expect-screen term
tap-id term-listen
wait-audio playing 10000
sleep 150
dump-ui
wait-audio stopped 60000
S
  kiosk "$lang-term" $lang search "$T/term.txt"
  rc=$?
  check '[ $rc -eq 0 ]' "$lang: the term card has a listen button" "$T/$lang-term.err"
  r=$(dump "$T/$lang-term.events" 1 | jq -r .reading)
  check '[ "$r" = term-explanation ]' "$lang: the explanation is highlighted while it is heard ('$r')"
  heard "$lang-term" "glossary:1"
  # the idle warning: 30 s without a touch, then it speaks by itself; a tap stops it
  cat > "$T/idle.txt" <<'S'
wait 500
advance-clock 30500
wait-audio playing 10000
sleep 150
dump-ui
wait-audio stopped 60000
S
  kiosk "$lang-idle" $lang route "$T/idle.txt"
  rc=$?
  check '[ $rc -eq 0 ] && grep -q "\"event\":\"idle_warning\"" "$T/$lang-idle.events"' "$lang: the idle warning appears" "$T/$lang-idle.err"
  r=$(dump "$T/$lang-idle.events" 1 | jq -r '[.idle_overlay, .reading] | join(" ")')
  check 'echo "$r" | grep -Eq "^true idle-(title|body)$"' "$lang: the warning's text is highlighted while it is spoken ('$r')"
  heard "$lang-idle" idle
  check '! grep -q "\"event\":\"idle_reset\"" "$T/$lang-idle.events"' "$lang: the countdown did not run out while speaking"
  cat > "$T/idle-tap.txt" <<'S'
wait 500
advance-clock 30500
wait-audio playing 10000
sleep 300
tap-id idle-continue
wait-audio stopped 3000
expect-screen route
S
  kiosk "$lang-idle-tap" $lang route "$T/idle-tap.txt"
  rc=$?
  check '[ $rc -eq 0 ] && grep -q "\"audio_stopped\",\"what\":\"idle\".*\"reason\":\"continue\"" "$T/$lang-idle-tap.events"' \
    "$lang: tapping the warning away stops its speech" "$T/$lang-idle-tap.err"
done

# 4. Somali (no voice, no recordings): no listen button on FAQ or help, the warning silent.
cat > "$T/so.txt" <<'S'
wait 500
dump-ui
open help
wait 500
dump-ui
advance-clock 30500
sleep 1000
expect-audio stopped
dump-ui
S
kiosk so so questions "$T/so.txt"
rc=$?
check '[ $rc -eq 0 ]' "so: the script runs" "$T/so.err"
buttons=$(grep -o '"id":"[a-z0-9-]*listen"' "$T/so.events" | sort -u | tr '\n' ' ')
check '[ -z "$buttons" ] && [ "$(dump "$T/so.events" 3 | jq -r .idle_overlay)" = true ] && ! grep -q audio_started "$T/so.events"' \
  "so: no listen button, the idle warning shown but silent (${buttons:-no buttons})"
echo "time: $(( $(date +%s) - start )) s"
finish
