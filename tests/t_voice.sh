#!/bin/sh
# t_voice.sh — recordings by volunteers, end to end, for Tigrinya (no espeak-ng voice).
# voice-script gives the brede-intake page's texts and take names (HTML for A4 with the
# build's fonts, right to left for Pashto; JSON); sox makes a page take as a phone would:
# one synthetic voiced stretch per text (a buzzing tone with syllable-like tremolo, some
# with a breath inside), about a second of pause between texts, a noise floor, recorded
# quietly (about −38 dBFS). voice-import splits it into the page's texts, trims,
# normalises, encodes Opus; ffmpeg's own EBU R128 meter must find each clip within
# ±2 LU of the −20 LUFS target and each clip as long as the stretch it came from. The
# pack built from it has a recorded clip per text; the kiosk (SDL disk audio) plays
# the page in Tigrinya at that loudness with the highlight moving down. Then one file
# per text: FLAC (one very quiet) and an M4A made by ffmpeg's AAC encoder; a page
# take whose pauses do not match is kept whole; damaged, silent and misnamed files are
# refused with one sentence and nothing written. The script as Chromium draws it (PNG,
# PDF) for ti and ps, kept in $BUILD/test-output/ to be looked at.
set -u
PACK="$BUILD/wegwijs-pack"
KIOSK="$BUILD/wegwijs"
. tests/lib.sh
tmp_dir
lufs() {   # lufs FILE [sox-raw]: integrated loudness by ffmpeg's ebur128 filter
  if [ "${2:-}" = raw ]; then set -- -f s16le -ar 48000 -ac 1 -i "$1"; else set -- -i "$1"; fi
  ffmpeg -nostdin -hide_banner "$@" -af ebur128 -f null - 2>&1 | awk '/Integrated loudness/ {f=1} f && /I:/ {print $2; exit}'
}
within() { echo "$1 >= $2 - $3 && $1 <= $2 + $3" | bc -l | grep -q 1; }
burst() {  # burst OUT SECONDS HZ [BREATH]: a voiced stretch, 44.1 kHz, ~-38 dBFS RMS
  if [ -n "${4:-}" ]; then   # two halves with a 0.25 s breath between
    h=$(echo "$2 / 2" | bc -l)
    sox -n -r 44100 -c 1 -b 16 "$T/h1.wav" synth "$h" sawtooth "$3" tremolo 4 70 vol 0.03 fade 0.03 "$h" 0.05
    sox -n -r 44100 -c 1 -b 16 "$T/h2.wav" synth "$h" sawtooth "$3" tremolo 4 70 vol 0.03 fade 0.03 "$h" 0.05
    sox "$T/h1.wav" "$T/b.wav" "$T/h2.wav" "$1"
  else
    sox -n -r 44100 -c 1 -b 16 "$1" synth "$2" sawtooth "$3" tremolo 4 70 vol 0.03 fade 0.03 "$2" 0.05
  fi
}
SECONDS_START=$(date +%s)
cp -r content "$T/c"
rm -rf "$T/c/audio"

# 1. The script.
"$PACK" voice-script "$T/c" ti --json --pages brede-intake > "$T/ti.json" 2>"$T/script.err"
check '[ "$(jq -r .lang "$T/ti.json")" = ti ] && [ "$(jq -r ".pages[0].id + \" \" + .pages[0].file" "$T/ti.json")" = "brede-intake brede-intake" ]' \
  "voice-script --json: lang, page id and take name" "$T/script.err"
N=$(jq '.pages[0].units | length' "$T/ti.json")
check '[ "$N" -ge 5 ] && [ "$(jq -r ".pages[0].units[0].id" "$T/ti.json")" = title ] && [ "$(jq -r ".pages[0].units[1].file" "$T/ti.json")" = "brede-intake_$(jq -r ".pages[0].units[1].id" "$T/ti.json")" ]' \
  "the page's units in reading order with file names ($N units)"
