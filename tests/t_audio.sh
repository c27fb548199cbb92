#!/bin/sh
# t_audio.sh — read-aloud end to end. The real content/ is built with generated speech
# (espeak-ng → Opus, cached; the pass's shared pack, tests/lib.sh test_pack) and `wegwijs-pack check` prints the coverage table: every
# language with an espeak-ng voice reads aloud, the others hide the button. Then the
# kiosk runs headless with SDL's disk audio driver (SDL_DISKAUDIOFILE) on the
# brede-intake page in Dutch and Arabic: listen writes sound that is not silence and as
# long as espeak-ng says the page is; the paragraph heard is highlighted and scrolled
# into view; stop, navigation and an idle reset stop it at once (the file stops
# growing; --events say audio_stopped with the reason); Tigrinya has no listen button.
set -u
. tests/lib.sh
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan-pack.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PACK="$BUILD/wegwijs-pack"
KIOSK="$BUILD/wegwijs"
tmp_dir

# 1. The real content with speech for every language that has a voice.
start=$(date +%s)
check 'test_pack' "content/ builds with audio" "$BUILD/test-pack/build.log"
echo "build (or reuse): $(( $(date +%s) - start )) s; $(grep '^audio:' "$BUILD/test-pack/build.log")"
[ -f "$PACK_DIR/p.wwpack" ] || finish
echo "pack: $(stat -c %s "$PACK_DIR/p.wwpack") bytes"
"$PACK" check "$PACK_DIR/p.wwpack" >"$T/check.log" 2>&1
sed -n '/^audio coverage/,/^[^a-z]/p' "$T/check.log" | head -n 20
check 'grep -q "^audio coverage" "$T/check.log"' "check prints the audio coverage table" "$T/check.log"
while IFS='	' read -r code name dir fonts voice; do
  case "$code" in ''|'#'*) continue;; esac
  row=$(grep -E "^$code +" "$T/check.log" | grep -E ' (yes|no) ' | head -n 1)
  listen=$(echo "$row" | awk '{print $3}')
  generated=$(echo "$row" | awk '{print $6}')
  if [ "$voice" = "-" ]; then
    check '[ "$listen" = no ]' "$code (no voice): listen button hidden ($row)"
  else
    check '[ "$listen" = yes ]' "$code (voice $voice): reads aloud ($row)"
    # a translated language with a voice speaks its own language, not just Dutch
    if [ -f "content/po/$code.po" ] && grep -q '^msgstr "[^"]' "content/po/$code.po"; then
      check '[ "${generated:-0}" -gt 0 ]' "$code: speech generated from its translation ($row)"
    fi
  fi
done < content/languages.tsv
check '! grep -q "error: .*(audio)" "$T/check.log"' "no audio errors in the check" "$T/check.log"

# 2. Install it for the kiosk.
check '"$KIOSK" --install-pack "$PACK_DIR/p.wwpack" --state "$T/state" --trusted-key "$PACK_DIR/k.pub" >"$T/install.log" 2>&1' \
  "the pack installs" "$T/install.log"
