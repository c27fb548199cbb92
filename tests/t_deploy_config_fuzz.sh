#!/bin/sh
# t_deploy_config_fuzz.sh — a short libFuzzer run over the kiosk.conf parser (the long
# run is `make fuzz`). Fails on any crash, leak, sanitizer report or broken invariant.
set -u
BUILD=${BUILD:-build}
FUZZ="$BUILD/fuzz/fuzz_config"
pass=0; fail=0
if [ ! -x "$FUZZ" ]; then
  echo "FAIL: $FUZZ not built (tools/mk/deploy.mk adds it to 'all')"
  echo "tests: 0 passed, 1 failed"; exit 1
fi
corpus=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus.log"' EXIT
# Seeds: the shipped template, a full file, the colon form, and typical mistakes.
cp tools/deploy/kiosk.conf "$corpus/template"
printf 'site_code = azc-ter-apel\npanel_width_mm = 344\npanel_height_mm = 194\nidle_timeout_s = 120\nidle_countdown_s = 30\nmount_roots = /media:/run/media\nsync_url = https://collector.example.org/v1\nstate_dir = /var/lib/wegwijs\n' > "$corpus/full"
printf 'site_code: AZC_1\ncollector_key: 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\nretention_days: 7\n' > "$corpus/colon"
printf 'idle_timeout_s = 5\ntrusted_key = coa.pub\n\357\273\277x=1\r\n' > "$corpus/bad"
if "$FUZZ" -runs=${CONFIG_FUZZ_RUNS:-200000} -max_total_time=20 -max_len=2048 "$corpus" >"$corpus.log" 2>&1; then
  pass=$((pass + 1)); grep -E '^#[0-9]+.*DONE' "$corpus.log" | tail -n 1
else
  fail=$((fail + 1)); echo "FAIL: fuzzer found a problem:"; grep -E 'ERROR|SUMMARY|fatal|Test unit' "$corpus.log" | head -n 10
fi
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