check 'jq -e ".pages[0].units[0].text | test(\"\\\\p{Ethiopic}\")" "$T/ti.json" >/dev/null' "the texts are in Tigrinya (Ethiopic script)"
"$PACK" voice-script "$T/c" ti -o "$T/script" > "$T/script.out" 2>&1
"$PACK" voice-script "$T/c" ps -o "$T/script" > "$T/script-ps.out" 2>&1
check '[ -s "$T/script/voice-script-ti.html" ] && [ -s "$T/script/fonts/NotoSansEthiopic-Regular.ttf" ] && grep -q "@font-face.*NotoSansEthiopic-Regular.ttf" "$T/script/voice-script-ti.html"' \
  "the HTML script with the build's Ethiopic font beside it" "$T/script.out"
check 'for f in $(jq -r ".pages[0].units[].file" "$T/ti.json"); do grep -q ">$f<" "$T/script/voice-script-ti.html" || exit 1; done' \
  "every unit's file name is in the printed script"
check 'grep -q "size: A4" "$T/script/voice-script-ti.html" && grep -q "lang=\"nl\"" "$T/script/voice-script-ti.html" && grep -q "Find a quiet room" "$T/script/voice-script-ti.html"' \
  "A4, instructions in Dutch and English"
check 'grep -q "lang=\"ps\" dir=\"rtl\"" "$T/script/voice-script-ps.html" && ! grep -q "dir=\"rtl\"" "$T/script/voice-script-ti.html"' \
  "Pashto runs right to left, Tigrinya left to right" "$T/script-ps.out"
# The printed script as Chromium draws it (an A4 page at 96 dpi, and the PDF it prints),
# kept in $BUILD/test-output/ for a person to look at; skipped without Chromium.
if command -v chromium >/dev/null 2>&1; then
  for l in ti ps; do
    timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=794,1123 \
      --screenshot="$T/script-$l.png" "file://$T/script/voice-script-$l.html" > "$T/chromium-$l.log" 2>&1
    timeout 60 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --print-to-pdf="$T/script-$l.pdf" "file://$T/script/voice-script-$l.html" >> "$T/chromium-$l.log" 2>&1
    # a blank page compresses to a few KiB; the script's A4 page with its texts is > 40 KiB
    check '[ "$(stat -c %s "$T/script-$l.png" 2>/dev/null || echo 0)" -gt 40000 ] && grep -q "/Type */Page" "$T/script-$l.pdf"' \
      "Chromium draws the $l script (PNG $(stat -c %s "$T/script-$l.png" 2>/dev/null) bytes) and prints it to PDF" "$T/chromium-$l.log"
    mkdir -p "$BUILD/test-output" && cp "$T/script-$l.png" "$BUILD/test-output/voice-script-$l.png" 2>/dev/null
  done
else
  echo "chromium is not installed: the printed script is not drawn (the HTML checks above still ran)"
fi
"$PACK" voice-script "$T/c" ti --pages no-such-page > /dev/null 2>"$T/typo.err"; rc=$?
check '[ $rc -eq 2 ] && grep -q "no-such-page" "$T/typo.err"' "an unknown --pages name is refused" "$T/typo.err"

# 2. A page take: N voiced stretches of 0.5-2.1 s, pauses of 0.9-1.2 s, noise floor.
mkdir -p "$T/take1" "$T/parts"
sox -n -r 44100 -c 1 -b 16 "$T/b.wav" trim 0 0.25
set --
i=0
while [ $i -lt "$N" ]; do
  d=$(echo "0.5 + ($i * 37 % 17) / 10" | bc -l)
  [ $((i % 4)) -eq 3 ] && breath=1 || breath=
  burst "$T/parts/u$i.wav" "$d" $((110 + i * 9)) $breath
  p=$(echo "0.9 + ($i * 13 % 4) / 10" | bc -l)
  sox -n -r 44100 -c 1 -b 16 "$T/parts/p$i.wav" trim 0 "$p"
  set -- "$@" "$T/parts/u$i.wav"
  [ $i -lt $((N - 1)) ] && set -- "$@" "$T/parts/p$i.wav"   # the take ends on speech
  i=$((i + 1))
