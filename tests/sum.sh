#!/bin/sh
# Adds up the summaries tests/run.sh left in each build folder (plain, sanitizer) and
# prints the closing line. A run that left no summary (its build failed) counts as a failure.
set -u
pass=0; fail=0
for f in "$@"; do
  if [ -s "$f" ]; then
    read -r p fl rest < "$f"
    pass=$((pass + p)); fail=$((fail + fl))
    [ -n "${rest:-}" ] && echo "failing in $(dirname "$f"):$rest"
  else
    echo "no test summary in $f (the build or the run did not finish)"
    fail=$((fail + 1))
  fi
done
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
