#!/bin/sh
# t_deploy_config_fuzz.sh — a short libFuzzer run over the kiosk.conf parser (the long
# run is `make fuzz`). Fails on any crash, leak, sanitizer report or broken invariant.
set -u
. tests/lib.sh
tmp_dir
# Seeds: the shipped template, a full file, the colon form, and typical mistakes.
cp tools/deploy/kiosk.conf "$T/template"
printf 'site_code = azc-ter-apel\npanel_width_mm = 344\npanel_height_mm = 194\nidle_timeout_s = 120\nidle_countdown_s = 30\nmount_roots = /media:/run/media\nsync_url = https://collector.example.org/v1\nstate_dir = /var/lib/wegwijs\n' > "$T/full"
printf 'site_code: AZC_1\ncollector_key: 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\nretention_days: 7\n' > "$T/colon"
printf 'idle_timeout_s = 5\ntrusted_key = coa.pub\n\357\273\277x=1\r\n' > "$T/bad"
run_fuzzer config 5 "$T" -max_len=2048
finish
