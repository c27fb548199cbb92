#!/bin/sh
# t_typical_waits.sh — the research loop closes (issue #16, "What it must show" 3), with
# the real programs only: 12 check-ins through the kiosk's own screens waiting for a
# house (3 to 6 months) and 3 waiting for the IND → an export bundle → the kiosk enrolled
# and the bundle ingested → `wegwijs-collect export --k 10 --waits` → the table has the
# house row and no IND row → a new pack built with --waits, signed, installed → the woning
# page (and the navigator's result at leerroutes, from a course row added by hand) shows
# the `typical-wait` callout in Arabic and Tigrinya (the number and the check-in's
# own answer words, no tofu), the aankomst page (IND) shows none. Also: the pass's pack
# (no table) and a pack whose group has no row show no callout; `info` shows the table;
# a bad --waits file is refused with FILE:LINE and no pack written.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
C="$BUILD/wegwijs-collect"
need_bin "$BIN" "$C" "$BUILD/wegwijs-pack"
tmp_dir keep-failed
check 'test_pack' "the pass's pack" "$BUILD/test-pack/build.log"
kiosk_conf "$T/k.conf" "$PACK_DIR/k.pub" "$T/state" azc-wait1
"$BIN" --config "$T/k.conf" --install-pack "$PACK_DIR/p.wwpack" >"$T/install.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "pass's pack installed: $(tail -n 1 "$T/install.log")"
# callout LANG PAGE: the typical-wait widget's text on PAGE, "" when there is none
callout() {
  "$BIN" --headless --config "$T/k.conf" --size 1080x1920 --lang "$1" --open "$2" --dump-ui 2>>"$T/kiosk.err" |
    jq -r '[.widgets[] | select(.id == "typical-wait") | "\(.text) tofu=\(.tofu // 0)"] | join("")'
}
check '[ -z "$(callout nl woning)" ]' "no table in the pack: no callout"

# --- 15 check-ins through the kiosk's screens (11 s apart, so none is flagged rapid)
checkin() {   # checkin WAITING_FOR WAITING_TIME
  printf '%s\n' "tap-id checkin-entry" "wait 500" "tap-id checkin-agree" "wait 500" "tap-id checkin-age-yes" "wait 500" \
    "tap-id checkin-skip" "wait 500" "tap-id checkin-skip" "wait 500" "tap-id checkin-answer-$1" "wait 500" \
    "tap-id checkin-answer-$2" "wait 500" "tap-id checkin-skip" "wait 500" "tap-id checkin-next" "wait 500" \
    "expect-screen checkin" "advance-clock 6000" "tap-id checkin-done" "wait 500" "expect-screen route" "advance-clock 11000"
}
{ printf 'lang nl\nopen route\nwait 500\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12; do checkin house 3-6m; done
  for i in 1 2 3; do checkin ind 1-3m; done; } > "$T/flow.txt"
"$BIN" --headless --config "$T/k.conf" --size 1280x800 --script "$T/flow.txt" --events >"$T/flow.out" 2>"$T/flow.err"
rc=$?
check '[ $rc -eq 0 ]' "15 check-ins through the screens: $(grep -v pictogram "$T/flow.err" | tail -n 3)"
check '[ "$(grep -c "\"event\":\"checkin_saved\"" "$T/flow.out")" = 15 ]' "15 checkin_saved events"

