#!/bin/sh
# t_search_ui.sh — search on the kiosk's own keyboards, driven headless through real
# taps (`type` taps the keys a person would, layers and the Ge'ez picker included):
# 1. every query of tests/test_search.c's table (51, all 13 languages) typed a
#    character at a time into the search box, which must show exactly what was typed
#    without a missing glyph, and the wanted page or glossary entry in the top 3;
# 2. every key of every keyboard (each Ge'ez consonant in all its vowel orders) typed
#    once: the box shows exactly that character, no tofu;
# 3. privacy: no query text in --events, key taps not reported, the query gone after
#    home and after an idle reset, a no-result search counted on the staff status.
# One kiosk process per language and script (not per query) keeps this short.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
need_bin "$BIN" "$BUILD/tests/test_search" jq bc
tmp_dir
check 'test_pack' "pack build" "$BUILD/test-pack/build.log"
kiosk_conf "$T/kiosk.conf" "$PACK_DIR/k.pub" "$T/state"
"$BIN" --config "$T/kiosk.conf" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1 && ok || bad "install the pack"
mkdir -p "$T/sc"
"$BUILD/tests/test_search" --kiosk-scripts "$T/sc" > "$T/sc/counts" && ok || bad "write the kiosk scripts"
run() { lang=$1; shift; "$BIN" --headless --config "$T/kiosk.conf" --size 1080x1920 --lang "$lang" "$@"; }   # a later --size wins

# 1 and 2
queries=0
for lang in nl en ar fa prs ps ti am tr ckb kmr so uk; do
  for kind in queries keys; do
    s="$T/sc/$kind-$lang.txt"
    if run "$lang" --script "$s" > "$T/out" 2> "$T/err"; then ok; else bad "$kind $lang: $(tail -n 2 "$T/err")"; fi
  done
  queries=$((queries + $(grep -c '^expect-result' "$T/sc/queries-$lang.txt")))
done
[ "$queries" -ge 40 ] && ok || bad "only $queries queries in the table"
echo "search: $queries queries, $(grep -c '^type' "$T"/sc/keys-*.txt | awk -F: '{ s += $2 } END { print s }') keys typed"

# keys at least 10 mm both ways on a portrait and a landscape screen; space and delete wider
printf 'open search\nwait 500\ndump-ui\n' > "$T/dump.txt"
for lang in ar ps ckb ti nl; do
  for size in 1080x1920 1920x1080; do
    run "$lang" --size "$size" --script "$T/dump.txt" > "$T/dump.json" 2> "$T/err" || bad "dump $lang $size: $(cat "$T/err")"
    sizes=$(jq -r '.mm_per_px as $m | [.widgets[] | select(.kind == "key")] as $k |
      [($k | map(.w * $m) | min), ($k | map(.h * $m) | min), ($k | map(select(.text == "space")) | .[0].w),
       ($k | map(select(.text == "delete")) | .[0].w), ($k | map(select(.text | length == 1)) | map(.w) | max)] | @tsv' "$T/dump.json")
    set -- $sizes
    if [ "$(echo "$1 >= 10 && $2 >= 10 && $3 > $5 && $4 > $5" | bc)" = 1 ]; then ok
    else bad "$lang $size: keys too small or space/delete not wider (min w $1 mm, min h $2 mm, space $3 px, delete $4 px, letter $5 px)"; fi
  done
done
 with its line number
printf 'open search\nwait 500\ntype abc\ntype €\n' > "$T/nokey.txt"
if run ar --script "$T/nokey.txt" > /dev/null 2> "$T/err"; then bad "a character without a key was typed"
else grep -q 'nokey.txt:4: .*U+20AC.*has no key on the ar keyboard' "$T/err" && ok || bad "no-key error: $(cat "$T/err")"; fi

# 3. privacy and the no-result count
cat > "$T/priv.txt" <<'S'
wait 500
tap-id search-entry
wait 500
expect-screen search
type NVWAqx
expect-query NVWAqx
tap-id home
wait 500
tap-id search-entry
wait 500
expect-query 
type klantmanager
expect-result 3 page:klantmanager
tap-id result-1
wait 500
expect-screen page
tap-id back
wait 500
expect-query klantmanager
tap-id language
wait 500
tap-id lang-ar
wait 500
expect-screen search
dump-ui
type مترجم
expect-query مترجم
advance-clock 120000
wait 500
expect-screen language
open search
wait 500
dump-ui
S
# expect-query with nothing after it is a usage error: check the empty box through the dump instead
sed -i 's/^expect-query $/dump-ui/' "$T/priv.txt"
if run nl --script "$T/priv.txt" --events > "$T/ev" 2> "$T/err"; then ok; else bad "privacy script: $(cat "$T/err")"; fi
[ "$(grep -c '"search":{"query":"",' "$T/ev")" = 3 ] && ok || bad "the query survived home, a language change or the idle reset"
grep -q '"keyboard":"ar"' "$T/ev" && ok || bad "the Arabic session did not get the Arabic keyboard"
grep -q '"event":"search_opened"' "$T/ev" && ok || bad "no search_opened event"
grep -q '"event":"search_result_opened","kind":"page","rank":1' "$T/ev" && ok || bad "no search_result_opened event"
grep '"event"' "$T/ev" | grep -qi 'NVWAqx\|"query"\|"id":"key-' && bad "the query or a key reached --events" || ok
grep -rq 'NVWAqx' "$T/state" 2>/dev/null && bad "the query was stored" || ok

# a Dutch term in a page opens its explanation card, which leads to the page about it
printf 'wait 500\nexpect-screen page\ntap-id term-beschikking\nwait 500\nexpect-screen term\nexpect-text beschikking\ndump-ui\n' > "$T/term.txt"
if run ar --open pip --script "$T/term.txt" > "$T/out" 2> "$T/err"; then ok; else bad "term card from a page: $(cat "$T/err")"; fi
grep -q '"id":"term-explanation"' "$T/out" && ok || bad "the term card has no explanation"
printf 'open search\nwait 500\ntype brede intake\nexpect-result 1 glossary:brede intake\ntap-id result-1\nwait 500\nexpect-screen term\ntap-id term-page\nwait 500\nexpect-screen page\ndump-ui\n' > "$T/term2.txt"
if run ti --script "$T/term2.txt" > "$T/out" 2> "$T/err"; then ok; else bad "glossary hit → card → page: $(cat "$T/err")"; fi
grep -q '"page":"brede-intake"' "$T/out" && ok || bad "the card's link did not open brede-intake"

# a search that ends with nothing found is counted (language and day only) on the staff status
echo 20261203 | "$BIN" --set-pin --config "$T/kiosk.conf" >/dev/null 2>&1 && ok || bad "set the staff PIN"
{ printf 'open search\nwait 500\ntype qxzv\nexpect-query qxzv\ntap-id home\nwait 500\n'
  printf 'tap 1905 15\n%.0s' 1 2 3 4 5
  printf 'wait 500\n'
  for d in 2 0 2 6 1 2 0 3; do printf 'tap-id staff-key-%s\n' $d; done
  printf 'tap-id staff-enter\nwait 500\nexpect-text Zoekopdrachten zonder resultaat vandaag: 1 (nl 1).\n'
  printf 'expect-no-text qxzv\n'; } > "$T/gaps.txt"
if "$BIN" --headless --config "$T/kiosk.conf" --size 1920x1080 --lang nl --script "$T/gaps.txt" > /dev/null 2> "$T/err"; then ok
else bad "no-result count on the staff status: $(cat "$T/err")"; fi
finish
