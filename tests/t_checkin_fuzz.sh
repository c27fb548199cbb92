#!/bin/sh
# t_checkin_fuzz.sh — a short libFuzzer run over the bundle, receipt and record parsers
# (the long run is `make fuzz`). Fails on any crash, leak or sanitizer report.
set -u
. tests/lib.sh
tmp_dir
# Seeds: one of each mode, so the mutator starts inside every parser.
printf '\000WWB1' > "$T/bundle"
printf '\001WWR1' > "$T/receipt"
printf '\002v=1\nid=00112233445566778899aabbccddeeff\nsite=azc-1234\nday=2026-11-27\ndaypart=2\nquestionnaire=1\npack=7\nflags=rapid\na.mood=4\na.activities=course,sport\n' > "$T/record"
printf '\003WWB1\000\001\000\000' > "$T/bundle-signed"
printf '\004WWR1\000\002\000\000' > "$T/receipt-signed"
printf '\005wegwijs-status=1\nkiosk=%064d\nday=2026-12-03\n' 0 > "$T/status"
printf '\006day=2026-12-03\napp=0.1.0\npack=azc-noord\npack_version=7\nvalid_until=2027-01-31\npending=3\ndisk_free_mb=1200\nuptime_h=40\nerrors=disk_low\nx.search_gaps=2\n' > "$T/status-signed"
run_fuzzer checkin 5 "$T" -max_len=8192
finish
