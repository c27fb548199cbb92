#!/bin/sh
# t_fleet_view.sh — the fleet view (issue 19, "What it must show" 3): two kiosks (two
# state folders) export bundles that carry signed kiosk status records (NAME.wws next
# to NAME.wwb), one of them with an expired pack; `wegwijs-collect fleet` lists both
# (only enrolled kiosks' records are kept), the expired one first; a bundle without a
# status record still ingests; a tampered record is not kept; export writes fleet.csv
# (not in datapackage.json) and a fleet table in index.html; the status record holds
# nothing about residents (no answer, question or language codes).
set -u
. tests/lib.sh
BIN="$PWD/$BUILD/wegwijs"
C="$PWD/$BUILD/wegwijs-collect"
need_bin "$BIN" "$C" "$BUILD/wegwijs-pack" sqlite3 jq
tmp_dir keep-failed
export SDL_VIDEODRIVER=dummy

# Two packs of the mini content with the researchers' key: one valid, one expired.
"$C" keygen --out "$T/keys" >/dev/null
make_signed_pack "$T/a" tests/data/content-mini --researcher-key "$T/keys/researcher.pk" --audio none
rc=$?
check '[ $rc -eq 0 ]' "pack A built" "$T/a/build.log"
cp -r tests/data/content-mini "$T/old" && sed -i 's/^valid-until: .*/valid-until: 2024-01-31/' "$T/old/pack.meta"
mkdir -p "$T/b" && cp "$T/a/k.key" "$T/a/k.pub" "$T/b/"
make_signed_pack "$T/b" "$T/old" --researcher-key "$T/keys/researcher.pk" --audio none --assets tests/data/content-mini/pictograms
rc=$?
check '[ $rc -eq 0 ]' "pack B (valid until 2024-01-31) built" "$T/b/build.log"
for k in a b; do
  kiosk_conf "$T/$k.conf" "$T/a/k.pub" "$T/state-$k" "azc-fleet-$k" "collector_key = $(cat "$T/keys/collector.pk")"
  "$BIN" --config "$T/$k.conf" --install-pack "$T/$k/p.wwpack" >"$T/install-$k.log" 2>&1
  rc=$?
  check '[ $rc -eq 0 ]' "kiosk $k: pack installed" "$T/install-$k.log"
done

# The kiosk with the expired pack keeps showing it, and says so in the log.
"$BIN" --config "$T/b.conf" --headless --dump-ui >"$T/b.ui" 2>"$T/b.err"
check 'grep -q "\"pack_version\":1" "$T/b.ui" && grep -q "past its valid-until date 2024-01-31" "$T/b.err"' \
  "expired pack: content stays, staff warning in the log" "$T/b.err"

# Kiosk A takes two check-ins (Arabic then Dutch, with the answer code "course"), so
# its store holds answers the status record must not show.
checkin() {
  printf 'tap-id checkin-entry\nwait 500\ntap-id checkin-agree\nwait 500\ntap-id checkin-age-yes\nwait 500\n'
  printf 'tap-id checkin-answer-%s\nwait 500\ntap-id checkin-answer-course\nwait 300\ntap-id checkin-next\nwait 500\n' "$1"
  printf 'advance-clock 6000\ntap-id checkin-done\nwait 500\nadvance-clock 11000\n'
}
{ printf 'lang ar\nopen route\nwait 500\n'; checkin 2; printf 'lang nl\nopen route\nwait 500\n'; checkin 1; } > "$T/flow.txt"
"$BIN" --config "$T/a.conf" --headless --size 1280x800 --script "$T/flow.txt" --events >"$T/flow.out" 2>"$T/flow.err"
check '[ "$(grep -c "\"event\":\"checkin_saved\"" "$T/flow.out")" = 2 ]' "kiosk A saved two check-ins" "$T/flow.err"

# Both export to a stick: bundle plus status record.
for k in a b; do
  mkdir -p "$T/stick-$k"
  "$BIN" --config "$T/$k.conf" --export-checkins "$T/stick-$k" >"$T/export-$k.log" 2>&1
  rc=$?
  check '[ $rc -eq 0 ] && [ -s "$(ls "$T"/stick-$k/*.wwb)" ] && [ -s "$(ls "$T"/stick-$k/*.wws)" ]' \
    "kiosk $k: bundle and status record on the stick" "$T/export-$k.log"
