#!/bin/sh
# t_collect_e2e.sh — kiosk → collector → receipt → kiosk, with the real programs only.
# A pack carrying the researchers' public key (wegwijs-collect keygen → wegwijs-pack
# build --researcher-key) is installed on a kiosk whose config trusts the collector's
# receipt key (collector_key). The headless kiosk takes three check-ins through its
# check-in screens; `wegwijs --export-checkins` writes a bundle; a `wegwijs-collect
# serve` process whose key folder has no researcher.sk refuses it (403, nothing kept)
# until the kiosk is enrolled (its key read from the kiosk's state folder), then stores
# it sealed and answers with a receipt; `wegwijs-collect open` with the research keys
# (a separate folder) opens the answers; export runs on the opened database;
# `wegwijs --import-receipt` applies the receipt. Checks:
# the collector holds exactly the answers given, under this kiosk's key; a receipt from
# another collector key and a tampered receipt are refused with nothing changed; a
# re-export before the receipt holds the same records (ingested as duplicates); after
# the receipt every record is acknowledged, importing it again changes nothing, and the
# next export holds only the check-in taken since.
set -u
. tests/lib.sh
BIN="$PWD/$BUILD/wegwijs"
C="$PWD/$BUILD/wegwijs-collect"
need_bin "$BIN" "$C" "$BUILD/wegwijs-pack"
tmp_dir keep-failed
kiosk() { "$BIN" --config "$T/k.conf" "$@"; }
# The kiosk store's records by state (0 new, 1 exported, 2 acknowledged): "1:3 2:1 ".
states() {
  for db in "$T"/state/checkins/*.db; do
    [ -e "$db" ] && sqlite3 "$db" 'SELECT state FROM checkin'
  done | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }'
}
research() { sqlite3 "$T/research.db" "$1"; }

# --- setup: research keys, a rogue collector, a signed pack with the researchers' key,
# a kiosk trusting the collector's receipt key
# The rogue collector holds the real researcher key (it could open the records) but signs
# receipts with its own collector key, which the kiosk's config does not name.
"$C" keygen --out "$T/keys" >/dev/null && "$C" keygen --out "$T/other" >/dev/null &&
  mkdir -m 700 "$T/rogue" && cp "$T"/keys/researcher.* "$T"/other/collector.* "$T/rogue/" &&
  mkdir -m 700 "$T/srv" && cp "$T"/keys/collector.* "$T"/keys/researcher.pk "$T/srv/"
rc=$?
check '[ $rc -eq 0 ] && [ ! -e "$T/srv/researcher.sk" ]' "collector keys, the server's folder without researcher.sk, a rogue collector's keys"
make_signed_pack "$T" tests/data/content-mini --researcher-key "$T/keys/researcher.pk" --audio none
rc=$?
check '[ $rc -eq 0 ]' "pack with the researchers' key built and signed"
kiosk_conf "$T/k.conf" "$T/k.pub" "$T/state" azc-e2e1 "collector_key = $(cat "$T/keys/collector.pk")"
kiosk --install-pack "$T/p.wwpack" >"$T/install.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "pack installed: $(tail -n 1 "$T/install.log")"

# --- three check-ins through the kiosk's own screens (Dutch; mood 1, 2, 2; one activity)
checkin() {   # checkin MOOD
  cat <<S
tap-id checkin-entry
wait 500
tap-id checkin-agree
wait 500
tap-id checkin-age-yes
wait 500
tap-id checkin-answer-$1
wait 500
tap-id checkin-answer-course
wait 300
tap-id checkin-next
wait 500
expect-screen checkin
advance-clock 6000
tap-id checkin-done
wait 500
expect-screen route
advance-clock 11000
S
}
{ printf 'lang nl\nopen route\nwait 500\n'; checkin 1; checkin 2; checkin 2; } > "$T/flow.txt"
kiosk --headless --size 1280x800 --script "$T/flow.txt" --events >"$T/flow.out" 2>"$T/flow.err"
rc=$?
check '[ $rc -eq 0 ]' "kiosk check-in script: $(grep -v pictogram "$T/flow.err" | tail -n 3)"
check '[ "$(grep -c "\"event\":\"checkin_saved\"" "$T/flow.out")" = 3 ]' "three checkin_saved events"
check '[ "$(states)" = "0:3 " ]' "three new records in the kiosk store ($(states))"

# --- export to a stick
mkdir -p "$T/stick1" "$T/stick1b" "$T/stick2" "$T/stick3" "$T/rogue-out"
kiosk --export-checkins "$T/stick1" >"$T/export1.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -q "exported 3 check-ins" "$T/export1.log"' "export 1: $(head -n 1 "$T/export1.log")"
check '[ "$(ls "$T"/stick1/*.wwb 2>/dev/null | wc -l)" = 1 ]' "export 1 wrote one bundle"
check '[ "$(states)" = "1:3 " ]' "records marked exported, not deleted ($(states))"
b1=$(ls "$T"/stick1/*.wwb | head -n 1)
# The kiosk's public key as staff read it off the kiosk, which must be the key in its
# state folder (kiosk-id: 32-byte seed, then the key).
kiosk_pk=$(kiosk --show-kiosk-id 2>"$T/show-id.err")
check '[ ${#kiosk_pk} = 64 ] && [ "$kiosk_pk" = "$(od -An -tx1 -v -j32 -N32 "$T/state/kiosk-id" | tr -d " \n")" ]' \
  "--show-kiosk-id prints the kiosk's public key ($kiosk_pk)"
check 'grep -q "wegwijs-collect enrol --site .* $kiosk_pk" "$T/show-id.err"' "--show-kiosk-id says how to enrol it"
kiosk --show-kiosk-id --state "$T/no-such-state" >"$T/show-none.out" 2>&1
rc=$?
check '[ $rc -eq 1 ] && grep -q "no key yet" "$T/show-none.out" && [ ! -e "$T/no-such-state/kiosk-id" ]' \
  "--show-kiosk-id never makes a key: $(cat "$T/show-none.out")"

# --- a receipt signed by a collector key the kiosk does not trust is refused
"$C" enrol --db "$T/rogue.db" --site azc-e2e1 "$kiosk_pk" >/dev/null
"$C" ingest --db "$T/rogue.db" --keys "$T/rogue" --receipts "$T/rogue-out" "$b1" >"$T/rogue.log" 2>&1
check 'grep -q "3 new" "$T/rogue.log"' "the rogue collector could open and store the records: $(grep records "$T/rogue.log")"
kiosk --import-receipt "$(ls "$T"/rogue-out/*.wwr | head -n 1)" >"$T/rogue-import.log" 2>&1
rc=$?
check '[ $rc -ne 0 ] && grep -q "receipt refused, nothing changed" "$T/rogue-import.log"' \
  "untrusted collector's receipt refused: $(cat "$T/rogue-import.log")"
check '[ "$(states)" = "1:3 " ]' "nothing acknowledged by the untrusted receipt ($(states))"

# --- the collector's server (no researcher.sk on it): refuses the unenrolled kiosk, then
# stores the enrolled kiosk's bundle sealed and answers with a receipt
mkdir -p "$T/receipts"
"$C" serve --db "$T/research.db" --keys "$T/srv" --listen 127.0.0.1:0 --threads 2 >"$T/serve.log" 2>&1 &
spid=$!
port=""
for i in $(seq 1 50); do
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$T/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
check '[ -n "$port" ]' "serve runs with a key folder without researcher.sk: $(head -n 1 "$T/serve.log")"
post() { curl -s --max-time 30 -o "$2" -w '%{http_code}' --data-binary @"$1" "http://127.0.0.1:$port/v1/bundles"; }
code=$(post "$b1" "$T/refused.txt")
check '[ "$code" = 403 ] && [ "$(research "SELECT (SELECT count(*) FROM checkin_raw) + (SELECT count(*) FROM bundle)")" = 0 ]' \
  "unenrolled kiosk: 403 and nothing stored (got $code: $(cat "$T/refused.txt"))"
"$C" enrol --db "$T/research.db" --site azc-e2e1 "$kiosk_pk" >"$T/enrol.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "kiosk enrolled: $(cat "$T/enrol.log")"
r1="$T/receipts/$(basename "$b1" .wwb).wwr"
code=$(post "$b1" "$r1")
check '[ "$code" = 201 ] && grep -q "3 records, 3 new, 0 duplicate, 0 conflict, 0 rejected" "$T/serve.log"' \
  "bundle stored by the server (got $code): $(grep records "$T/serve.log")"
kill "$spid"; wait "$spid" 2>/dev/null
check '[ -s "$r1" ] && [ "$(head -c 4 "$r1")" = WWR1 ]' "receipt written"
check '[ "$(research "SELECT count(*) FROM checkin_raw")" = 3 ] && [ "$(research "SELECT count(*) FROM response")" = 0 ]' \
  "the server stored three sealed records and opened none"
# --- the research environment opens them with its own key folder
"$C" open --db "$T/research.db" --keys "$T/keys" >"$T/open.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -q "3 records opened" "$T/open.log"' "open: $(tail -n 1 "$T/open.log")"
check '[ "$(research "SELECT group_concat(code, \" \") FROM (SELECT code FROM answer WHERE question = \"mood\" ORDER BY code)")" = "1 2 2" ]' \
  "collector holds the moods given (1 2 2)"
check '[ "$(research "SELECT count(*) FROM answer WHERE question = \"activities\" AND code = \"course\"")" = 3 ]' \
  "collector holds the activity given three times"
check '[ "$(research "SELECT group_concat(DISTINCT site) FROM response")" = azc-e2e1 ]' "site code from the kiosk config"
check '[ "$(research "SELECT lower(hex(kiosk_pk)) FROM kiosk")" = "$kiosk_pk" ]' "the collector holds exactly this enrolled kiosk"

# --- before the receipt arrives, a new export holds the same records again
kiosk --export-checkins "$T/stick1b" >"$T/export1b.log" 2>&1
check 'grep -q "exported 3 check-ins" "$T/export1b.log"' "unacknowledged records exported again: $(head -n 1 "$T/export1b.log")"
"$C" ingest --db "$T/research.db" --keys "$T/keys" --receipts "$T/receipts1b" "$T"/stick1b/*.wwb >"$T/ingest1b.log" 2>&1
check 'grep -q "3 records: 0 new, 3 duplicate" "$T/ingest1b.log"' "re-export ingested as duplicates: $(grep records "$T/ingest1b.log")"
check '[ "$(research "SELECT count(*) FROM response")" = 3 ]' "still three responses at the collector"

# --- a tampered receipt is refused
cp "$r1" "$T/tampered.wwr"
printf '\377' | dd of="$T/tampered.wwr" bs=1 seek=120 conv=notrunc 2>/dev/null
kiosk --import-receipt "$T/tampered.wwr" >"$T/tampered.log" 2>&1
rc=$?
check '[ $rc -ne 0 ] && grep -q "receipt refused" "$T/tampered.log"' "tampered receipt refused: $(cat "$T/tampered.log")"
check '[ "$(states)" = "1:3 " ]' "nothing acknowledged by the tampered receipt ($(states))"

# --- the receipt acknowledges every record; importing it again changes nothing
kiosk --import-receipt "$r1" >"$T/import1.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -q "3 check-ins acknowledged" "$T/import1.log"' "receipt applied: $(head -n 1 "$T/import1.log")"
check '[ "$(states)" = "2:3 " ]' "all three acknowledged ($(states))"
acked=$(for db in "$T"/state/checkins/*.db; do sqlite3 "$db" "SELECT count(*) FROM checkin WHERE acked_day LIKE '20__-__-__'"; done)
check '[ "$acked" = 3 ]' "acknowledgement day recorded ($acked)"
kiosk --import-receipt "$r1" >"$T/import1-again.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -q " 0 check-ins acknowledged" "$T/import1-again.log"' "same receipt again: $(head -n 1 "$T/import1-again.log")"
kiosk --import-receipt "$(ls "$T"/receipts1b/*.wwr | head -n 1)" >"$T/import1b.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -q " 0 check-ins acknowledged" "$T/import1b.log"' "the re-export's receipt adds nothing: $(head -n 1 "$T/import1b.log")"
check '[ "$(states)" = "2:3 " ]' "still three acknowledged ($(states))"

# --- the next export holds only the check-in taken since
{ printf 'lang nl\nopen route\nwait 500\n'; checkin 1; } > "$T/flow2.txt"
kiosk --headless --size 1280x800 --script "$T/flow2.txt" >/dev/null 2>&1
check '[ "$(states)" = "0:1 2:3 " ]' "one new check-in next to three acknowledged ($(states))"
kiosk --export-checkins "$T/stick2" >"$T/export2.log" 2>&1
check 'grep -q "exported 1 check-ins" "$T/export2.log"' "export 2 holds one record: $(head -n 1 "$T/export2.log")"
"$C" ingest --db "$T/research.db" --keys "$T/keys" --receipts "$T/receipts2" "$T"/stick2/*.wwb >"$T/ingest2.log" 2>&1
check 'grep -q "1 records: 1 new, 0 duplicate, 0 conflict, 0 rejected" "$T/ingest2.log"' \
  "export 2 has none of the acknowledged ones: $(grep records "$T/ingest2.log")"
kiosk --import-receipt "$(ls "$T"/receipts2/*.wwr | head -n 1)" >"$T/import2.log" 2>&1
check 'grep -q "1 check-ins acknowledged" "$T/import2.log" && [ "$(states)" = "2:4 " ]' "second receipt applied ($(states))"
kiosk --export-checkins "$T/stick3" >"$T/export3.log" 2>&1
check 'grep -q "exported 0 check-ins" "$T/export3.log"' "nothing left to export: $(head -n 1 "$T/export3.log")"
check '[ "$(research "SELECT count(*) FROM response")" = 4 ]' "collector holds four responses"
# --- export on the opened database (every week closed by then; four check-ins are fewer
# than k, so the tables hold rows but publish no number)
WEGWIJS_COLLECT_TODAY=2099-01-05 "$C" export --db "$T/research.db" --out "$T/export" >"$T/export.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && [ -s "$T/export/mood.csv" ] && [ -s "$T/export/datapackage.json" ]' "export on the opened database: $(tail -n 1 "$T/export.log")"
check '[ "$(tail -n +2 "$T/export/mood.csv" | wc -l)" -ge 1 ] && ! tail -n +2 "$T/export/mood.csv" | cut -d, -f4- | grep -q "[0-9]"' \
  "four check-ins publish no number: $(tail -n +2 "$T/export/mood.csv" | head -n 2 | tr '\n' ' ')"

finish
