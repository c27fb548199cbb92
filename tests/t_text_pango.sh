#!/bin/sh
# t_text_pango.sh — layout oracle: every paragraph of tests/data/corpus.txt at three
# widths is laid out by wegwijs-layout and by pango-view (same fonts as a family list,
# 20 px, unhinted subpixel positions, word wrap). Line break positions and each line's
# visual run order (runs merged per bidi level, trailing spaces left out: Pango keeps a
# line-final space inside its neighbour run, L1 gives it the paragraph level) must be
# equal in >= 95% of the (paragraph, width) cases; every difference is printed with
# both sides. Also: no paragraph may contain a .notdef glyph (tofu).
set -u
. tests/lib.sh
LAYOUT="$BUILD/wegwijs-layout"
CORPUS=tests/data/corpus.txt
WIDTHS=${TEXT_PANGO_WIDTHS:-"160 260 400"}
SIZE=20
tmp_dir
TMP=$T
need_bin pango-view jq "$LAYOUT"

# Both sides as "S-E: a-bLk ..." per line; a-b are byte ranges of level runs, left to right.
JQ_MERGE='
def clip($s; $t): map({o: ([.o, $s] | max), e: ([.e, $t] | min), l: .l}) | map(select(.e > .o));
def merge: reduce .[] as $r ([];
  if length > 0 and .[-1].l == $r.l and (.[-1].e == $r.o or .[-1].o == $r.e)
  then .[-1] = {o: ([.[-1].o, $r.o] | min), e: ([.[-1].e, $r.e] | max), l: $r.l}
  else . + [$r] end);
def show: map("\(.o)-\(.e)L\(.l)") | join(" ");'
ours_lines() {   # ours.json -> lines
  jq -r "$JQ_MERGE"'.lines[] | . as $ln |
    "\(.start)-\(.end): " + ([.runs[] | {o: .start, e: .end, l: .level}] | clip($ln.start; $ln.content_end) | merge | show)' "$1"
}
pango_lines() {  # pango.json ours.json -> lines (trailing spaces cut where ours has them)
  jq -r --slurpfile ours "$2" "$JQ_MERGE"'.output.lines | to_entries[] | .key as $i | .value |
    ."start-index" as $s | ($s + .length) as $e |
    (($ours[0].lines[$i] // {}) as $o | if $o.start == $s and $o.end == $e then $o.content_end else $e end) as $t |
    "\($s)-\($e): " + ([.runs[] | {o: .offset, e: (.offset + .length), l: ."bidi-level"}] | clip($s; $t) | merge | show)' "$1"
}

cases=0; same=0; n=0; tofu_bad=0; tofu_ok=0
tab=$(printf '\t')
grep -v '^#' "$CORPUS" | grep -v '^$' >"$TMP/corpus"
while IFS="$tab" read -r lang text; do
  n=$((n + 1))
  case $lang in
    ar|fa|prs|ps|ckb) fam="Noto Sans Arabic,Noto Sans,Noto Sans Ethiopic"; rtl=--rtl ;;
    ti|am) fam="Noto Sans Ethiopic,Noto Sans,Noto Sans Arabic"; rtl= ;;
    *) fam="Noto Sans,Noto Sans Arabic,Noto Sans Ethiopic"; rtl= ;;
  esac
  first=1
  for w in $WIDTHS; do
    cases=$((cases + 1))
    if ! "$LAYOUT" --lang "$lang" --size $SIZE --width "$w" --json "$text" >"$TMP/ours.json"; then
      echo "FAIL paragraph $n ($lang) width $w: wegwijs-layout failed"; continue
    fi
    if [ $first = 1 ]; then
      first=0
      t=$(jq '[.lines[].runs[].glyphs[] | select(.id == 0)] | length' "$TMP/ours.json")
      if [ "$t" = 0 ]; then tofu_ok=$((tofu_ok + 1)); else
        tofu_bad=$((tofu_bad + 1)); echo "FAIL paragraph $n ($lang): $t .notdef glyphs (tofu)"; fi
    fi
    pango-view -q --font="$fam ${SIZE}px" --pixels --width="$w" --wrap=word --subpixel-positions \
      --hinting=none --margin=0 --language="$lang" $rtl --text="$text" -o "$TMP/p.png" \
      --serialize-to="$TMP/pango.json" 2>"$TMP/err" || { echo "FAIL pango-view: $(cat "$TMP/err")"; continue; }
    ours_lines "$TMP/ours.json" >"$TMP/a"
    pango_lines "$TMP/pango.json" "$TMP/ours.json" >"$TMP/b"
    if cmp -s "$TMP/a" "$TMP/b"; then
      same=$((same + 1))
    else
      echo "DIFF paragraph $n ($lang) width $w px: $(echo "$text" | cut -c1-60)…"
      if [ "$(cut -d: -f1 "$TMP/a")" = "$(cut -d: -f1 "$TMP/b")" ]; then
        echo "  same line breaks, different visual run order:"
      else
        # Why the breaks differ: each side's line widths (ours 1/64 px, Pango 1/1024 px).
        echo "  line breaks differ; line widths ours: $(jq -r '[.lines[] | .width / 64 * 100 | round / 100] | join(" ")' "$TMP/ours.json") px," \
             "pango: $(jq -r '[.output.lines[] | [.runs[].glyphs[].width] | add / 1024 * 100 | round / 100] | join(" ")' "$TMP/pango.json") px (limit $w)"
      fi
      diff "$TMP/a" "$TMP/b" | sed -n 's/^</  ours: /p; s/^>/  pango:/p'
    fi
  done
done <"$TMP/corpus"

echo "layout vs pango-view: $same of $cases (paragraph, width) cases equal; $n paragraphs, widths $WIDTHS"
[ "$n" -ge 40 ] && ok || bad "corpus has $n paragraphs, want >= 40"
[ $((same * 100)) -ge $((cases * 95)) ] && [ "$cases" -gt 0 ] && ok || bad "only $same of $cases cases equal Pango (want >= 95%)"
[ "$tofu_bad" -eq 0 ] && [ "$tofu_ok" -eq "$n" ] && ok || bad "$tofu_bad paragraphs with tofu"
finish
