#!/bin/sh
# t_fleet.sh — content packs over HTTPS (issue 19, "What it must show" 1): a local
# HTTPS server (tests/pack_server.py, self-signed cert made by openssl, 127.0.0.1)
# serves small signed packs; `wegwijs --update-pack` installs v1 → v2, downloads
# nothing when unchanged (304 in the server log), refuses a tampered v3 and an older
# v1 (v2 stays active, the download is removed), resumes a download cut at half with
# a Range request, and a plain http:// pack_url is refused at config load. Also ("must
# show" 2) the running headless kiosk's own check picks up a newer pack
# (content_reloaded, no restart) and the staff status screen shows source, last check
# and result; pack_max_mb bounds a download; without pack_ca the self-signed server is
# not trusted. Packs are the small tests/data/content-mini; about 15 s (one 8 s wait).
set -u
. tests/lib.sh
KIOSK=$BUILD/wegwijs
need_bin "$KIOSK" "$BUILD/wegwijs-pack" python3 openssl
tmp_dir keep-failed
MINI=tests/data/content-mini
export SDL_VIDEODRIVER=dummy

# A pack of the mini content at version N, signed with $T/k.key, into $T/NAME.
mini_pack() {
  pack build "$MINI" -o "$T/$2" --version "$1" --audio none --assets "$MINI/pictograms" >"$T/build.log" 2>&1 &&
    pack sign "$T/$2" -s "$T/k.key" >/dev/null
}
pack keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null 2>&1
mini_pack 1 v1.wwpack && mini_pack 2 v2.wwpack && mini_pack 3 v3.wwpack && mini_pack 4 v4.wwpack
check '[ -s "$T/v4.wwpack.minisig" ]' "the test packs build and sign" "$T/build.log"

# The server: a self-signed certificate for 127.0.0.1, files in $T/www, log $T/server.log.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$T/tls.key" -out "$T/tls.pem" >/dev/null 2>&1
mkdir -p "$T/www"
python3 tests/pack_server.py --dir "$T/www" --log "$T/server.log" --port-file "$T/port" \
  --cert "$T/tls.pem" --key "$T/tls.key" --lifetime 120 &
server=$!
at_exit "kill $server 2>/dev/null"
i=0; while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check '[ -s "$T/port" ]' "the HTTPS server starts"
URL="https://127.0.0.1:$(cat "$T/port")/azc.wwpack"
kiosk_conf "$T/kiosk.conf" "$T/k.pub" "$T/state" "" "pack_url = $URL" "pack_ca = $T/tls.pem"
serve() { cp "$T/$1" "$T/www/azc.wwpack" && cp "$T/$1.minisig" "$T/www/azc.wwpack.minisig"; }
update() { "$KIOSK" --update-pack --config "$T/kiosk.conf" >"$T/out" 2>"$T/err"; }
version() { "$KIOSK" --headless --config "$T/kiosk.conf" --dump-ui 2>/dev/null | grep -o '"pack_version":[0-9]*' | head -n 1 | cut -d: -f2; }
pack_gets() { grep -c '^GET /azc.wwpack ' "$T/server.log"; }

# 1. v1 installed by USB, v2 on the server: fetched, installed, shown.
"$KIOSK" --install-pack "$T/v1.wwpack" --config "$T/kiosk.conf" >/dev/null 2>&1
check '[ "$(version)" = 1 ]' "v1 is active before the check"
serve v2.wwpack
update; rc=$?
check '[ $rc -eq 0 ] && grep -q "version 2" "$T/out"' "update-pack installs v2 (exit $rc)" "$T/err"
check '[ "$(version)" = 2 ]' "the kiosk shows v2 (--dump-ui pack_version)"
check '[ ! -e "$T/state/fetch/download.part" ] && [ ! -e "$T/state/fetch/download.wwpack" ]' "the download is removed after the install"

# 2. Unchanged: a conditional request, 304, nothing downloaded.
before=$(pack_gets)
update; rc=$?
check '[ $rc -eq 0 ] && grep -q "not changed" "$T/out"' "unchanged pack: exit 0, one sentence (exit $rc)" "$T/err"
check 'tail -n 1 "$T/server.log" | grep -q "status=304 .*if-none-match=\"" ' "the server answered 304 to If-None-Match" "$T/server.log"
check '[ "$(pack_gets)" -eq $((before + 1)) ] && tail -n 1 "$T/server.log" | grep -q "bytes=0"' "no pack bytes sent the second time"

