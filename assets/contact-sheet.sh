#!/bin/sh
# Renders every pictogram into one labelled PNG grid, to judge them side by side.
# Usage: assets/contact-sheet.sh [OUT_DIR] [PX]   (defaults: build/pictograms, 90)
# Writes OUT_DIR/sheet-PX.png (the real colours on white) and OUT_DIR/sheet-PX-mono.png
# (every colour replaced by black: the high-contrast / single-ink check).
set -eu
OUT=${1:-build/pictograms}
PX=${2:-90}
SRC=$(dirname "$0")/pictograms
mkdir -p "$OUT/png-$PX" "$OUT/mono-$PX"
for svg in "$SRC"/*.svg; do
  name=$(basename "$svg" .svg)
  rsvg-convert -w "$PX" -h "$PX" -b white "$svg" -o "$OUT/png-$PX/$name.png"
  sed -e 's/#1d3557/#000000/g' -e 's/#f4a261/#000000/g' "$svg" |
    rsvg-convert -w "$PX" -h "$PX" -b white -o "$OUT/mono-$PX/$name.png"
done
for kind in png mono; do
  suffix=""; [ "$kind" = mono ] && suffix="-mono"
  montage "$OUT/$kind-$PX"/*.png -set label '%t' -font /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf -pointsize 11 -tile 10x \
    -geometry "+10+8" -background white "$OUT/sheet-$PX$suffix.png"
done
echo "$OUT/sheet-$PX.png $OUT/sheet-$PX-mono.png"
