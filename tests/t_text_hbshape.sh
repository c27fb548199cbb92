#!/bin/sh
# t_text_hbshape.sh — glyph oracle: for a single-run string in each of the 11 kiosk
# languages, wegwijs-layout's glyph ids, clusters, advances and offsets must equal
# `hb-shape --font-funcs=ot` with the same font, size, direction, script and language.
set -u
. tests/lib.sh
FONTS=${WEGWIJS_FONTS:-$BUILD/fonts}
LAYOUT="$BUILD/wegwijs-layout"
pass=0; fail=0
need_bin hb-shape jq "$LAYOUT"

# lang <TAB> text; each is one script, so one run.
cases=$(cat <<'CASES'
ar	مرحبا بكم في مركز الاستقبال
fa	می‌خواهم با مددکار صحبت کنم
ps	ښه راغلاست، دا ستاسو مرکز دی
ckb	بەخێربێن بۆ ناوەندی پێشوازی
ti	እንቋዕ ብደሓን መጻእኩም ናብ ማእከል
am	እንኳን ደህና መጡ ወደ ማዕከሉ
tr	Göç İdaresi Genel Müdürlüğü ışık
so	Ku soo dhawoow xarunta qaxootiga
uk	Ласкаво просимо, ґанок і їжа
en	Welcome to the reception centre
nl	Welkom in het azc, de brede intake
CASES
)
tab=$(printf '\t')
compare() {   # lang size bold text
  lang=$1 size=$2 bold=$3 text=$4
  flag=""; [ "$bold" = 1 ] && flag=--bold
  json=$("$LAYOUT" --lang "$lang" --size "$size" --width 0 $flag --json "$text") || {
    bad "$lang: wegwijs-layout failed"; return; }
  runs=$(echo "$json" | jq '[.lines[].runs[]] | length')
  if [ "$runs" != 1 ]; then bad "$lang: expected one run, got $runs"; return; fi
  font=$(echo "$json" | jq -r '.lines[0].runs[0].font')
  script=$(echo "$json" | jq -r '.lines[0].runs[0].script')
  dir=$(echo "$json" | jq -r '.direction')
  ours=$(echo "$json" | jq -r '[.lines[0].runs[0].glyphs[] |
      "\(.id)=\(.cluster)" + (if .x_offset != 0 or .y_offset != 0 then "@\(.x_offset),\(.y_offset)" else "" end)
      + "+\(.x_advance)"] | "[" + join("|") + "]"')
  theirs=$(hb-shape --font-funcs=ot --font-size=$((size * 64)) --direction="$dir" --script="$script" \
      --language="$lang" --no-glyph-names --utf8-clusters --bot --eot "$FONTS/$font.ttf" "$text")
  if [ "$ours" = "$theirs" ] && [ -n "$ours" ] && [ "$ours" != "[]" ]; then
    ok
    echo "ok   $lang $size px ${flag:-regular} $font $script: $(echo "$ours" | tr '|' '\n' | wc -l) glyphs"
  else
    bad "$lang $size px ${flag:-regular} $font $script"
    echo "  ours:     $ours"
    echo "  hb-shape: $theirs"
  fi
}
# A here-document, not a pipe: the loop runs in this shell and keeps the counts.
while IFS="$tab" read -r lang text; do
  compare "$lang" 20 0 "$text"
  compare "$lang" 33 1 "$text"
done <<EOF
$cases
EOF
[ $((pass + fail)) -eq 22 ] || bad "expected 22 comparisons, ran $((pass + fail))"
finish
