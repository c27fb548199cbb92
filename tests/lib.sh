# tests/lib.sh — what every shell test shares: counters, ok/bad/check, a temporary
# folder removed at exit, need_bin, kiosk_conf, make_signed_pack, the content pack
# shared by one test pass (test_pack), run_fuzzer and finish.
# Use: `. tests/lib.sh` from the repository root (tests/run.sh runs tests there).
# POSIX sh (dash); every name not listed above starts with lib_.

BUILD=${BUILD:-build}
pass=0; fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# check CONDITION MESSAGE [LOG]: evaluates the shell text CONDITION; counts a pass, or a
# failure that prints MESSAGE and the first 20 lines of LOG. Always returns 0, so a test
# goes on after a failure. MESSAGE is expanded before the call, and a $(...) in it resets
# $?: keep a command's status first (`cmd; rc=$?; check '[ $rc -eq 0 ]' "... $(cat log)"`),
# never test $? inside CONDITION (tests/t_layers.sh refuses it).
check() {
  if eval "$1"; then ok; else bad "$2"; [ -n "${3:-}" ] && head -n 20 "$3"; fi
  return 0
}

# finish: prints the protocol line (tests/run.sh) and exits 1 when anything failed.
finish() {
  echo "tests: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]; exit $?
}

# --- exit traps ----------------------------------------------------------------------
# at_exit COMMAND: COMMAND also runs when the test exits, after the EXIT trap that is
# set now (the caller's own, or an earlier at_exit), which is kept. INT and TERM exit
# through the trap unless the caller handles them already.
at_exit() {
  lib_trap_exit=""; lib_trap_int=""; lib_trap_term=""
  # dash prints no traps inside $(...): list them through a file
  lib_tf=$(mktemp "${TMPDIR:-/tmp}/wegwijs-trap.XXXXXX") || exit 1
  trap > "$lib_tf"
  eval "$(sed 's/^trap -- /lib_grab_trap /' "$lib_tf")"
  rm -f "$lib_tf"
  trap "${lib_trap_exit:+$lib_trap_exit
}$1" EXIT
  [ -n "$lib_trap_int" ] || trap 'exit 130' INT
  [ -n "$lib_trap_term" ] || trap 'exit 143' TERM
}
lib_grab_trap() {   # lib_grab_trap ACTION SIGNAL: one line of `trap`'s listing
  case $2 in EXIT|0) lib_trap_exit=$1;; INT|2) lib_trap_int=$1;; TERM|15) lib_trap_term=$1;; esac
}

# tmp_dir [keep-failed]: sets T to a new folder /tmp/wegwijs-TEST.XXXXXX, removed at
# exit; with keep-failed it stays (and says so) when a check failed.
tmp_dir() {
  T=$(mktemp -d "${TMPDIR:-/tmp}/wegwijs-$(basename "$0" .sh).XXXXXX") || { echo "FAIL: mktemp"; exit 1; }
  lib_keep_failed=${1:-}
  at_exit lib_remove_tmp
}
lib_remove_tmp() {
  if [ -n "$lib_keep_failed" ] && [ "$fail" -ne 0 ]; then echo "kept $T for a look"; else rm -rf "$T"; fi
}

