#!/bin/sh
# t_collect.sh — wegwijs-collect end to end on SQLite and on a real PostgreSQL 15 server
# this test starts itself (tools/collect/pgtest.sh; stopped by an EXIT trap, also on
# failure): keygen, command-line conventions, unenrolled kiosks refused with nothing
# kept, enrolment, ingest idempotence (same bundle twice, overlapping bundles, a
# replayed old bundle), tampered and truncated bundles refused with nothing stored,
# conflicts quarantined, revoked kiosks refused, serve with eight concurrent uploaders
# and a key folder without researcher.sk (records stay sealed until `open` with the
# research keys), Content-Length required, one generic sentence per refusal, a bounded
# slowloris (150 slow connections, 8 s) while /v1/health still answers, serve over TLS
# (a throw-away self-signed certificate, loopback only; TLS 1.1 refused), the set-based
# ingest's edge cases (test_collect_ingest) on PostgreSQL, and export: no small cells,
# no ids, identical on both engines. One PostgreSQL server serves the whole test; it runs
# without fsync (durability is not what this test measures; make bench keeps fsync on).
set -u
. tests/lib.sh
C="$PWD/$BUILD/wegwijs-collect"
EDGE="$PWD/$BUILD/tests/test_collect_ingest"
SLOW="$PWD/tests/collect_slowloris.py"
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
# The internet-facing server's key folder: collector pair and researcher.pk, no researcher.sk.
mkdir -m 700 srvkeys && cp keys/collector.pk keys/collector.sk keys/researcher.pk srvkeys/

# Command-line conventions: --help everywhere (exit 0), --version, usage errors exit 2.
helps=0
for cmd in keygen enrol revoke ingest serve open export synth bench; do
  "$C" $cmd --help >help.out 2>&1 && grep -q "usage: wegwijs-collect $cmd" help.out && helps=$((helps + 1))
done
check '[ $helps = 9 ]' "cli: --help for every command ($helps of 9)"
check '"$C" --help >/dev/null && "$C" --version | grep -q "^wegwijs-collect [0-9]"' "cli: program --help and --version"
"$C" ingest --no-such-option x.wwb >/dev/null 2>&1; rc=$?
check '[ $rc = 2 ]' "cli: unknown option exits 2 (got $rc)"
"$C" frobnicate >/dev/null 2>&1; rc=$?
check '[ $rc = 2 ]' "cli: unknown command exits 2 (got $rc)"
"$C" enrol --db cli.db 0123 --site azc-01 >/dev/null 2>&1; rc=$?
check '[ $rc = 1 ]' "cli: a refused enrolment (short key) exits 1 (got $rc)"

# Three kiosks at three sites; kiosk 0 exports overlapping bundles (re-exports 5).
"$C" synth --keys keys --out b --questionnaire "$Q" --kiosks 3 --records 60,25,12 --bundle-size 20 --overlap 5 >/dev/null
check '[ "$(ls b/*.wwb | wc -l)" = 6 ] && [ "$(wc -l <b/kiosks.txt)" = 3 ]' "synth wrote 6 bundles and the kiosk roster"
total=97   # distinct records

# Damaged bundles: one flipped byte in a sealed record, one cut short.
cp b/synth-k001-b000.wwb tampered.wwb
# flip one bit of byte 400 (writing a fixed 'X' left the file intact when the byte was one)
flip=$(( $(od -An -tu1 -j400 -N1 tampered.wwb) ^ 1 ))
printf "\\$(printf %03o "$flip")" | dd of=tampered.wwb bs=1 seek=400 conv=notrunc 2>/dev/null
check '! cmp -s tampered.wwb b/synth-k001-b000.wwb' "the tampered bundle differs from the original"
head -c 3000 b/synth-k001-b000.wwb >truncated.wwb
# Same kiosk again, records re-sealed: same ids, different bytes -> conflicts.
"$C" synth --keys keys --out re --questionnaire "$Q" --kiosks 1 --records 60 --bundle-size 20 --overlap 5 --reseal-overlap >/dev/null

count() { # ENGINE URL SQL
  if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql -qtAX "$2" -c "$3"; fi
}

enrol_all() { # URL ROSTER
  while read -r pk site; do "$C" enrol --db "$1" --site "$site" "$pk" >/dev/null || return 1; done <"$2"
}