done
sox -n -r 44100 -c 1 -b 16 "$T/lead.wav" trim 0 0.8
sox "$T/lead.wav" "$@" "$T/body.wav"
sox -n -r 44100 -c 1 -b 16 "$T/noise.wav" synth "$(soxi -D "$T/body.wav")" whitenoise vol 0.0003
sox -m -v 1 "$T/body.wav" -v 1 "$T/noise.wav" "$T/take1/brede-intake.wav"
level=$(sox "$T/parts/u0.wav" -n stats 2>&1 | awk '/RMS lev dB/ {print $4}')
echo "page take: $N stretches, $(soxi -D "$T/take1/brede-intake.wav") s, a stretch at $level dBFS RMS, $(lufs "$T/parts/u0.wav") LUFS"
check 'within "$level" -38 3' "the take is recorded quietly (~-38 dBFS: $level)"
"$PACK" voice-import "$T/c" ti "$T/take1" > "$T/import1.out" 2>&1; rc=$?
check '[ $rc -eq 0 ] && grep -q "split at the pauses into $N texts" "$T/import1.out"' "voice-import splits the page take into its $N texts" "$T/import1.out"
bad_loud=0; bad_len=0; worst=""
i=0
for key in $(jq -r ".pages[0].units[].id" "$T/ti.json"); do
  clip="$T/c/audio/ti/brede-intake/$key.opus"
  [ -f "$clip" ] || { bad_loud=$((bad_loud + 1)); i=$((i + 1)); continue; }
  l=$(lufs "$clip"); within "${l:-0}" -20 2 || bad_loud=$((bad_loud + 1))
  worst="$worst $l"
  d=$(soxi -D "$T/parts/u$i.wav"); got=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$clip")
  # the stretch plus at most 0.15 s before and 0.25 s after
  echo "$got >= $d - 0.03 && $got <= $d + 0.45" | bc -l | grep -q 1 || { bad_len=$((bad_len + 1)); echo "  $key: $got s from a $d s stretch"; }
  i=$((i + 1))
done
echo "clip loudness (ffmpeg ebur128, LUFS):$worst"
check '[ $bad_loud -eq 0 ]' "every clip within ±2 LU of -20 LUFS ($bad_loud off)" "$T/import1.out"
check '[ $bad_len -eq 0 ]' "every clip is the stretch it came from, trimmed ($bad_len off)"
check '[ -z "$(find "$T/c/audio" -name "*.import-*")" ]' "no temporary files left"
"$PACK" voice-script "$T/c" ti --json --missing --pages brede-intake,pip > "$T/missing.json"
check '[ "$(jq -r "[.pages[].id] | join(\",\")" "$T/missing.json")" = pip ]' "voice-script --missing: brede-intake is recorded, pip is not"
rm "$T/c/audio/ti/brede-intake/b4.opus"
"$PACK" voice-script "$T/c" ti --json --missing --pages brede-intake > "$T/missing.json"
check '[ "$(jq -r "[.pages[].units[].file] | join(\",\")" "$T/missing.json")" = brede-intake_b4 ]' "voice-script --missing: only the text without a recording"
mkdir -p "$T/redo"; cp "$T/parts/u4.wav" "$T/redo/brede-intake_b4.wav"
"$PACK" voice-import "$T/c" ti "$T/redo" > "$T/redo.out" 2>&1
check '[ -f "$T/c/audio/ti/brede-intake/b4.opus" ]' "one text recorded again on its own" "$T/redo.out"

