#!/bin/sh
# t_collect.sh — wegwijs-collect end to end on SQLite and on a real PostgreSQL 15 server
# this test starts itself (tools/collect/pgtest.sh; stopped by an EXIT trap, also on
# failure): keygen, ingest idempotence (same bundle twice, overlapping bundles, a
# replayed old bundle), tampered and truncated bundles refused with nothing stored,
# conflicts quarantined, revoked kiosks refused, serve with eight concurrent uploaders,
# serve over TLS (a throw-away self-signed certificate, loopback only), the set-based
# ingest's edge cases (test_collect_ingest) on PostgreSQL, and export: no small cells,
# no ids, identical on both engines. One PostgreSQL server serves the whole test; it runs
# without fsync (durability is not what this test measures; make bench keeps fsync on).
set -u
. tests/lib.sh
C="$PWD/$BUILD/wegwijs-collect"
EDGE="$PWD/$BUILD/tests/test_collect_ingest"
Q="$PWD/content/checkin/questionnaire.md"

. tools/collect/pgtest.sh
need_bin "$C"
tmp_dir
W=$T
at_exit pgtest_stop
cd "$W" || exit 1
"$C" keygen --out keys >keygen.log 2>&1
check '[ "$(stat -c %a keys/researcher.sk)" = 600 ] && [ "$(stat -c %a keys/collector.sk)" = 600 ]' "secret keys are 0600"
check 'grep -q "researcher_pk: [0-9a-f]\{64\}" keygen.log' "keygen prints the pack.meta line"
check '! "$C" keygen --out keys >/dev/null 2>&1' "keygen refuses to overwrite keys"

# Three kiosks at three sites; kiosk 0 exports overlapping bundles (re-exports 5).
"$C" synth --keys keys --out b --questionnaire "$Q" --kiosks 3 --records 60,25,12 --bundle-size 20 --overlap 5 >/dev/null
check '[ "$(ls b/*.wwb | wc -l)" = 6 ]' "synth wrote 6 bundles"
total=97   # distinct records

# Damaged bundles: one flipped byte in a sealed record, one cut short.
cp b/synth-k001-b000.wwb tampered.wwb
printf 'X' | dd of=tampered.wwb bs=1 seek=400 conv=notrunc 2>/dev/null
head -c 3000 b/synth-k001-b000.wwb >truncated.wwb
# Same kiosk again, records re-sealed: same ids, different bytes -> conflicts.
"$C" synth --keys keys --out re --questionnaire "$Q" --kiosks 1 --records 60 --bundle-size 20 --overlap 5 --reseal-overlap >/dev/null

count() { # ENGINE URL SQL
  if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql -qtAX "$2" -c "$3"; fi
}