run_engine() { # NAME URL
  e=$1; url=$2
  # unenrolled_kiosk_refused: before enrolment every bundle is refused and nothing kept.
  "$C" ingest --db "$url" --keys keys b/synth-k000-b000.wwb >"$e-unenrolled.log" 2>&1
  rc=$?
  check '[ $rc = 1 ] && grep -q "kiosk not accepted" "$e-unenrolled.log"' "$e: unenrolled_kiosk_refused: $(head -n 1 "$e-unenrolled.log")"
  check '[ "$(count $e "$url" "select (select count(*) from checkin_raw) + (select count(*) from bundle) + (select count(*) from kiosk)")" = 0 ]' \
    "$e: unenrolled_kiosk_refused: nothing stored, no kiosk registered"
  check 'enrol_all "$url" b/kiosks.txt' "$e: the three kiosks enrolled"
  "$C" ingest --db "$url" --keys keys tampered.wwb truncated.wwb >"$e-bad.log" 2>&1
  rc=$?
  check '[ $rc -ne 0 ]' "$e: damaged bundles make ingest fail"
  check '[ "$(grep -c REFUSED "$e-bad.log")" = 2 ]' "$e: both damaged bundles refused with a message"
  check 'grep -q "signature\|hash\|trailer\|truncat\|length" "$e-bad.log"' "$e: the refusal says why"
  check '[ "$(count $e "$url" "select count(*) from checkin_raw")" = 0 ]' "$e: nothing stored from damaged bundles"

  "$C" ingest --db "$url" --keys keys b/*.wwb >"$e-1.log" 2>&1
  rc=$?
  check '[ $rc -eq 0 ]' "$e: first ingest succeeds"
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

  kid=$(sed -n '3s/ .*//p' b/kiosks.txt)
  "$C" revoke --db "$url" "$kid" >/dev/null 2>&1
  "$C" ingest --db "$url" --keys keys b/synth-k002-b000.wwb >"$e-rev.log" 2>&1
  rc=$?
  check '[ $rc -ne 0 ] && grep -q revoked "$e-rev.log"' "$e: revoked kiosk refused"

  "$C" export --db "$url" --k 10 --questionnaire "$Q" --out "ex-$e" >"$e-ex.log" 2>&1
  rc=$?
  check '[ $rc -eq 0 ] && [ -s "ex-$e/datapackage.json" ] && [ -s "ex-$e/index.html" ] && [ -s "ex-$e/chart-mood.svg" ]' "$e: export wrote tables, codebook, charts, page"
  { count $e "$url" "select lower(hex(response_id)) from response" 2>/dev/null
    count $e "$url" "select encode(response_id, 'hex') from response" 2>/dev/null
    cut -d' ' -f1 b/kiosks.txt; } | grep . >"$e-ids.txt"
  check '[ "$(wc -l <"$e-ids.txt")" -ge $total ]' "$e: response and kiosk ids listed for the leak check"
  leaked=$(grep -rhoiFf "$e-ids.txt" "ex-$e" | sort -u | wc -l)
  check '[ $leaked = 0 ]' "$e: no record or kiosk id in the export ($leaked found)"
  if [ $e = sqlite ]; then
    check '[ "$(stat -c %a "$url")" = 600 ]' "$e: database file created 0600 ($(stat -c %a "$url"))"
  fi
}