done
WWS_A=$(ls "$T"/stick-a/*.wws); WWS_B=$(ls "$T"/stick-b/*.wws)
check 'grep -q "^pending=2$" "$WWS_A" && grep -q "^pack=test-mini$" "$WWS_A" && grep -q "^errors=$" "$WWS_A"' \
  "status A: pack and two pending check-ins, no error codes" "$WWS_A"
check 'grep -q "^valid_until=2024-01-31$" "$WWS_B" && grep -q "^errors=.*pack_expired" "$WWS_B"' \
  "status B: the expired pack and its error code" "$WWS_B"
# Nothing about residents: no answer codes, question ids or language codes as words.
check '! grep -qwiE "course|mood|activities|waiting_for|ar|nl|fa|ti|so|en|lang|language|answer" "$WWS_A" "$WWS_B"' \
  "the status records hold no answer, question or language codes" "$WWS_A"
check '[ "$(grep -vc "^\(wegwijs-status\|kiosk\|day\|app\|pack\|pack_version\|valid_until\|pending\|disk_free_mb\|uptime_h\|errors\|sig\)=" "$WWS_A")" = 0 ]' \
  "the status record has only the documented fields" "$WWS_A"

# The collector: enrolled kiosks only; both ingest with their status records.
kpk() { od -An -tx1 -v -j32 -N32 "$T/state-$1/kiosk-id" | tr -d ' \n'; }
"$C" ingest --db "$T/c.db" --keys "$T/keys" "$T"/stick-b/*.wwb >"$T/ingest-b0.log" 2>&1
rc=$?
check '[ $rc -eq 1 ] && [ "$(sqlite3 "$T/c.db" "SELECT COUNT(*) FROM kiosk_status")" = 0 ]' \
  "an unenrolled kiosk's bundle and status are refused, nothing kept" "$T/ingest-b0.log"
"$C" enrol --db "$T/c.db" --site azc-fleet-a "$(kpk a)" >/dev/null && "$C" enrol --db "$T/c.db" --site azc-fleet-b "$(kpk b)" >/dev/null
for k in a b; do
  "$C" ingest --db "$T/c.db" --keys "$T/keys" "$T"/stick-$k/*.wwb >"$T/ingest-$k.log" 2>&1
  rc=$?
  check '[ $rc -eq 0 ] && grep -q "status record: stored" "$T/ingest-$k.log"' "kiosk $k: bundle ingested, status stored" "$T/ingest-$k.log"
done
"$C" fleet --db "$T/c.db" >"$T/fleet.txt" 2>&1
rc=$?
check '[ $rc -eq 0 ] && sed -n 2p "$T/fleet.txt" | grep -q "^azc-fleet-b .*2024-01-31 yes" && sed -n 3p "$T/fleet.txt" | grep -q "^azc-fleet-a .* no  *2 "' \
  "fleet lists both kiosks, the expired one first" "$T/fleet.txt"
"$C" fleet --json --db "$T/c.db" >"$T/fleet.json"
check 'jq -e "length == 2 and .[0].pack_expired == true and .[0].site == \"azc-fleet-b\" and .[1].pending == 2" "$T/fleet.json" >/dev/null' \
  "fleet --json: the same, as JSON" "$T/fleet.json"

# A bundle without a status record (an old kiosk) still ingests; a tampered record is not kept.
mkdir -p "$T/stick-a2"
"$BIN" --config "$T/a.conf" --export-checkins "$T/stick-a2" >/dev/null 2>&1
rm -f "$T"/stick-a2/*.wws
"$C" ingest --db "$T/c.db" --keys "$T/keys" "$T"/stick-a2/*.wwb >"$T/ingest-old.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && ! grep -q "status record" "$T/ingest-old.log"' "a bundle without a status record ingests" "$T/ingest-old.log"
mkdir -p "$T/stick-a3"
"$BIN" --config "$T/a.conf" --export-checkins "$T/stick-a3" >/dev/null 2>&1
sed -i 's/^pending=.*/pending=0/' "$T"/stick-a3/*.wws
"$C" ingest --db "$T/c.db" --keys "$T/keys" "$T"/stick-a3/*.wwb >"$T/ingest-bad.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -q "not kept: .*signature" "$T/ingest-bad.log" && [ "$(sqlite3 "$T/c.db" "SELECT pending FROM kiosk_status WHERE pack_version > 0 ORDER BY pending DESC LIMIT 1")" = 2 ]' \
  "a tampered status record is not kept; its bundle still ingests" "$T/ingest-bad.log"

# Export: fleet.csv next to the tables, not in the datapackage; a fleet table in index.html.
WEGWIJS_COLLECT_TODAY=$(date -d "+14 days" +%Y-%m-%d) "$C" export --db "$T/c.db" --out "$T/report" --k 2 --publish-after 0 >"$T/export.log" 2>&1
if [ -s "$T/report/index.html" ]; then
  check 'head -n 1 "$T/report/fleet.csv" | grep -q "^site,kiosk," && sed -n 2p "$T/report/fleet.csv" | grep -q "^azc-fleet-b,.*,yes,"' \
    "fleet.csv written, expired kiosk first" "$T/report/fleet.csv"
  check '! grep -q fleet "$T/report/datapackage.json"' "fleet.csv is not in datapackage.json"
  check 'grep -q "<table class=\"fleet\">" "$T/report/index.html" && grep -q "azc-fleet-b" "$T/report/index.html"' "index.html has the fleet table"
else
  bad "export wrote no report: $(tail -n 2 "$T/export.log")"
fi
finish