run_engine() { # NAME URL
  e=$1; url=$2
  "$C" ingest --db "$url" --keys keys tampered.wwb truncated.wwb >"$e-bad.log" 2>&1
  check '[ $? -ne 0 ]' "$e: damaged bundles make ingest fail"
  check '[ "$(grep -c REFUSED "$e-bad.log")" = 2 ]' "$e: both damaged bundles refused with a message"
  check 'grep -q "signature\|hash\|trailer\|truncat\|length" "$e-bad.log"' "$e: the refusal says why"
  check '[ "$(count $e "$url" "select count(*) from checkin_raw")" = 0 ]' "$e: nothing stored from damaged bundles"

  "$C" ingest --db "$url" --keys keys b/*.wwb >"$e-1.log" 2>&1
  check '[ $? -eq 0 ]' "$e: first ingest succeeds"
  check '[ "$(count $e "$url" "select count(*) from checkin_raw")" = $total ]' "$e: stored = distinct records ($total)"
  check '[ "$(ls b/*.wwr | wc -l)" = 6 ]' "$e: one receipt per bundle"
  check 'grep -q "5 duplicate" "$e-1.log"' "$e: overlap counted as duplicates"
  "$C" ingest --db "$url" --keys keys b/*.wwb >"$e-2.log" 2>&1
  check '[ "$(grep -c "identical bundle seen before" "$e-2.log")" = 6 ]' "$e: second ingest of everything: all identical resends"
  check '[ "$(count $e "$url" "select count(*) from checkin_raw")" = $total ]' "$e: still $total after a resend"
  for f in b/*.wwr; do cp "$f" "$f.first"; done
  "$C" ingest --db "$url" --keys keys b/synth-k000-b000.wwb >/dev/null 2>&1
  check 'cmp -s b/synth-k000-b000.wwr b/synth-k000-b000.wwr.first' "$e: replayed old bundle gets the identical stored receipt"

  "$C" ingest --db "$url" --keys keys re/synth-k000-b001.wwb >"$e-re.log" 2>&1
  check 'grep -q " 0 new, 0 duplicate, 25 conflict" "$e-re.log"' "$e: 25 re-sealed records quarantined as conflicts"
  check '[ "$(count $e "$url" "select count(*) from conflict")" = 25 ]' "$e: 25 conflict rows"
  check '[ "$(count $e "$url" "select count(*) from checkin_raw")" = $total ]' "$e: originals kept, nothing overwritten"

  # Records missing in the middle: kiosk 1's bundle holds seq 1..25; drop nothing, but
  # kiosk 0's third bundle (seq 36..60) alone into a fresh table would gap; checked via report.
  check 'grep -q "receipt:" "$e-1.log"' "$e: receipts reported"

  kid=$(sed -n 's/.*new kiosk \([0-9a-f]*\) registered.*/\1/p' "$e-1.log" | sed -n 3p)
  "$C" revoke --db "$url" "$kid" >/dev/null 2>&1
  "$C" ingest --db "$url" --keys keys b/synth-k002-b000.wwb >"$e-rev.log" 2>&1
  check '[ $? -ne 0 ] && grep -q revoked "$e-rev.log"' "$e: revoked kiosk refused"

  "$C" export --db "$url" --k 10 --questionnaire "$Q" --out "ex-$e" >"$e-ex.log" 2>&1
  check '[ $? -eq 0 ] && [ -s "ex-$e/datapackage.json" ] && [ -s "ex-$e/index.html" ] && [ -s "ex-$e/chart-mood.svg" ]' "$e: export wrote tables, codebook, charts, page"
  { count $e "$url" "select lower(hex(record_id)) from checkin_raw" 2>/dev/null
    count $e "$url" "select encode(record_id, 'hex') from checkin_raw" 2>/dev/null
    sed -n 's/.*new kiosk \([0-9a-f]*\) registered.*/\1/p' "$e-1.log"; } | grep . >"$e-ids.txt"
  check '[ "$(wc -l <"$e-ids.txt")" -ge $total ]' "$e: record and kiosk ids listed for the leak check"
  leaked=$(grep -rhoiFf "$e-ids.txt" "ex-$e" | sort -u | wc -l)
  check '[ $leaked = 0 ]' "$e: no record or kiosk id in the export ($leaked found)"
}