# 3. The pack: a recorded clip per unit; the kiosk plays it at that loudness.
"$PACK" build "$T/c" -o "$T/p.wwpack" --audio none > "$T/build.log" 2>&1; rc=$?
check '[ $rc -eq 0 ]' "the pack builds with the recordings" "$T/build.log"
rows=$(sqlite3 "$T/p.wwpack" "SELECT count(*) FROM audio WHERE lang = 'ti' AND ctx = 'brede-intake'")
check '[ "$rows" -eq "$N" ]' "the pack holds a ti clip per unit of brede-intake ($rows of $N)"
"$PACK" check "$T/p.wwpack" > "$T/check.log" 2>&1
row=$(grep -E "^ti +" "$T/check.log" | grep -E " (yes|no) " | head -n 1)
echo "coverage: $row"
check 'echo "$row" | awk -v n="$N" "{exit !(\$3 == \"yes\" && \$5 == n && \$6 == 0)}"' "check: ti listens, $N recorded, 0 generated ($row)" "$T/check.log"
"$PACK" keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null
"$PACK" sign "$T/p.wwpack" -s "$T/k.key" >/dev/null
"$KIOSK" --install-pack "$T/p.wwpack" --state "$T/state" --trusted-key "$T/k.pub" > "$T/install.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "the pack installs" "$T/install.log"
printf 'audio_volume = 100\n' > "$T/kiosk.conf"
cat > "$T/full.txt" <<'S'
wait 500
tap-id listen
wait-audio playing 10000
sleep 600
dump-ui
sleep 1500
dump-ui
wait-audio stopped 120000
S
# SDL_DISKAUDIODELAY=5: a 21 ms buffer every 5 ms, the page in about a quarter of its time
SDL_AUDIODRIVER=disk SDL_DISKAUDIODELAY=5 SDL_DISKAUDIOFILE="$T/ti.raw" "$KIOSK" --headless --config "$T/kiosk.conf" --state "$T/state" \
  --size 800x480 --lang ti --open brede-intake --events --script "$T/full.txt" > "$T/ti.events" 2>"$T/ti.err"; rc=$?
check '[ $rc -eq 0 ] && grep -q "\"audio_stopped\".*\"reason\":\"end\"" "$T/ti.events"' "the kiosk reads the page in Tigrinya to its end" "$T/ti.err"
reading() { awk -v n="$1" '/^\{"screen"/ {k++} k == n {printf "%s", $0} k == n && /\]\}$/ {exit}' "$T/ti.events" | jq -r 'select(.listening) | .reading' 2>/dev/null; }
first=$(reading 1); second=$(reading 2)
check 'echo "$first $second" | grep -Eq "^(title|block-[0-9]+) block-[0-9]+$" && [ "${second#block-}" -gt "$(echo "${first#block-}" | sed "s/title/0/")" ]' \
  "the highlight moves down the page unit by unit ('$first', then '$second')"
heard=$(lufs "$T/ti.raw" raw)
echo "heard on the disk driver: ${heard:-?} LUFS, $(echo "$(stat -c %s "$T/ti.raw") / 96000" | bc -l | cut -c1-5) s"
check 'within "${heard:-0}" -20 2' "the page is heard at -20 LUFS ±2 LU (${heard:-?})"

# 4. One file per text: FLAC (one recorded far too quietly), an M4A by ffmpeg's AAC
# encoder, Ogg Vorbis by sox, Opus by ffmpeg's libopus.
# The first four translated texts after the title (a text whose Dutch changed is not
# voiced until its translation is redone, so the keys come from the script).
set -- $(jq -r '.pages[0].units[1:7][].id' "$T/ti.json"); k1=$1 k2=$2 k3=$3 k4=$4 k5=$5 k6=$6
rm -rf "$T/c/audio"
mkdir -p "$T/take2/brede-intake"
burst "$T/take2/brede-intake_title.flac" 1.3 150
sox -n -r 48000 -c 2 -b 24 "$T/take2/brede-intake_$k1.flac" synth 1.7 sawtooth 170 tremolo 4 70 vol 0.004 fade 0.03 1.7 0.05 pad 0.6 0.9
burst "$T/u2.wav" 2.1 190
ffmpeg -nostdin -v error -i "$T/u2.wav" -c:a aac -b:a 64k "$T/take2/brede-intake/$k2.m4a"
burst "$T/u3.wav" 1.1 210
sox "$T/u3.wav" "$T/take2/brede-intake_$k3.ogg"
ffmpeg -nostdin -v error -i "$T/u3.wav" -c:a libopus -b:a 32k "$T/take2/brede-intake_$k4.opus"
echo "quiet FLAC at $(lufs "$T/take2/brede-intake_$k1.flac") LUFS"
"$PACK" voice-import "$T/c" ti "$T/take2" > "$T/import2.out" 2>&1; rc=$?
check '[ $rc -eq 0 ] && grep -q "FLAC" "$T/import2.out" && grep -q "(ffmpeg)" "$T/import2.out" && grep -q "Ogg Vorbis" "$T/import2.out" && grep -q "Ogg Opus" "$T/import2.out"' \
  "voice-import takes FLAC, M4A, Ogg Vorbis and Opus files per text" "$T/import2.out"
