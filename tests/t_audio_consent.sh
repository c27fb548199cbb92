#!/bin/sh
# t_audio_consent.sh — the check-in consent is read aloud: in Dutch (a voice) its listen
# button plays the heading and the four points as clips from the pack, through SDL's
# disk audio driver, and a second tap stops it; in Tigrinya (no voice) there is no
# listen button rather than one that plays nothing.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
tmp_dir

# The pass's pack from content/ (tests/lib.sh test_pack): route speech, researchers' key.
check 'test_pack && [ "$(sqlite3 "$PACK_DIR/p.wwpack" "SELECT count(*) FROM audio")" -gt 0 ]' \
      "pack with speech builds" "$BUILD/test-pack/build.log"
kiosk_conf "$T/kiosk.conf" "$PACK_DIR/k.pub" "$T/state" consent1
check '"$BIN" --config "$T/kiosk.conf" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1' "the pack installs"

cat > "$T/nl.txt" <<S
wait 500
tap-id lang-nl
wait 500
tap-id checkin-entry
wait 500
expect-screen checkin
tap-id checkin-listen
wait-audio playing 10000
expect-audio playing
sleep 500
tap-id checkin-listen
wait-audio stopped 5000
expect-audio stopped
S
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/out.raw" "$BIN" --headless --config "$T/kiosk.conf" --size 1920x1080 \
  --open language --script "$T/nl.txt" --events > "$T/events" 2>"$T/err"
rc=$?
check '[ $rc -eq 0 ] || [ -s "$T/events" ]' "the Dutch consent script ran: $(head -3 "$T/err")"
check 'grep -q "\"event\":\"audio_started\",\"what\":\"checkin:consent\",\"lang\":\"nl\".*\"clips\":5" "$T/events"' \
      "the consent plays five clips (heading and four points) in Dutch"
check 'grep -q "\"event\":\"audio_stopped\",\"what\":\"checkin:consent\".*\"reason\":\"stop\"" "$T/events"' \
      "a second tap stops it"
check '[ "$(stat -c %s "$T/out.raw" 2>/dev/null || echo 0)" -gt 0 ]' "sound was written to the device"

printf 'wait 500\ntap-id lang-ti\nwait 500\ntap-id checkin-entry\nwait 500\nexpect-screen checkin\n' > "$T/ti.txt"
"$BIN" --headless --config "$T/kiosk.conf" --size 1920x1080 --open language --script "$T/ti.txt" --dump-ui > "$T/ti.json" 2>"$T/err"
check 'jq -e ".screen == \"checkin\"" "$T/ti.json" >/dev/null' "the Tigrinya consent screen opens: $(head -3 "$T/err")"
check '! jq -e ".widgets[] | select(.id == \"checkin-listen\")" "$T/ti.json" >/dev/null' "Tigrinya (no voice) shows no listen button"
finish