run_engine sqlite "$W/collect.db"
if pgtest_start "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; then
  at_exit 'rm -rf "$W"'   # pgtest_start replaced the EXIT trap with its own stop
  rm -f b/*.wwr b/*.first
  run_engine pg "$PGTEST_URL"
  # The set-based ingest's edge cases, on this server (its SQLite half runs on its own).
  "$EDGE" "$(pgtest_createdb edge)" >edge.log 2>&1
  rc=$?
  check '[ $rc -eq 0 ] && grep -q "^--- PostgreSQL" edge.log' "test_collect_ingest on PostgreSQL: $(grep -E "^FAIL|^tests:" edge.log | head -n 5)"
  check 'diff -r ex-sqlite ex-pg >/dev/null' "export identical on SQLite and PostgreSQL"
else
  bad "PostgreSQL test server did not start"
fi

# serve: eight uploaders POST overlapping bundles (each sends all, in its own order).
"$C" synth --keys keys --out s --questionnaire "$Q" --kiosks 4 --records 80 --bundle-size 30 --overlap 10 --seed 5 >/dev/null
serve_total=320
serve_test() { # NAME URL ENGINE
  e=$1; url=$2; engine=$3
  enrol_all "$url" s/kiosks.txt
  "$C" serve --db "$url" --keys srvkeys --listen 127.0.0.1:0 --threads 4 >"serve-$e.log" 2>&1 &
  spid=$!
  port=""
  for i in $(seq 1 50); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "serve-$e.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  check '[ -n "$port" ]' "$e: serve is listening (keys without researcher.sk)"
  # unenrolled_kiosk_refused over HTTP: 403, a generic sentence, nothing kept.
  code=$(curl -s --max-time 30 -o "unenrolled-$e.r" -w '%{http_code}' --data-binary @b/synth-k000-b000.wwb "http://127.0.0.1:$port/v1/bundles")
  check '[ "$code" = 403 ] && [ "$(cat "unenrolled-$e.r")" = "kiosk not accepted" ]' "$e: unenrolled kiosk answered 403 + generic sentence (got $code: $(head -c 80 "unenrolled-$e.r"))"
  check '[ "$(count $engine "$url" "select (select count(*) from checkin_raw) + (select count(*) from bundle)")" = 0 ]' "$e: nothing kept of the unenrolled kiosk's upload"
  check 'grep -q "not enrolled" "serve-$e.log"' "$e: the reason is in the server log"
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
  check '[ "$(count $engine "$url" "select count(*) from checkin_raw")" = $serve_total ]' "$e: stored = distinct places ($serve_total)"
  check '[ "$(count $engine "$url" "select count(*) from response")" = 0 ]' "$e: sealed_only_at_server: the server opened nothing"
  bad_code=$(curl -s -o "bad-$e.r" -w '%{http_code}' --data-binary @tampered.wwb "http://127.0.0.1:$port/v1/bundles")
  check '[ "$bad_code" = 422 ] && ! grep -qi "signature\|hash\|sqlite\|postgres" "bad-$e.r"' "$e: tampered bundle answered 422, generic (got $bad_code: $(cat "bad-$e.r"))"
  big_code=$(head -c 40000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' --data-binary @- "http://127.0.0.1:$port/v1/bundles")
  check '[ "$big_code" = 413 ]' "$e: oversized upload answered 413 (got $big_code)"
  chunk_code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' --data-binary @s/synth-k001-b000.wwb "http://127.0.0.1:$port/v1/bundles")
  check '[ "$chunk_code" = 411 ]' "$e: upload without Content-Length answered 411 (got $chunk_code)"
  kill "$spid"; wait "$spid" 2>/dev/null
  # open_in_research_environment: a separate run with the research keys opens them.
  "$C" open --db "$url" --keys keys >"open-$e.log" 2>&1
  rc=$?
  check '[ $rc = 0 ] && [ "$(count $engine "$url" "select count(*) from response")" = $serve_total ]' "$e: open yields the $serve_total answers: $(tail -n 1 "open-$e.log")"
  "$C" export --db "$url" --k 10 --questionnaire "$Q" --out "ex-$e" >"export-$e.log" 2>&1
  rc=$?
  check '[ $rc = 0 ] && [ -s "ex-$e/mood.csv" ]' "$e: export on the opened database: $(tail -n 1 "export-$e.log")"
  "$C" export --db "$url" --k 11 --questionnaire "$Q" --out "ex11-$e" >"export11-$e.log" 2>&1; rc=$?
  check '[ $rc = 1 ] && grep -q "published with k=10" "export11-$e.log"' "$e: the ledger refuses another k for published weeks (rc $rc)"
  "$C" open --db "$url" --keys keys --forget-ids >/dev/null 2>&1
  check '[ "$(count $engine "$url" "select count(*) from opened_id")" = 0 ] && [ "$(count $engine "$url" "select count(*) from response")" = $serve_total ]' \
    "$e: open --forget-ids drops the opened record ids, answers stay"
}
serve_test serve-sqlite "$W/serve.db" sqlite
if [ -n "${PGTEST_URL:-}" ]; then
  surl=$(pgtest_createdb serve)
  serve_test serve-pg "$surl" pg
fi

# slowloris_health: 150 slow connections from one process (source 127.0.0.2) for 8 s;
# /v1/health from 127.0.0.1 still answers within 3 s, and the server held only a few of them.
"$C" serve --db "$W/slow.db" --keys srvkeys --listen 127.0.0.1:0 --threads 2 >serve-slow.log 2>&1 &
slpid=$!
port=""
for i in $(seq 1 50); do
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' serve-slow.log)
  [ -n "$port" ] && break
  sleep 0.1
done
timeout 15 python3 "$SLOW" "$port" 150 8 127.0.0.2 >slowloris.log 2>&1 &
slowpid=$!
sleep 3
health=$(curl -s --max-time 3 "http://127.0.0.1:$port/v1/health")
check '[ "$health" = ok ]' "slowloris_health: /v1/health answers during 150 slow connections (got '$health'; $(head -n 1 slowloris.log))"
wait "$slowpid"
closed=$(sed -n 's/.*accepted, \([0-9]*\) closed.*/\1/p' slowloris.log)
check '[ "${closed:-0}" -ge 100 ]' "slowloris_health: the server dropped the connections over its per-address cap: $(tail -n 1 slowloris.log)"
kill "$slpid"; wait "$slpid" 2>/dev/null

# serve over TLS: a throw-away self-signed certificate for 127.0.0.1, made here; the
# client trusts exactly that certificate (--cacert), as a kiosk would trust its CA.
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
     -addext subjectAltName=IP:127.0.0.1 -keyout tls-key.pem -out tls-cert.pem >openssl.log 2>&1; then
  ok
  enrol_all "$W/tls.db" s/kiosks.txt
  "$C" serve --db "$W/tls.db" --keys srvkeys --listen 127.0.0.1:0 --threads 2 \
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
  code=$(post /dev/null "https://127.0.0.1:$port/v1/bundles" --cacert tls-cert.pem --tlsv1.0 --tls-max 1.1)
  check '[ "$code" = 000 ]' "tls_min_1_2: TLS 1.1 refused (got $code)"
  code=$(post /dev/null "https://127.0.0.1:$port/v1/bundles" --cacert tls-cert.pem --tlsv1.2 --tls-max 1.2)
  check '[ "$code" = 200 ]' "tls_min_1_2: TLS 1.2 accepted (got $code)"
  kill "$tpid"; wait "$tpid" 2>/dev/null
  check 'grep -q "stopping" serve-tls.log' "tls: serve stops on SIGTERM"
else
  bad "openssl could not make a test certificate: $(tail -n 2 openssl.log)"
fi

finish