for key in title $k1 $k2 $k3 $k4; do
  l=$(lufs "$T/c/audio/ti/brede-intake/$key.opus")
  echo "  $key: ${l:-?} LUFS"
  check 'within "${l:-0}" -20 2' "$key: within ±2 LU of -20 LUFS (${l:-?})"
done
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/c/audio/ti/brede-intake/$k1.opus")
check 'echo "$d >= 1.7 && $d <= 2.15" | bc -l | grep -q 1' "the silence around the quiet take is trimmed (1.7 s of sound, clip $d s)"
"$PACK" build "$T/c" -o "$T/p2.wwpack" --audio none > "$T/build2.log" 2>&1
rows=$(sqlite3 "$T/p2.wwpack" "SELECT group_concat(key) FROM (SELECT key FROM audio WHERE lang = 'ti' AND ctx = 'brede-intake' ORDER BY key)")
want=$(printf '%s\n' title $k1 $k2 $k3 $k4 | LC_ALL=C sort | paste -sd, -)
check '[ "$rows" = "$want" ]' "the pack holds the five per-text clips ($rows)" "$T/build2.log"

# 5. A take whose pauses do not match the page: kept as a whole-page recording.
mkdir -p "$T/take3"
sox "$T/parts/u0.wav" "$T/parts/p0.wav" "$T/parts/u1.wav" "$T/take3/pip.wav"
"$PACK" voice-import "$T/c" ti "$T/take3" > "$T/import3.out" 2>&1; rc=$?
check '[ $rc -eq 0 ] && [ -f "$T/c/audio/ti/pip.opus" ] && grep -q "kept as one whole-page recording" "$T/import3.out"' \
  "a page take with too few pauses is kept whole, and said so" "$T/import3.out"

# 6. Refused with one sentence, nothing written: damaged FLAC, noise named M4A, silence,
# an unknown name — each beside a good file.
snapshot() { find "$T/c/audio" -type f -exec md5sum {} + | sort; }
snapshot > "$T/before"
refuse() {   # refuse NAME EXPECTED-WORDS: DIR holds a good file and NAME
  name=$1 words=$2
  rm -rf "$T/bad"; mkdir -p "$T/bad"
  cp "$T/take2/brede-intake_title.flac" "$T/bad/brede-intake_$k5.flac"
  cp "$T/damaged" "$T/bad/$name"
  "$PACK" voice-import "$T/c" ti "$T/bad" > "$T/refuse.out" 2>&1; rc=$?
  grep "^$name" "$T/refuse.out"
  check '[ $rc -eq 1 ] && grep -q "^$name[: ]" "$T/refuse.out" && grep -q "$words" "$T/refuse.out" && grep -q "nothing was written" "$T/refuse.out"' "$name refused ('$words')" "$T/refuse.out"
  snapshot > "$T/after"
  check 'cmp -s "$T/before" "$T/after" && [ ! -f "$T/c/audio/ti/brede-intake/$k5.opus" ] && [ -z "$(find "$T/c/audio" -name "*.import-*")" ]' "$name: nothing written"
}
head -c 6000 "$T/take2/brede-intake_title.flac" > "$T/damaged"
refuse brede-intake_$k6.flac "damaged"
head -c 30000 /dev/urandom > "$T/damaged"
refuse brede-intake_$k6.m4a "cannot be decoded"
sox -n -r 44100 -c 1 -b 16 -t wav "$T/damaged" trim 0 2
refuse brede-intake_$k6.wav "silent"
cp "$T/take2/brede-intake_title.flac" "$T/damaged"
refuse brede-intaek_b6.flac "matches no page"
cp "$T/take2/brede-intake_title.flac" "$T/damaged"
refuse ui.flac "only a page can be kept whole"
"$PACK" voice-import "$T/c" ti > /dev/null 2>&1; rc=$?
check '[ $rc -eq 2 ]' "voice-import without a folder: usage, exit 2"
# 7. (#15) build says how speech is going: a line every few seconds in a log
# (WEGWIJS_PROGRESS_MS shortens "few" here), one updating line on a terminal. A
# stand-in espeak-ng (a canned WAV) and Dutch only keep it to a few seconds.
# --audio all: FAQ, glossary, help and the idle warning are spoken too.
mkdir -p "$T/bin" "$T/nl"
sox -n -r 22050 -c 1 -b 16 "$T/canned.wav" synth 0.3 sine 300 vol 0.1
printf '#!/bin/sh\ncat >/dev/null\nexec cat "%s"\n' "$T/canned.wav" > "$T/bin/espeak-ng"; chmod +x "$T/bin/espeak-ng"
cp -r content "$T/nl/c"; grep -E '^(#|nl	)' content/languages.tsv > "$T/nl/c/languages.tsv"
PATH="$T/bin:$PATH" WEGWIJS_PROGRESS_MS=500 "$PACK" build "$T/nl/c" -o "$T/nl/p.wwpack" --audio all --audio-cache "" --jobs 2 \
  > "$T/nl/out.log" 2> "$T/nl/err.log"; rc=$?
