#!/bin/sh
# Checks that every pictogram the content asks for exists in assets/pictograms: the
# `pictogram:` of each page and the second field of each questionnaire answer line.
# A missing one would be a blank square on the kiosk. The message names the owner to fix.
set -u
DIR=assets/pictograms
pass=0; fail=0
pages=$(ls content/pages/*.md 2>/dev/null | wc -l)
[ "$pages" -gt 0 ]
if [ $? -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL no content/pages/*.md to check"; fi
for page in content/pages/*.md; do
  [ -e "$page" ] || continue
  name=$(sed -n 's/^pictogram:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$page" | head -n 1)
  [ -z "$name" ] && continue   # a page without a pictogram gets the kiosk's neutral shape
  if [ -f "$DIR/$name.svg" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $page: pictogram '$name' is not in $DIR (see assets/README.md for the names)"
  fi
done
for q in content/checkin/*.md; do
  [ -e "$q" ] || continue
  for name in $(sed -n 's/^- [^|]*|[[:space:]]*\([^|[:space:]]*\)[[:space:]]*|.*/\1/p' "$q"); do
    if [ -f "$DIR/$name.svg" ]; then pass=$((pass + 1)); else
      fail=$((fail + 1)); echo "FAIL $q: answer pictogram '$name' is not in $DIR (see assets/README.md for the names)"
    fi
  done
done
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
