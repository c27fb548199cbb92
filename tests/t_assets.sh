#!/bin/sh
# Checks every pictogram in assets/pictograms: the house style in the source (viewBox,
# colours, stroke width, no text or external references), that librsvg renders it at
# 64 and 256 px without error, not blank and not clipped, that answer pictograms stay
# tellable apart in single ink, and that the catalogue (assets/README.md) lists exactly the files there are.
# PICTOGRAM_DIR and PICTOGRAM_CATALOGUE point it elsewhere (to test the test).
# Few processes on purpose: the test machine is shared, and each fork costs there.
set -u
. tests/lib.sh
DIR=${PICTOGRAM_DIR:-assets/pictograms}
CATALOGUE=${PICTOGRAM_CATALOGUE:-assets/README.md}
TMP=${BUILD:-build}/t_assets
rm -rf "$TMP" && mkdir -p "$TMP/ink"
# Adds the "P passed, F failed" tally an awk checker printed as its last line.
tally() { # tally FILE
  grep -v '^tally ' "$1"
  set -- $(tail -n 1 "$1")
  pass=$((pass + ${2:-0})); fail=$((fail + ${3:-1}))
}

count=$(ls "$DIR"/*.svg 2>/dev/null | wc -l)
check '[ "$count" -ge 80 ]' "expected at least 80 pictograms, found $count"

# --- the source ---------------------------------------------------------------------------
# Text would not be translated and tofu is worse than nothing; images, scripts, styles and
# links would make a pictogram depend on things outside its file. One ink, one accent, one
# stroke width keep the set consistent and let the kiosk tint by replacing two colours.
awk '
function verdict(ok, msg) { if (ok) p++; else { f++; print "FAIL " name ": " msg } }
function judge(   s, low, root, v, accents) {
  if (name == "") return
  verdict(name ~ /^[a-z0-9]+(-[a-z0-9]+)*$/, "file name must be lower-case ASCII words joined by -")
  root = text; sub(/^.*<svg[ \t\n]/, "", root); sub(/>.*$/, "", root)
  verdict(root ~ /viewBox="0 0 96 96"/, "root needs viewBox=\"0 0 96 96\"")
  verdict(root ~ /fill="none"/ && root ~ /stroke-width="6"/ && root ~ /stroke-linecap="round"/ \
          && root ~ /stroke-linejoin="round"/, "root needs fill=none, stroke-width=6, round caps and joins")
  low = tolower(text)
  verdict(low !~ /<(text|tspan|textpath|image|script|style|foreignobject|font)[ \t\n>\/]|href=|url\(/,
          "forbidden element or reference (text, image, script, style, link)")
  s = text; v = ""
  while (match(s, /(fill|stroke)="[^"]*"/)) {
    c = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
    if (c !~ /="(none|#1d3557|#f4a261)"$/) v = v " " c
  }
  verdict(v == "", "colours other than #1d3557, #f4a261 and none:" v)
  s = text; v = ""
  while (match(s, /stroke-width="[^"]*"/)) {
    c = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
    if (c != "stroke-width=\"6\"") v = v " " c
  }
  verdict(v == "", "stroke widths other than 6:" v)
  s = text; accents = gsub(/#f4a261/, "", s)
  verdict(accents <= 4, "accent colour used " accents " times; use it sparingly (at most 4 shapes)")
}
FNR == 1 { judge(); name = FILENAME; sub(/^.*\//, "", name); sub(/\.svg$/, "", name); text = "" }
{ text = text $0 "\n" }
END { judge(); print "tally", p + 0, f + 0 }
' "$DIR"/*.svg >"$TMP/source.out"
tally "$TMP/source.out"

# --- the rendering ------------------------------------------------------------------------
# librsvg is what the pack builder uses. Two renders at a time: the machine is shared.
for px in 64 256; do
  ls "$DIR"/*.svg | xargs -P 2 -n 1 sh -c 'n=$(basename "$3" .svg)
    rsvg-convert -w "$1" -h "$1" "$3" -o "$2/$n-$1.png" >"$2/$n-$1.err" 2>&1 \
      || echo "rsvg-convert exit $?" >>"$2/$n-$1.err"' sh "$px" "$TMP"
  for svg in "$DIR"/*.svg; do
    name=${svg##*/}; name=${name%.svg}
    check '[ -s "$TMP/$name-$px.png" ] && [ ! -s "$TMP/$name-$px.err" ]' "$name: rsvg-convert at $px px: $(cat "$TMP/$name-$px.err" 2>/dev/null)"
  done
  # Per image: size, mean opacity and the bounding box of everything drawn (WxH+X+Y).
  convert "$TMP"/*-$px.png -alpha extract -format '%f %w %h %[fx:mean] %@\n' info: \
    >"$TMP/metrics-$px" 2>"$TMP/metrics-$px.err"   # unreadable files: "no metrics" below
  ls "$DIR" | sed -n 's/\.svg$//p' | awk -v px=$px '
    function verdict(ok, msg) { if (ok) p++; else { f++; print "FAIL " msg } }
    NR == FNR { want[$1] = 1; next }
    { name = $1; sub("-" px "\\.png$", "", name); seen[name] = 1
      verdict($2 == px && $3 == px, name ": rendered " $2 " x " $3 " at " px " px")
      verdict($4 + 0 > 0.03, name ": blank or nearly blank at " px " px (coverage " $4 ")")
      # A stroke that reaches the edge of the viewBox is cut off: keep 2 px (0.75 unit) free.
      if (px == 256) {
        n = split($5, b, /[x+]/)
        verdict(n == 4 && b[3] >= 2 && b[4] >= 2 && b[3] + b[1] <= px - 2 && b[4] + b[2] <= px - 2,
                name ": drawing touches the edge of the viewBox (box " $5 " at " px " px)")
      } }
    END { for (w in want) verdict(w in seen, w ": no metrics at " px " px")
          print "tally", p + 0, f + 0 }
  ' - "$TMP/metrics-$px" >"$TMP/render-$px.out"
  tally "$TMP/render-$px.out"
done

# --- single ink ---------------------------------------------------------------------------
# The kiosk may tint everything one colour, and high contrast is black on white: then only
# the shape is left, which is the alpha channel. Answers to one check-in question must
# differ there in at least 2% of the pixels at 64 px (82 px: a whole mouth-sized stroke),
# or a resident cannot tell them apart.
mogrify -path "$TMP/ink" -alpha extract "$TMP"/face-*-64.png "$TMP"/future-*-64.png \
  "$TMP"/dur-*-64.png "$TMP"/next-*-64.png "$TMP"/age-*-64.png 2>/dev/null
for family in face future dur next age; do
  set -- "$TMP/ink"/$family-*-64.png
  first=$1   # check evaluates its condition with its own arguments
  check '[ -e "$first" ]' "no $family-* pictograms"
  for a in "$@"; do
    for b in "$@"; do
      [ "$a" \< "$b" ] || continue
      diff=$(compare -metric AE -fuzz 25% "$a" "$b" null: 2>&1)
      check '[ "${diff%.*}" -ge 82 ] 2>/dev/null' "$(basename "$a" -64.png) and $(basename "$b" -64.png) differ in only $diff pixels"
    done
  done
done

# --- the catalogue ------------------------------------------------------------------------
grep -Eo '^\| `[a-z0-9-]+` \|' "$CATALOGUE" | sed -E 's/^\| `([^`]*)`.*/\1/' | sort >"$TMP/catalogue"
ls "$DIR" | sed -n 's/\.svg$//p' | sort >"$TMP/files"
missing=$(comm -23 "$TMP/catalogue" "$TMP/files" | tr '\n' ' ')
check '[ -z "$missing" ]' "in $CATALOGUE but no file: $missing"
undocumented=$(comm -13 "$TMP/catalogue" "$TMP/files" | tr '\n' ' ')
check '[ -z "$undocumented" ]' "file not described in $CATALOGUE: $undocumented"

finish