lines=$(grep -cE '^speech [0-9 ]+/[0-9 ]+ clips, 2 threads, ~[0-9]+ s left$' "$T/nl/err.log")
check '[ $rc -eq 0 ] && [ "$lines" -ge 2 ] && grep -qE "^speech ([0-9 ]+)/\1 clips, 2 threads, done in [0-9.]+ s$" "$T/nl/err.log"' \
  "build prints speech progress in a log ($lines lines, then done)" "$T/nl/err.log"
tail -n 2 "$T/nl/err.log"
# item 4 of #18: FAQ, glossary, help and the idle warning are voiced where a voice exists
voiced=$(sqlite3 "$T/nl/p.wwpack" "SELECT (SELECT count(*) FROM audio WHERE ctx = 'faq') || ' ' ||
  (SELECT count(*) FROM audio WHERE ctx = 'glossary') || ' ' || (SELECT count(*) FROM audio WHERE ctx = 'help') || ' ' ||
  (SELECT group_concat(key) FROM (SELECT key FROM audio WHERE ctx = 'ui' AND key LIKE 'idle%' ORDER BY key))")
units=$(sqlite3 "$T/nl/p.wwpack" "SELECT (SELECT count(*) FROM strings WHERE lang = 'nl' AND ctx = 'faq') || ' ' ||
  (SELECT count(*) FROM strings WHERE lang = 'nl' AND ctx = 'glossary' AND key LIKE 'g%') || ' ' ||
  (SELECT count(*) FROM strings WHERE lang = 'nl' AND ctx = 'help')")
check '[ "$voiced" = "$units idle_body,idle_restart,idle_title" ]' "every FAQ, glossary and help unit and the idle warning has a clip (faq glossary help: $voiced; units $units)"
PATH="$T/bin:$PATH" script -qec "'$PACK' build '$T/nl/c' -o '$T/nl/p2.wwpack' --audio route --audio-cache '' --jobs 2 >/dev/null" /dev/null > "$T/nl/tty.log" 2>&1
updates=$(tr '\r' '\n' < "$T/nl/tty.log" | grep -c '^speech .* left')
check '[ "$updates" -ge 2 ] && [ "$(grep -c "speech" "$T/nl/tty.log")" -eq 1 ]' "on a terminal: one line updated in place ($updates updates)" "$T/nl/tty.log"
echo "time: $(( $(date +%s) - SECONDS_START )) s"
finish
