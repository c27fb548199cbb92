#!/bin/sh
# t_content_walk.sh — the kiosk shows every page in every language: the pack built from
# content/ (the pass's shared test pack, tests/lib.sh test_pack) is installed, and a headless kiosk opens the route, every page, the questions
# and the help screen in each of the pack's languages at 1080×1920 and 800×480. From
# each screen's dump it checks: the session language is the one chosen, the title and
# every body block have text, no widget has a .notdef glyph (tofu), and no word is split
# across lines (overflow). Under the sanitizers only Arabic and Tigrinya are walked.
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
tmp_dir

test_pack || bad "pack build: $(tail -3 "$BUILD/test-pack/build.log")"
kiosk_conf "$T/kiosk.conf" "$PACK_DIR/k.pub" "$T/state" walk01
"$BIN" --config "$T/kiosk.conf" --install-pack "$PACK_DIR/p.wwpack" >/dev/null 2>&1 && ok || bad "install the pack"

pages=$(sed -n 's/^id: *//p' content/pages/*.md)
langs=$(cut -f1 content/languages.tsv | grep -v '^#')
[ -n "${WEGWIJS_SAN:-}" ] && langs="ar ti"
npages=$(echo "$pages" | wc -w)
[ "$npages" -ge 20 ] && ok || bad "at least 20 pages (found $npages)"

for size in 1080x1920 800x480; do
  for lang in $langs; do
    { echo "lang $lang"; echo "open route"; echo "dump-ui"
      for p in $pages; do echo "open $p"; echo "dump-ui"; done
      echo "open questions"; echo "dump-ui"; echo "open help"; echo "dump-ui"; } > "$T/walk.txt"
    if ! "$BIN" --headless --config "$T/kiosk.conf" --size "$size" --script "$T/walk.txt" > "$T/dump.json" 2>"$T/err.txt"; then
      bad "$lang $size: the kiosk failed: $(head -3 "$T/err.txt")"; continue
    fi
    screens=$(jq -s 'length' "$T/dump.json")
    [ "$screens" -eq $((npages + 3)) ] && ok || bad "$lang $size: $screens screens dumped, expected $((npages + 3))"
    problems=$(jq -r -s --arg lang "$lang" '
      .[] as $s
      | ( if $s.language != $lang then "\($s.screen) \($s.page // ""): language is \($s.language)" else empty end ),
        ( $s.widgets[]
          | select(((.tofu // 0) > 0) or ((.split_words // 0) > 0)
                   or ((.id == "title" or (.id | test("^block-[0-9]+$"))) and (.text == "")))
          | "\($s.screen) \($s.page // ""): \(.id) tofu=\(.tofu // 0) split=\(.split_words // 0) text=\(.text[0:60])" )
      ' "$T/dump.json")
    if [ -z "$problems" ]; then ok; else bad "$lang $size:"; echo "$problems" | head -20 | sed 's/^/    /'; fi
  done
done
finish
