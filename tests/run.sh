#!/bin/sh
# Runs every test headless and prints one summary line: `tests: N passed, N failed`.
# Usage: tests/run.sh BUILD_DIR [NAME_FILTER]
# Protocol: each test (a build/tests/test_* program or a tests/t_*.sh script) prints its
# own `tests: N passed, N failed` as its last such line and exits non-zero on failure.
# A test that dies without that line counts as one failure.
# Shell tests share tests/lib.sh; the content pack built from content/ is made once per
# pass into $BUILD/test-pack/ by the first test that needs it (lib.sh test_pack) and
# reused while content/, assets/ and the tools are unchanged.
set -u
BUILD=${1:-build}
FILTER=${2:-}
export BUILD
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export WEGWIJS_FONTS="$PWD/$BUILD/fonts"
# Packs built by tests speak only the route pages and the check-in: speech for every
# page of every language costs ~9 CPU-minutes when the cache is cold (make demo-pack
# passes --audio all).
export WEGWIJS_AUDIO=${WEGWIJS_AUDIO:-route}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
# libgettextpo keeps small allocations after po_file_free: see the file.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/data/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
OUT="$BUILD/test-output"
mkdir -p "$OUT"
rm -f "$BUILD/test-summary"
total_pass=0; total_fail=0; broken=""
for t in "$BUILD"/tests/test_* tests/t_*.sh; do
  [ -e "$t" ] || continue
  case "$t" in *.o|*.d) continue;; esac
  name=$(basename "$t")
  [ -n "$FILTER" ] && case "$name" in *"$FILTER"*) ;; *) continue;; esac
  log="$OUT/$name.log"
  start=$(date +%s)
  timeout 900 "$t" >"$log" 2>&1; rc=$?
  secs=$(( $(date +%s) - start ))
  line=$(grep -E '^tests: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | sed -E 's/^tests: ([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  [ -n "$line" ] || { p=0; f=1; }
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  if [ "$f" -ne 0 ]; then
    broken="$broken $name"
    printf '%-28s FAIL  %4d passed %3d failed  %3ds  (exit %d, log %s)\n' "$name" "$p" "$f" "$secs" "$rc" "$log"
    grep -E 'FAIL|ERROR|error|Sanitizer' "$log" | head -n 15 | sed 's/^/    /'
  else
    printf '%-28s ok    %4d passed  %3ds\n' "$name" "$p" "$secs"
  fi
done
[ -n "$broken" ] && echo "failing:$broken"
echo "$total_pass $total_fail$broken" > "$BUILD/test-summary"
echo "tests: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
