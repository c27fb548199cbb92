#!/bin/sh
# Checks that every pictogram the content asks for exists in assets/pictograms: the
# `pictogram:` of each page and the second field of each questionnaire answer line.
# A missing one would be a blank square on the kiosk. The message names the owner to fix.
set -u
. tests/lib.sh
DIR=assets/pictograms
pages=$(ls content/pages/*.md 2>/dev/null | wc -l)
check '[ "$pages" -gt 0 ]' "no content/pages/*.md to check"
for page in content/pages/*.md; do
  [ -e "$page" ] || continue
  name=$(sed -n 's/^pictogram:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$page" | head -n 1)
  [ -z "$name" ] && continue   # a page without a pictogram gets the kiosk's neutral shape
  check '[ -f "$DIR/$name.svg" ]' "$page: pictogram '$name' is not in $DIR (see assets/README.md for the names)"
done
for q in content/checkin/*.md; do
  [ -e "$q" ] || continue
  for name in $(sed -n 's/^- [^|]*|[[:space:]]*\([^|[:space:]]*\)[[:space:]]*|.*/\1/p' "$q"); do
    check '[ -f "$DIR/$name.svg" ]' "$q: answer pictogram '$name' is not in $DIR (see assets/README.md for the names)"
  done
done
finish