# --- bundle → enrol → ingest (opened with the researchers' key)
mkdir -p "$T/stick"
"$BIN" --config "$T/k.conf" --export-checkins "$T/stick" >"$T/export.log" 2>&1 &&
  kiosk_pk=$(od -An -tx1 -v -j32 -N32 "$T/state/kiosk-id" | tr -d ' \n') &&
  "$C" enrol --db "$T/research.db" --site azc-wait1 "$kiosk_pk" >"$T/enrol.log" 2>&1 &&
  "$C" ingest --db "$T/research.db" --keys "$PACK_DIR/keys" "$T"/stick/*.wwb >"$T/ingest.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "export, enrol, ingest: $(cat "$T/export.log" "$T/enrol.log" "$T/ingest.log" | tail -n 3)"
check '[ "$(sqlite3 "$T/research.db" "SELECT count(*) FROM response")" = 15 ]' "15 responses opened"

# --- export --k 10 --waits, once the week is closed
today=$(date -u -d '+21 days' +%F)
WEGWIJS_COLLECT_TODAY=$today "$C" export --db "$T/research.db" --k 10 --waits "$T/waits.tsv" >"$T/waits.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "export --waits: $(tail -n 2 "$T/waits.log")"
check 'head -n 1 "$T/waits.tsv" | grep -qE "^# wegwijs-waits k=10 weeks=[0-9]{4}-W[0-9]{2}\.\.[0-9]{4}-W[0-9]{2} collector="' \
  "comment line with k, weeks and collector version: $(head -n 1 "$T/waits.tsv")"
check 'grep -qP "^all\thouse\t12\t0\t0\t100\t0\t0\t0\t3-6m\t" "$T/waits.tsv"' "the house row: 12, all in 3-6m: $(grep house "$T/waits.tsv")"
check '! grep -qP "\tind\t" "$T/waits.tsv"' "no IND row (3 < k)"
check '[ "$(wc -l < "$T/waits.tsv")" = 3 ]' "comment, header and one row"
WEGWIJS_COLLECT_TODAY=$today "$C" export --db "$T/research.db" --k 10 --waits "$T/again.tsv" >"$T/again.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && cmp -s "$T/waits.tsv" "$T/again.tsv" && grep -q "the last window again" "$T/again.log"' \
  "no newer week: the same window, the same table: $(tail -n 1 "$T/again.log")"
WEGWIJS_COLLECT_TODAY=$today "$C" export --db "$T/research.db" --k 10 --waits "$T/regrouped.tsv" \
  --site-group noord=azc-wait1 >"$T/regrouped.log" 2>&1
rc=$?
check '[ $rc -eq 1 ] && grep -q "must not be published in two ways" "$T/regrouped.log" && [ ! -e "$T/regrouped.tsv" ]' \
  "the same window with other groups is refused: $(tail -n 1 "$T/regrouped.log")"
cp "$T/research.db" "$T/fresh.db" && sqlite3 "$T/fresh.db" "DELETE FROM waits_window"
WEGWIJS_COLLECT_TODAY=$today "$C" export --db "$T/fresh.db" --k 10 --waits "$T/w2.tsv" --site-group noord=azc-wait1 \
  --site-group zuid=azc-elders >"$T/w2.log" 2>&1
rc=$?
check '[ $rc -eq 0 ] && grep -qP "^noord\thouse\t12\t" "$T/w2.tsv" && ! grep -qP "^zuid\t" "$T/w2.tsv"' \
  "--site-group: region noord has the row, zuid (no answers) none: $(cat "$T/w2.tsv" "$T/w2.log" | tail -n 4)"
"$C" export --db "$T/research.db" --waits "$T/w3.tsv" --site-group a=x --site-group b=x >"$T/w3.log" 2>&1
rc=$?
check '[ $rc -eq 2 ] && grep -q "must not overlap" "$T/w3.log" && [ ! -e "$T/w3.tsv" ]' "overlapping groups refused: $(cat "$T/w3.log")"
"$C" export --db "$T/research.db" --site-group a=x >"$T/w4.log" 2>&1
rc=$?
check '[ $rc -eq 2 ]' "--site-group without --waits is a usage error"

# --- a bad table is refused, with file:line, and nothing is written
sed 's/\t12\t/\t9\t/' "$T/waits.tsv" > "$T/bad.tsv"
pack build content -o "$T/bad.wwpack" --audio none --waits "$T/bad.tsv" >"$T/bad.log" 2>&1
rc=$?
check '[ $rc -eq 1 ] && grep -q "bad.tsv:3: n is under k" "$T/bad.log" && [ ! -e "$T/bad.wwpack" ]' \
  "bad --waits refused: $(cat "$T/bad.log")"
pack build content -o "$T/bad.wwpack" --audio none --waits-group noord >"$T/bad2.log" 2>&1
rc=$?
check '[ $rc -eq 2 ]' "--waits-group without --waits is a usage error"

# --- the page mapping is content, checked: an unknown kind in the front matter is refused
mkdir -p "$T/content" && cp -r content/. "$T/content/" && sed -i 's/^typical_wait: house$/typical_wait: car/' "$T/content/pages/09-woning.md"
pack build "$T/content" -o "$T/badmap.wwpack" --audio none --assets assets/pictograms >"$T/badmap.log" 2>&1
rc=$?
check '[ $rc -eq 1 ] && grep -q "09-woning.md:[0-9]*.*typical_wait .car. must be" "$T/badmap.log" && [ ! -e "$T/badmap.wwpack" ]' \
  "typical_wait: car refused with file:line: $(grep typical_wait "$T/badmap.log")"

# --- a new pack with the table, signed with the pass's key, installed over the old one
mkdir -p "$T/new" && cp "$PACK_DIR/k.key" "$PACK_DIR/k.pub" "$T/new/"
# plus a course row written by hand (the same counts), for the navigator's leerroutes stage
{ cat "$T/waits.tsv"; grep -P "^all\thouse\t" "$T/waits.tsv" | sed 's/^all\thouse\t/all\tcourse\t/'; } > "$T/waits-nav.tsv"
make_signed_pack "$T/new" content --version 1000 --audio none --researcher-key "$PACK_DIR/keys/researcher.pk" \
  --waits "$T/waits-nav.tsv"
rc=$?
check '[ $rc -eq 0 ]' "new pack with --waits built and signed: $(tail -n 2 "$T/new/build.log")"
pack info "$T/new/p.wwpack" > "$T/info.txt" 2>&1
check 'grep -q "^typical_waits_group *all" "$T/info.txt" && grep -qP "^  all\thouse\t12\t" "$T/info.txt" &&
  grep -q "woning=house" "$T/info.txt"' "info shows the table and the page mapping"
cp "$T/new/p.wwpack" "$T/tampered.wwpack"
sqlite3 "$T/tampered.wwpack" "UPDATE meta SET value = replace(value, char(9) || '12' || char(9), char(9) || '7' || char(9)) WHERE key = 'typical_waits'"
pack info "$T/tampered.wwpack" >"$T/tampered.log" 2>&1
rc=$?
check '[ $rc -eq 1 ] && grep -q "typical waits are malformed: typical_waits:3: n is under k" "$T/tampered.log"' \
  "a pack whose table has a row under k is refused when opened: $(cat "$T/tampered.log")"
"$BIN" --config "$T/k.conf" --install-pack "$T/new/p.wwpack" >"$T/install2.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "new pack installed: $(tail -n 1 "$T/install2.log")"
for lang in ar ti; do
  what=$(sqlite3 "$T/new/p.wwpack" "SELECT text FROM strings WHERE lang = '$lang' AND ctx = 'checkin' AND key = 'waiting_for.house'")
  got=$(callout "$lang" woning)
  check 'case $got in *12*"$what"*tofu=0) true;; *) false;; esac' "$lang: woning shows typical-wait with 12 and '$what': $got"
  check '[ -z "$(callout "$lang" aankomst)" ]' "$lang: aankomst (IND, not published) shows none"
done
check 'callout nl woning | grep -q "Jouw wachttijd kan anders zijn"' "nl: the callout says the wait can be different"
# the navigator's result shows the callout of its here stage: leerroutes (course) has one,
# aankomst (IND, not published) none
navwait() {   # navwait LANG ANSWER...: the typical-wait text on the navigator's result
  lang=$1; shift
  { printf 'lang %s\nopen route\nwait 500\ntap-id navigator-entry\nwait 500\n' "$lang"
    for a in "$@"; do printf 'tap-id nav-answer-%s\nwait 500\n' "$a"; done
    printf 'dump-ui\n'; } > "$T/nav.txt"
  "$BIN" --headless --config "$T/k.conf" --size 1080x1920 --script "$T/nav.txt" 2>>"$T/kiosk.err" |
    jq -r 'select(.widgets != null and .navigator.step == "result") |
      "\(.navigator.here) " + ([.widgets[] | select(.id == "typical-wait") | "\(.text) tofu=\(.tofu // 0)"] | join(""))'
}
what=$(sqlite3 "$T/new/p.wwpack" "SELECT text FROM strings WHERE lang = 'ar' AND ctx = 'checkin' AND key = 'waiting_for.course'")
got=$(navwait ar yes yes yes yes)
check 'case $got in "leerroutes "*12*"$what"*tofu=0) true;; *) false;; esac' "ar: the navigator's result at leerroutes shows typical-wait with 12 and '$what': $got"
got=$(navwait ar waiting)
check '[ "$got" = "aankomst " ]' "ar: the navigator's result at aankomst (IND, not published) shows none: $got"

# --- a group without a row: no callout
mkdir -p "$T/south" && cp "$PACK_DIR/k.key" "$PACK_DIR/k.pub" "$T/south/"
make_signed_pack "$T/south" content --version 1001 --audio none --waits "$T/waits.tsv" --waits-group zuid
rc=$?
check '[ $rc -eq 0 ] && grep -q "no row for group .zuid." "$T/south/build.log"' "a group without rows: built with a warning"
"$BIN" --config "$T/k.conf" --install-pack "$T/south/p.wwpack" >/dev/null 2>&1
check '[ -z "$(callout ar woning)" ]' "the pack's group has no row: no callout"
finish
