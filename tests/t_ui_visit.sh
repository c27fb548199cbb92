#!/bin/sh
# t_ui_visit.sh — the kiosk driven headless through real SDL finger and mouse events:
# a whole visit (language → route → page → back → Arabic → same page → idle reset with
# no trace left), and the touch rules (one activation per tap, the 400 ms guard, drags
# scroll without activating, a real mouse click counts once).
set -u
. tests/lib.sh
BIN="$BUILD/wegwijs"
tmp_dir
run() { "$BIN" --headless --sample --state "$T/state" "$@"; }

# 1. the visit
cat > "$T/visit.txt" <<'S'
expect-screen language
tap-id lang-nl
wait 500
expect-screen route
expect-lang nl
tap-id step-brede-intake
wait 500
expect-screen page
expect-text De brede intake
expect-text brede intake
tap-id back
wait 500
expect-screen route
tap-id step-brede-intake
wait 500
tap-id large-text
wait 500
drag 900 900 900 500
wait 2000
tap-id language
wait 500
expect-screen language
tap-id lang-ar
wait 500
expect-screen page
expect-lang ar
expect-text المقابلة الشاملة
expect-text brede intake
advance-clock 95000
expect-text متابعة
advance-clock 25000
expect-screen language
expect-lang none
expect-no-text المقابلة الشاملة
S
if run --size 1920x1080 --script "$T/visit.txt" --events --dump-ui > "$T/visit.out" 2> "$T/visit.err"; then ok; else bad "visit script: $(cat "$T/visit.err")"; fi
jq -e -s 'map(select(.screen != null and .widgets != null)) | last |
  .screen == "language" and .language == "" and .history_depth == 1 and .scroll == 0 and
  .large_text == false and .high_contrast == false and .dutch_alongside == false and .idle_overlay == false' \
  "$T/visit.out" >/dev/null && ok || bad "the session was not wiped: $(tail -c 600 "$T/visit.out")"
jq -e -s '[.[] | select(.event == "idle_warning")] | length == 1' "$T/visit.out" >/dev/null && ok || bad "one idle warning"
jq -e -s '[.[] | select(.event == "idle_reset")] | length == 1' "$T/visit.out" >/dev/null && ok || bad "one idle reset"
jq -e -s '[.[] | select(.event == "screen_shown" and .screen == "page" and .lang == "ar" and .page == "brede-intake")] | length == 1' \
  "$T/visit.out" >/dev/null && ok || bad "the same page came back in Arabic"

# a failing expectation names its line and fails the run
printf 'expect-screen route\nexpect-screen help\n' > "$T/wrong.txt"
if run --lang nl --open route --script "$T/wrong.txt" 2> "$T/wrong.err"; then bad "a failed expectation exited 0"
else grep -q 'wrong.txt:2: expect-screen: wanted help, showing route' "$T/wrong.err" && ok || bad "message: $(cat "$T/wrong.err")"; fi
printf 'frobnicate 1 2\n' > "$T/bad.txt"
if run --script "$T/bad.txt" 2> "$T/bad.err"; then bad "an unknown command exited 0"
else grep -q "bad.txt:1: unknown command 'frobnicate'" "$T/bad.err" && ok || bad "message: $(cat "$T/bad.err")"; fi

# 2. touch rules, counted from --events
cat > "$T/touch.txt" <<'S'
expect-screen route
wait 500
tap-id step-pip
expect-screen page
wait 500
tap-id back
tap-id step-woning
expect-screen route
wait 500
tap-id step-brede-intake
wait 500
expect-screen page
drag 960 900 960 300
wait 1000
expect-screen page
S
run --size 1920x1080 --lang nl --open route --script "$T/touch.txt" --events --dump-ui > "$T/touch.out" 2> "$T/touch.err" && ok || bad "touch script: $(cat "$T/touch.err")"
acts=$(jq -s -r '[.[] | select(.event == "activate") | .id] | join(",")' "$T/touch.out")
[ "$acts" = "step-pip,back,step-brede-intake" ] && ok || bad "activations were '$acts' (each tap once; guarded tap and drag none)"
jq -e -s '[.[] | select(.event == "tap_ignored" and .reason == "guard")] | length == 1' "$T/touch.out" >/dev/null && ok || bad "one tap ignored by the guard"
jq -e -s 'map(select(.widgets != null)) | last | .scroll > 300' "$T/touch.out" >/dev/null && ok || bad "the drag scrolled the page"

# a real mouse click (which = 0) counts too, exactly once
printf 'click 5 5\nwait 500\n' > "$T/click0.txt"
run --lang nl --open route --dump-ui --script "$T/click0.txt" > "$T/click0.out" 2>&1
xy=$(jq -r 'select(.widgets != null) | .widgets[] | select(.id == "step-pip") | "\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))"' "$T/click0.out")
printf 'wait 500\nclick %s\nexpect-screen page\n' "$xy" > "$T/click.txt"
run --lang nl --open route --events --script "$T/click.txt" > "$T/click.out" 2> "$T/click.err" && ok || bad "click: $(cat "$T/click.err")"
jq -e -s '[.[] | select(.event == "activate")] | length == 1' "$T/click.out" >/dev/null && ok || bad "a click activates once"

# bad options are refused with a message
run --size 12 2> "$T/size.err"; [ $? -eq 2 ] && grep -q -- '--size wants WxH' "$T/size.err" && ok || bad "--size 12 refused"
run --open nowhere 2> "$T/open.err"; [ $? -eq 2 ] && grep -q "no screen or page 'nowhere'" "$T/open.err" && ok || bad "unknown page refused"

finish