# need_bin NAME...: each NAME with a / must be an executable file (a build product),
# each other one a command on PATH; else the test stops as one failure.
need_bin() {
  for lib_b in "$@"; do
    case $lib_b in
      */*) [ -x "$lib_b" ] && continue; echo "FAIL: $lib_b not built (make -j2)";;
      *) command -v "$lib_b" >/dev/null 2>&1 && continue; echo "FAIL: $lib_b is missing (tools/install-deps.sh)";;
    esac
    echo "tests: $pass passed, $((fail + 1)) failed"; exit 1
  done
}

# --- packs and kiosks ----------------------------------------------------------------
# The pack tool's own leaks belong to the pack area: leak checking off for it alone.
pack() { ASAN_OPTIONS=detect_leaks=0 "$BUILD/wegwijs-pack" "$@"; }

# kiosk_conf FILE TRUSTED_KEY STATE_DIR [SITE_CODE [LINE...]]: writes a kiosk config
# trusting TRUSTED_KEY; an empty or absent SITE_CODE leaves the site code out; each
# LINE is added as it is (e.g. "collector_key = ...").
kiosk_conf() {
  lib_f=$1; lib_k=$2; lib_s=$3; shift 3
  lib_site=${1:-}; [ $# -gt 0 ] && shift
  { [ -z "$lib_site" ] || printf 'site_code = %s\n' "$lib_site"
    printf 'trusted_key = %s\nstate_dir = %s\n' "$lib_k" "$lib_s"
    for lib_l in "$@"; do printf '%s\n' "$lib_l"; done; } > "$lib_f"
}

# make_signed_pack DIR [TREE [BUILD OPTION...]]: builds DIR/p.wwpack from TREE (default
# content/) with the options given, makes the key pair DIR/k.pub + DIR/k.key (kept
# if there) and signs the pack with it. The build's output is in DIR/build.log.
# Returns non-zero when a step failed.
make_signed_pack() {
  lib_d=$1; lib_tree=${2:-content}; [ $# -gt 1 ] && shift 2 || shift 1
  mkdir -p "$lib_d" &&
    pack build "$lib_tree" -o "$lib_d/p.wwpack" "$@" >"$lib_d/build.log" 2>&1 &&
    { [ -s "$lib_d/k.key" ] || pack keygen -p "$lib_d/k.pub" -s "$lib_d/k.key" >/dev/null; } &&
    pack sign "$lib_d/p.wwpack" -s "$lib_d/k.key" >/dev/null
}

# test_pack: makes sure $BUILD/test-pack/ holds the content pack one test pass shares
# (PACK_DIR is set to its absolute path): p.wwpack built from content/ with speech for
# WEGWIJS_AUDIO (default route, as in tests/run.sh; the mode is in audio-mode) and the
# researchers' key, signed by k.key; keys/ from wegwijs-collect keygen; build.log.
# Built once, again only when content/, assets/ or the tools are newer or the speech
# mode differs. Returns non-zero when the build failed. Tests only read it.
test_pack() {
  case $BUILD in /*) PACK_DIR=$BUILD/test-pack;; *) PACK_DIR=$PWD/$BUILD/test-pack;; esac   # configs name its key
  lib_audio=${WEGWIJS_AUDIO:-route}
  if [ -s "$PACK_DIR/p.wwpack.minisig" ] && [ "$(cat "$PACK_DIR/audio-mode" 2>/dev/null)" = "$lib_audio" ] &&
     [ -z "$(find content assets "$BUILD/wegwijs-pack" "$BUILD/wegwijs-collect" \
             -newer "$PACK_DIR/p.wwpack.minisig" 2>/dev/null | head -n 1)" ]; then
    return 0
  fi
  rm -rf "$PACK_DIR" && mkdir -p "$PACK_DIR" && echo "$lib_audio" > "$PACK_DIR/audio-mode" &&
    ASAN_OPTIONS=detect_leaks=0 "$BUILD/wegwijs-collect" keygen --out "$PACK_DIR/keys" >/dev/null 2>&1 &&
    make_signed_pack "$PACK_DIR" content --audio "$lib_audio" --researcher-key "$PACK_DIR/keys/researcher.pk" &&
    return 0
  rm -f "$PACK_DIR/p.wwpack.minisig"   # a half-made pack is never taken as built
  return 1
}

# --- fuzzing -------------------------------------------------------------------------
# run_fuzzer NAME SECONDS SEEDS [LIBFUZZER OPTION...]: runs the libFuzzer target
# $BUILD/fuzz/fuzz_NAME (built by make with everything else, tools/mk/*.mk) for
# SECONDS (FUZZ_SECONDS overrides; 5 under WEGWIJS_SAN=1, where the same ASan target
# already ran in the plain pass) over the kept corpus $BUILD/fuzz/corpus-NAME and the
# seed folder SEEDS. Checks: the target is built; the run ends without a crash, leak,
# timeout or sanitizer report after more than 0 executions. Log $BUILD/fuzz/NAME.log,
# a failing input $BUILD/fuzz/NAME-crash-… (libFuzzer's artifact prefix).
run_fuzzer() {
  lib_name=$1; lib_secs=$2; lib_seeds=$3; shift 3
  [ "${WEGWIJS_SAN:-0}" = 1 ] && lib_secs=5
  lib_secs=${FUZZ_SECONDS:-$lib_secs}
  lib_bin=$BUILD/fuzz/fuzz_$lib_name
  check '[ -x "$lib_bin" ]' "$lib_bin not built (make -j2; tools/mk/*.mk add it to all)"
  [ -x "$lib_bin" ] || return 0
  mkdir -p "$BUILD/fuzz/corpus-$lib_name"
  "$lib_bin" -max_total_time="$lib_secs" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$BUILD/fuzz/$lib_name-" "$@" "$BUILD/fuzz/corpus-$lib_name" "$lib_seeds" \
    >"$BUILD/fuzz/$lib_name.log" 2>&1
  lib_rc=$?
  lib_execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD/fuzz/$lib_name.log")
  echo "fuzz_$lib_name: ${lib_secs}s, ${lib_execs:-0} executions, corpus $(ls "$BUILD/fuzz/corpus-$lib_name" | wc -l) inputs"
  check '[ $lib_rc -eq 0 ] && [ "${lib_execs:-0}" -gt 0 ]' \
    "fuzz_$lib_name found a problem (exit $lib_rc; $BUILD/fuzz/$lib_name.log, $BUILD/fuzz/$lib_name-*)"
  [ $lib_rc -eq 0 ] || grep -E 'ERROR|SUMMARY|fatal|Test unit|==[0-9]+==' "$BUILD/fuzz/$lib_name.log" | head -n 15
  return 0
}