# 3. A tampered v3 (signature no longer matches) and an older v1: refused, v2 stays.
serve v3.wwpack; printf 'NVWA' >> "$T/www/azc.wwpack"
update; rc=$?
check '[ $rc -eq 1 ] && grep -q "not installed" "$T/err"' "tampered v3 refused with exit 1 (exit $rc)" "$T/out"
check '[ "$(grep -c wegwijs: "$T/err")" -eq 1 ]' "the refusal is one sentence" "$T/err"
check '[ "$(version)" = 2 ]' "v2 still active after the tampered v3"
check '[ -z "$(ls "$T/state/fetch" | grep -v "^\(state\|lock\)$")" ]' "the refused download is removed" 
sleep 1.1; serve v1.wwpack   # a new Last-Modified second and a new ETag
update; rc=$?
check '[ $rc -eq 1 ] && grep -q "not newer" "$T/err"' "older v1 refused with exit 1 (exit $rc)" "$T/err"
check '[ "$(version)" = 2 ]' "v2 still active after the old v1"
update; rc=$?
check '[ $rc -eq 1 ] && grep -q "still the one refused" "$T/err" && tail -n 1 "$T/server.log" | grep -q "status=304"' \
  "the same refused pack again: not downloaded (304), still refused (exit $rc)" "$T/err"

# 4. A download cut at half: v2 stays, the next check resumes with Range and installs v4.
serve v4.wwpack; : > "$T/www/azc.wwpack.cut"
update; rc=$?
size=$(stat -c %s "$T/www/azc.wwpack")
part=$(stat -c %s "$T/state/fetch/download.part" 2>/dev/null || echo 0)
check '[ $rc -eq 1 ] && grep -q "broke off" "$T/err"' "cut download: exit 1, says it broke off (exit $rc)" "$T/err"
check '[ "$part" -gt 0 ] && [ "$part" -lt "$size" ]' "half the pack kept in the state's fetch folder ($part of $size)"
check '[ "$(version)" = 2 ]' "v2 still active after the cut"
update; rc=$?
check '[ $rc -eq 0 ] && grep -q "version 4" "$T/out"' "the next check installs v4 (exit $rc)" "$T/err"
check 'grep "^GET /azc.wwpack " "$T/server.log" | tail -n 1 | grep -q "status=206 range=bytes=$part- .*bytes=$((size - part))"' \
  "the server log shows the Range resume from byte $part" "$T/server.log"
check '[ "$(version)" = 4 ]' "the kiosk shows v4"

# 5 (issue "must show" 2). The running kiosk's own check (pack_check_s = 5, ± 20 %) picks
# up the newer pack while it runs headless: content_reloaded, no restart.
kiosk_conf "$T/bg.conf" "$T/k.pub" "$T/bg" "" "pack_url = $URL" "pack_ca = $T/tls.pem" "pack_check_s = 5"
"$KIOSK" --install-pack "$T/v1.wwpack" --config "$T/bg.conf" >/dev/null 2>&1
printf 'wait 500\nsleep 8000\nwait 2000\ndump-ui\n' > "$T/bg.script"
"$KIOSK" --headless --config "$T/bg.conf" --events --script "$T/bg.script" >"$T/bg.events" 2>"$T/bg.err"; rc=$?
check '[ $rc -eq 0 ] && grep -q "\"event\":\"content_reloaded\".*\"version\":4" "$T/bg.events"' \
  "the kiosk's background check installs v4 and shows it without a restart (exit $rc)" "$T/bg.err"
check 'grep -o "\"pack_version\":[0-9]*" "$T/bg.events" | tail -n 1 | grep -q ":4$"' "--dump-ui after the pick-up: pack_version 4"
# (a second check may have run by now: then it found the pack unchanged)
check 'grep -qE "^sentence = (Pack .* version 4 from|The pack at .* has not changed)" "$T/bg/fetch/state"' \
  "the last check's outcome is kept for the staff status screen" "$T/bg/fetch/state"

# A kiosk that stops during a slow download stops at once and resumes the download later.
mini_pack 5 v5.wwpack && serve v5.wwpack && : > "$T/www/azc.wwpack.slow"
printf 'wait 500\nsleep 7000\n' > "$T/stop.script"
start=$(date +%s)
"$KIOSK" --headless --config "$T/bg.conf" --script "$T/stop.script" >/dev/null 2>"$T/stop.err"; rc=$?
took=$(( $(date +%s) - start ))
part=$(stat -c %s "$T/bg/fetch/download.part" 2>/dev/null || echo 0)
check '[ $rc -eq 0 ] && [ $took -le 12 ] && [ "$part" -gt 0 ]' \
  "stopping the kiosk breaks off a slow download at once (exit $rc, ${took} s, $part bytes kept)" "$T/stop.err"
