#!/bin/sh
# t_voice_volume.sh — staff mode's read-aloud volume (#18). The shared test pack (speech
# for the ui lines) is installed; staff open the PIN pad through the hidden corner. The
# test sound is heard on SDL's disk audio driver at the config's audio_volume (100);
# five taps on − make it 50, kept in STATE/audio-volume (written atomically, no
# temporary file left). After a restart the staff screen says 50 and the test sound is
# 6 dB quieter (50 % amplitude), also with the config still saying 100. A damaged file
# gives the config's value with a line in the error log, and the next tap writes a
# good one.
set -u
. tests/lib.sh
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan-pack.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
KIOSK="$BUILD/wegwijs"
need_bin ffmpeg
tmp_dir keep
check 'test_pack' "the shared test pack builds" "$BUILD/test-pack/build.log"
[ -f "$PACK_DIR/p.wwpack" ] || finish
"$KIOSK" --install-pack "$PACK_DIR/p.wwpack" --state "$T/state" --trusted-key "$PACK_DIR/k.pub" > "$T/install.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "the pack installs" "$T/install.log"
printf 'audio_volume = 100\n' > "$T/kiosk.conf"
echo 20261234 | "$KIOSK" --set-pin --config "$T/kiosk.conf" --state "$T/state" > "$T/pin.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "the staff PIN is set" "$T/pin.log"

export SDL_AUDIODRIVER=disk
lufs() { ffmpeg -nostdin -hide_banner -f s16le -ar 48000 -ac 1 -i "$1" -af ebur128 -f null - 2>&1 | awk '/Integrated loudness/ {f=1} f && /I:/ {print $2; exit}'; }
within() { echo "$1 >= $2 - $3 && $1 <= $2 + $3" | bc -l | grep -q 1; }
dump() { awk -v n="$2" '/^\{"screen"/ {k++} k == n {printf "%s", $0} k == n && /\]\}$/ {exit}' "$1"; }
shown() { dump "$1" "$2" | jq -r '.widgets[] | select(.id == "staff-volume") | .text'; }
staff() {   # staff NAME TAIL: opens staff mode (corner, PIN), dumps, then the lines of TAIL
  { printf 'wait 500\n'
    for i in 1 2 3 4 5; do printf 'tap 795 20\n'; done
    printf 'wait 500\nexpect-screen staff\n'
    for d in 2 0 2 6 1 2 3 4; do printf 'tap-id staff-key-%s\n' $d; done
    printf 'tap-id staff-enter\nwait 500\ndump-ui\n'
    printf '%b' "$2"; } > "$T/$1.txt"
  SDL_DISKAUDIOFILE="$T/$1.raw" "$KIOSK" --headless --config "$T/kiosk.conf" --state "$T/state" --size 800x1280 --lang nl \
    --events --script "$T/$1.txt" > "$T/$1.events" 2>"$T/$1.err"
}
test_sound='tap-id staff-volume-test\nwait-audio playing 10000\nwait-audio stopped 30000\n'

# 1. The config's 100 %, the test sound, then five taps on −.
staff full "$test_sound"'tap-id staff-volume-down\nwait 500\ntap-id staff-volume-down\nwait 500\ntap-id staff-volume-down\nwait 500\ntap-id staff-volume-down\nwait 500\ntap-id staff-volume-down\nwait 500\ndump-ui\n'
rc=$?
check '[ $rc -eq 0 ]' "staff mode opens; volume and test sound buttons (script)" "$T/full.err"
full=$(lufs "$T/full.raw")
check '[ "$(shown "$T/full.events" 1)" = "Volume voorlezen: 100%" ]' \
  "without a saved volume the config's audio_volume (100) is shown ($(shown "$T/full.events" 1))"
check 'grep -q "\"audio_stopped\",\"what\":\"staff:test\".*\"reason\":\"end\"" "$T/full.events" && within "${full:-0}" -20 2' \
  "the test sound is heard at full volume (${full:-?} LUFS)" "$T/full.err"
check '[ "$(shown "$T/full.events" 2)" = "Volume voorlezen: 50%" ] && [ "$(cat "$T/state/audio-volume")" = 50 ]' \
  "five taps on − give 50 %, kept in the state folder ($(shown "$T/full.events" 2); file: $(cat "$T/state/audio-volume" 2>/dev/null))"
check '[ "$(grep -c "\"event\":\"staff_volume\",\"percent\":[0-9]*,\"saved\":true" "$T/full.events")" -eq 5 ] && [ -z "$(find "$T/state" -maxdepth 1 -name "audio-volume?*")" ]' \
  "every change saved, no temporary file left"

# 2. A restart: 50 % although the config says 100; the test sound 6 dB quieter.
staff half "$test_sound"
rc=$?
check '[ $rc -eq 0 ] && [ "$(shown "$T/half.events" 1)" = "Volume voorlezen: 50%" ]' \
  "after a restart staff mode shows 50 % ($(shown "$T/half.events" 1))" "$T/half.err"
half=$(lufs "$T/half.raw")
check 'within "$(echo "${full:-0} - ${half:-0}" | bc -l)" 6.02 0.5' "the test sound is 6 dB quieter after the restart (${full:-?} -> ${half:-?} LUFS)" "$T/half.err"
# the same saved volume reads the pages: a resident's listen is quieter too
cat > "$T/page.txt" <<'S'
wait 500
tap-id listen
wait-audio playing 10000
sleep 3000
S
SDL_DISKAUDIOFILE="$T/page.raw" "$KIOSK" --headless --config "$T/kiosk.conf" --state "$T/state" --size 800x1280 --lang nl \
  --open brede-intake --events --script "$T/page.txt" > "$T/page.events" 2>"$T/page.err"
page=$(lufs "$T/page.raw")
echo "test sound at 100 %: ${full:-?} LUFS, at 50 %: ${half:-?} LUFS; a page at 50 %: ${page:-?} LUFS"
check '[ -n "$page" ] && echo "$page < -23" | bc -l | grep -q 1' "read-aloud of a page also plays at the saved 50 % (${page:-?} LUFS)" "$T/page.err"

# 3. A damaged file: the config's value, a line in the log, and the next tap repairs it.
printf 'loud\n' > "$T/state/audio-volume"
printf 'audio_volume = 70\n' > "$T/kiosk.conf"
staff damaged 'tap-id staff-volume-up\nwait 500\ndump-ui\n'
rc=$?
check '[ $rc -eq 0 ] && [ "$(shown "$T/damaged.events" 1)" = "Volume voorlezen: 70%" ]' \
  "a damaged volume file: the config's audio_volume (70) is used ($(shown "$T/damaged.events" 1))" "$T/damaged.err"
check 'grep -q "audio volume file .*damaged; using the config" "$T/damaged.err"' "and said in the error log" "$T/damaged.err"
check '[ "$(cat "$T/state/audio-volume")" = 80 ]' "the next tap writes a good file (80: $(cat "$T/state/audio-volume"))"
finish