export SDL_AUDIODRIVER=disk
kiosk() {   # kiosk NAME LANG SCRIPT [SIZE]: runs, events in NAME.events, sound in NAME.raw
  SDL_DISKAUDIOFILE="$T/$1.raw" "$KIOSK" --headless --state "$T/state" --size "${4:-1920x1080}" --lang "$2" \
    --open brede-intake --events --script "$3" >"$T/$1.events" 2>"$T/$1.err"
}
raw_seconds() { echo "scale=3; $(stat -c %s "$1" 2>/dev/null || echo 0) / 96000" | bc; }
rms() { sox -t raw -r 48000 -e signed -b 16 -c 1 "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }
dump() {   # dump FILE N: the N-th `dump-ui` JSON object of a run's output, on one line
  awk -v n="$2" '/^\{"screen"/ {k++} k == n {printf "%s", $0} k == n && /\]\}$/ {exit}' "$1"
}

for lang in nl ar; do
  # 3. Real time: listen, 1.5 s, the title or first block highlighted, then stop.
  cat > "$T/stop.txt" <<'S'
wait 500
expect-audio stopped
tap-id listen
wait-audio playing 10000
sleep 1500
expect-audio playing
dump-ui
tap-id listen
wait-audio stopped 3000
sleep 1000
S
  kiosk "$lang-stop" "$lang" "$T/stop.txt"; rc=$?
  check '[ $rc -eq 0 ]' "$lang: listen, then stop (script)" "$T/$lang-stop.err"
  grep '"event":"audio_' "$T/$lang-stop.events" > "$T/$lang-stop.audio"
  check 'grep -q "\"audio_started\",\"what\":\"page:brede-intake\",\"lang\":\"$lang\"" "$T/$lang-stop.audio"' "$lang: audio_started for the page" "$T/$lang-stop.events"
  check 'grep -q "\"audio_stopped\".*\"reason\":\"stop\"" "$T/$lang-stop.audio"' "$lang: audio_stopped, reason stop" "$T/$lang-stop.audio"
  played=$(grep audio_stopped "$T/$lang-stop.audio" | sed -n 's/.*"played_ms":\([0-9]*\).*/\1/p')
  secs=$(raw_seconds "$T/$lang-stop.raw")
  check '[ "${played:-0}" -ge 1200 ] && [ "${played:-0}" -le 4000 ]' "$lang: about 1.5 s heard before stop (${played:-?} ms)"
  # the file holds what was heard plus at most the device's last buffers, although the
  # kiosk ran on for a second after the stop: the device was closed at once
  check 'echo "$secs >= ${played:-0} / 1000 - 0.05 && $secs <= ${played:-0} / 1000 + 0.4" | bc -l | grep -q 1' \
    "$lang: the file stopped growing at the stop ($secs s of sound, ${played:-?} ms heard)"
  r=$(rms "$T/$lang-stop.raw")
  check 'echo "${r:-0} > 0.01" | bc -l | grep -q 1' "$lang: the sound is not silence (RMS amplitude ${r:-?})"
  reading=$(dump "$T/$lang-stop.events" 1 | jq -r 'select(.listening) | .reading')
  check 'echo "$reading" | grep -Eq "^(title|block-[0-9]+)$"' "$lang: the title or a block is highlighted while playing ('$reading')"

  # 4. The whole page, fast (SDL_DISKAUDIODELAY=1: 1 ms per 21 ms buffer), in a small
  # window: the highlight moves down and the page scrolls along; the length matches.
  cat > "$T/full.txt" <<'S'
wait 500
tap-id listen
wait-audio playing 10000
sleep 2500
dump-ui
screenshot SHOT
wait-audio stopped 120000
dump-ui
S
  sed -i "s|SHOT|$T/$lang-reading.png|" "$T/full.txt"
  SDL_DISKAUDIODELAY=1 kiosk "$lang-full" "$lang" "$T/full.txt" 800x480; rc=$?
  check '[ $rc -eq 0 ]' "$lang: the whole page plays to its end (script)" "$T/$lang-full.err"
  check 'grep -q "\"audio_stopped\".*\"reason\":\"end\"" "$T/$lang-full.events"' "$lang: audio_stopped, reason end" "$T/$lang-full.events"
  dump "$T/$lang-full.events" 1 > "$T/$lang-mid.json"
  block=$(jq -r 'select(.listening) | .reading' "$T/$lang-mid.json" | sed -n 's/^block-//p')
  scroll=$(jq -r '.scroll' "$T/$lang-mid.json")
  check '[ "${block:-0}" -ge 3 ] && [ "${scroll:-0}" -gt 0 ]' "$lang: further down the page is highlighted and scrolled into view (block ${block:-?}, scroll ${scroll:-?})"
  check '[ "$(dump "$T/$lang-full.events" 2 | jq -r "(.listening|tostring) + \"/\" + .reading")" = "false/" ]' "$lang: no highlight after the end"
  ms=$(grep audio_stopped "$T/$lang-full.events" | sed -n 's/.*"played_ms":\([0-9]*\).*/\1/p')
  underrun=$(grep audio_stopped "$T/$lang-full.events" | sed -n 's/.*"underrun_ms":\([0-9]*\).*/\1/p')
  secs=$(raw_seconds "$T/$lang-full.raw")
  # independent oracle: espeak-ng itself on the page's text as the kiosk shows it
  # (a block still in Dutch, laid out left to right, is read with the Dutch voice)
  jq -r '.widgets[] | select(.id == "title" or (.id | test("^block-[0-9]+$"))) | "\(.rtl)\t\(.text)"' "$T/$lang-mid.json" > "$T/$lang-text.txt"
  voice=$(awk -F'\t' -v c="$lang" '$1 == c {print $5}' content/languages.tsv)
  : > "$T/$lang-oracle.list"
  n=0
  while IFS='	' read -r rtl line; do
    v=nl; [ "$rtl" = true ] && v=$voice
    n=$((n + 1)); printf '%s\n' "$line" | espeak-ng -v "$v" -s 150 -w "$T/o$n.wav" 2>/dev/null && soxi -D "$T/o$n.wav" >> "$T/$lang-oracle.list"
  done < "$T/$lang-text.txt"
  oracle=$(paste -sd+ "$T/$lang-oracle.list" | bc -l)
  echo "$lang: page read in ${ms:-?} ms; file $secs s (underrun ${underrun:-?} ms); espeak-ng on the $n shown texts: ${oracle:-?} s"
  check 'echo "${oracle:-0} > 20 && ${ms:-0} / 1000 > ${oracle:-0} * 0.93 && ${ms:-0} / 1000 < ${oracle:-0} * 1.07" | bc -l | grep -q 1' \
    "$lang: the played length matches espeak-ng on the shown text (${ms:-?} ms vs ${oracle:-?} s)"
  check 'echo "$secs - ${underrun:-0} / 1000 >= ${ms:-0} / 1000 - 0.05 && $secs - ${underrun:-0} / 1000 <= ${ms:-0} / 1000 + 1" | bc -l | grep -q 1' \
    "$lang: the device got the whole page ($secs s in the file)"

  # 5. Listening keeps the session awake (no idle warning over a 2-minute page), but a
  # kiosk left playing is still reset after 10 minutes, and the reset stops the sound.
  # Leaving the page stops it too.
  cat > "$T/idle.txt" <<'S'
wait 500
tap-id listen
wait-audio playing 10000
sleep 300
advance-clock 120000
expect-screen page
expect-audio playing
advance-clock 700000
wait-audio stopped 3000
expect-screen language
S
  kiosk "$lang-idle" "$lang" "$T/idle.txt"; rc=$?
  check '[ $rc -eq 0 ] && grep -q "\"audio_stopped\".*\"reason\":\"idle_reset\"" "$T/$lang-idle.events"' \
    "$lang: an idle reset stops the audio" "$T/$lang-idle.events"
  cat > "$T/back.txt" <<'S'
wait 500
tap-id listen
wait-audio playing 10000
tap-id back
wait-audio stopped 3000
S
  kiosk "$lang-back" "$lang" "$T/back.txt"; rc=$?
  check '[ $rc -eq 0 ] && grep -q "\"audio_stopped\".*\"reason\":\"navigation\"" "$T/$lang-back.events"' \
    "$lang: going back stops the audio" "$T/$lang-back.events"
done
cp "$T/nl-reading.png" "$T/ar-reading.png" "$BUILD/" 2>/dev/null

# 6. No voice, no recordings: no listen button, nothing fails.
printf 'wait 500\ndump-ui\n' > "$T/ti.txt"
kiosk ti ti "$T/ti.txt"; rc=$?
check '[ $rc -eq 0 ] && [ "$(dump "$T/ti.events" 1 | jq -r ".screen + \" \" + ([.widgets[] | select(.id == \"listen\")] | length | tostring)")" = "page 0" ]' \
  "ti: the page shows without a listen button" "$T/ti.events"
finish