rm -f "$T/www/azc.wwpack.slow"
"$KIOSK" --update-pack --config "$T/bg.conf" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ] && grep -q "version 5" "$T/out" && grep -q "^GET /azc.wwpack status=206 range=bytes=$part- " "$T/server.log"' \
  "the broken-off download resumes from byte $part and installs v5 (exit $rc)" "$T/err"

# The staff status screen says where packs come from, when the last check was, and its result.
echo 20201357 | "$KIOSK" --set-pin --config "$T/bg.conf" >"$T/pin.log" 2>&1
{ printf 'lang nl\nopen route\nwait 500\n'; for i in 1 2 3 4 5; do printf 'tap 1075 20\nwait 300\n'; done
  printf 'wait 500\nexpect-screen staff\n'; for d in 2 0 2 0 1 3 5 7; do printf 'tap-id staff-key-%s\nwait 100\n' $d; done
  printf 'tap-id staff-enter\nwait 800\ndump-ui\n'; } > "$T/staff.script"
sed 's/^pack_check_s = 5$/pack_check_s = 3600/' "$T/bg.conf" > "$T/staff.conf"   # no check during the script
"$KIOSK" --headless --config "$T/staff.conf" --size 1080x1920 --script "$T/staff.script" 2>"$T/staff.err" |
  grep -o '"id":"staff-pack-source"[^}]*' > "$T/staff.txt"
check 'grep -qE "komen van $URL .*Laatste controle: 20[0-9-]+ [0-9:]+\. Pack .* version 5 from" "$T/staff.txt"' \
  "staff status: pack source, last check and its result" "$T/staff.err"

# 6. Bounded and verified: a download above pack_max_mb is refused (and removed); without
# pack_ca the self-signed certificate is not trusted.
head -c 1300000 /dev/urandom > "$T/www/big.wwpack"
kiosk_conf "$T/big.conf" "$T/k.pub" "$T/state" "" "pack_url = ${URL%/*}/big.wwpack" "pack_ca = $T/tls.pem" "pack_max_mb = 1"
"$KIOSK" --update-pack --config "$T/big.conf" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 1 ] && grep -q "larger than pack_max_mb (1 MiB)" "$T/err" && [ ! -e "$T/state/fetch/download.part" ]' \
  "a pack above pack_max_mb is refused and nothing is kept (exit $rc)" "$T/err"
kiosk_conf "$T/noca.conf" "$T/k.pub" "$T/state" "" "pack_url = $URL"
"$KIOSK" --update-pack --config "$T/noca.conf" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 1 ] && grep -qi "certificate" "$T/err" && [ "$(version)" = 4 ]' \
  "without pack_ca the self-signed server is not trusted (exit $rc)" "$T/err"

# 7. Refusals at config load and usage.
kiosk_conf "$T/plain.conf" "$T/k.pub" "$T/state" "" "pack_url = http://packs.example.org/azc.wwpack"
"$KIOSK" --update-pack --config "$T/plain.conf" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 2 ] && grep -q "plain.conf:3: pack_url must start with https://" "$T/err"' "http:// pack_url refused at config load (exit $rc)" "$T/err"
"$KIOSK" --headless --config "$T/plain.conf" --dump-ui >/dev/null 2>"$T/err"; rc=$?
check '[ $rc -eq 2 ]' "the kiosk refuses the same config at start (exit $rc)" "$T/err"
kiosk_conf "$T/loop.conf" "$T/k.pub" "$T/state" "" "pack_url = http://127.0.0.1:9/azc.wwpack"
"$KIOSK" --update-pack --config "$T/loop.conf" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 1 ] && [ "$(version)" = 4 ]' "plain http to 127.0.0.1 loads; a dead server fails with exit 1 (exit $rc)" "$T/err"
flock "$T/state/fetch/lock" "$KIOSK" --update-pack --config "$T/kiosk.conf" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 1 ] && grep -q "another pack check is running" "$T/err"' "one check at a time per state folder (exit $rc)" "$T/err"
"$KIOSK" --update-pack --config "$T/kiosk.conf" --bogus >/dev/null 2>&1; rc=$?
check '[ $rc -eq 2 ]' "unknown option: exit 2"
kiosk_conf "$T/none.conf" "$T/k.pub" "$T/state"
"$KIOSK" --update-pack --config "$T/none.conf" >/dev/null 2>&1; rc=$?
check '[ $rc -eq 2 ]' "no pack_url: exit 2"
finish