run_engine sqlite "$W/collect.db"
if pgtest_start "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; then
  at_exit 'rm -rf "$W"'   # pgtest_start replaced the EXIT trap with its own stop
  rm -f b/*.wwr b/*.first
  run_engine pg "$PGTEST_URL"
  # The set-based ingest's edge cases, on this server (its SQLite half runs on its own).
  "$EDGE" "$(pgtest_createdb edge)" >edge.log 2>&1
  check '[ $? -eq 0 ] && grep -q "^--- PostgreSQL" edge.log' "test_collect_ingest on PostgreSQL: $(grep -E "^FAIL|^tests:" edge.log | head -n 5)"
  check 'diff -r ex-sqlite ex-pg >/dev/null' "export identical on SQLite and PostgreSQL"
else
  bad "PostgreSQL test server did not start"
fi

# serve: eight uploaders POST overlapping bundles (each sends all, in its own order).
"$C" synth --keys keys --out s --questionnaire "$Q" --kiosks 4 --records 80 --bundle-size 30 --overlap 10 --seed 5 >/dev/null
serve_total=320
serve_test() { # NAME URL ENGINE
  e=$1; url=$2; engine=$3
  "$C" serve --db "$url" --keys keys --listen 127.0.0.1:0 --threads 4 >"serve-$e.log" 2>&1 &
  spid=$!
  port=""
  for i in $(seq 1 50); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "serve-$e.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  check '[ -n "$port" ]' "$e: serve is listening"
  uploaders=""
  for u in 1 2 3 4 5 6 7 8; do
    (
      for f in $(ls s/*.wwb | shuf); do
        code=$(curl -s --max-time 120 -o "up-$e-$u-$(basename "$f").r" -w '%{http_code}' --data-binary @"$f" \
               -H 'Content-Type: application/octet-stream' "http://127.0.0.1:$port/v1/bundles")
        echo "$code" >>"codes-$e-$u"
      done
    ) &
    uploaders="$uploaders $!"
  done
  wait $uploaders
  codes=$(cat codes-$e-* | sort | uniq -c | tr -s ' ' | tr '\n' ';')
  check '[ "$(cat codes-$e-* | grep -cv "^20[01]$")" = 0 ]' "$e: every upload answered 200/201 ($codes)"
  check '[ "$(cat codes-$e-* | grep -c "^201$")" = "$(ls s/*.wwb | wc -l)" ]' "$e: each bundle stored exactly once (201), resends 200"
  receipts=0
  for r in up-$e-*.r; do [ "$(head -c 4 "$r")" = WWR1 ] && receipts=$((receipts + 1)); done
  check '[ $receipts = $((8 * $(ls s/*.wwb | wc -l))) ]' "$e: every uploader got a receipt ($receipts)"
  check '[ "$(count $engine "$url" "select count(*) from checkin_raw")" = $serve_total ]' "$e: stored = distinct ids ($serve_total)"
  bad_code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @tampered.wwb "http://127.0.0.1:$port/v1/bundles")
  check '[ "$bad_code" = 422 ]' "$e: tampered bundle answered 422 (got $bad_code)"
  big_code=$(head -c 40000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' --data-binary @- "http://127.0.0.1:$port/v1/bundles")
  check '[ "$big_code" = 413 ]' "$e: oversized upload answered 413 (got $big_code)"
  kill "$spid"; wait "$spid" 2>/dev/null
}
serve_test serve-sqlite "$W/serve.db" sqlite
if [ -n "${PGTEST_URL:-}" ]; then
  surl=$(pgtest_createdb serve)
  serve_test serve-pg "$surl" pg
fi

# serve over TLS: a throw-away self-signed certificate for 127.0.0.1, made here; the
# client trusts exactly that certificate (--cacert), as a kiosk would trust its CA.
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
     -addext subjectAltName=IP:127.0.0.1 -keyout tls-key.pem -out tls-cert.pem >openssl.log 2>&1; then
  ok
  "$C" serve --db "$W/tls.db" --keys keys --listen 127.0.0.1:0 --threads 2 \
    --tls-cert tls-cert.pem --tls-key tls-key.pem >serve-tls.log 2>&1 &
  tpid=$!
  port=""
  for i in $(seq 1 50); do
    port=$(sed -n 's/.*listening on https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' serve-tls.log)
    [ -n "$port" ] && break
    sleep 0.1
  done
  check '[ -n "$port" ]' "tls: serve is listening on https ($(cat serve-tls.log))"
  post() { # OUT URL [CURL OPTIONS]: prints the HTTP status (000 when the connection failed)
    out=$1; u=$2; shift 2
    curl -s --max-time 60 -o "$out" -w '%{http_code}' "$@" --data-binary @s/synth-k001-b000.wwb \
      -H 'Content-Type: application/octet-stream' "$u"
  }
  code=$(post tls-1.wwr "https://127.0.0.1:$port/v1/bundles" --cacert tls-cert.pem)
  check '[ "$code" = 201 ] && [ "$(head -c 4 tls-1.wwr)" = WWR1 ]' "tls: bundle stored, 201 + receipt (got $code)"
  check '[ "$(sqlite3 "$W/tls.db" "select count(*) from checkin_raw")" = 30 ]' "tls: 30 records stored"
  code=$(post tls-2.wwr "https://127.0.0.1:$port/v1/bundles" --cacert tls-cert.pem)
  check '[ "$code" = 200 ] && cmp -s tls-1.wwr tls-2.wwr' "tls: resend answered 200 with the same receipt (got $code)"
  code=$(post /dev/null "https://127.0.0.1:$port/v1/bundles")
  check '[ "$code" = 000 ]' "tls: a client that does not trust the certificate cannot post (got $code)"
  code=$(post /dev/null "http://127.0.0.1:$port/v1/bundles")
  check '[ "$code" = 000 ]' "tls: plain http to the TLS port gets no answer (got $code)"
  kill "$tpid"; wait "$tpid" 2>/dev/null
  check 'grep -q "stopping" serve-tls.log' "tls: serve stops on SIGTERM"
else
  bad "openssl could not make a test certificate: $(tail -n 2 openssl.log)"
fi

finish
