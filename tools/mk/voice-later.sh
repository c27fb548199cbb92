#!/bin/sh
# voice-later.sh BUILD — the second half of `make run`, run in the background: builds
# the voiced demo pack (speech for every page; minutes when the audio cache is cold) and
# installs it into BUILD/state, where the running kiosk picks it up within a second.
# wegwijs-pack's progress goes to BUILD/voice.log (a line every few seconds); the
# terminal gets one line when it starts and one when it ends.
B=${1:-build}
log=$B/voice.log
echo "wegwijs: read-aloud speech is being built in the background (progress: $log); the kiosk gets it when it is done"
if nice make --no-print-directory BUILD="$B" demo-pack > "$log" 2>&1 &&
   "$B/wegwijs" --config "$B/dev.conf" --state "$B/state" --install-pack "$B/demo.wwpack" >> "$log" 2>&1; then
  echo "wegwijs: the voiced demo pack is installed; the kiosk shows it now"
else
  echo "wegwijs: the voiced demo pack was not installed: $(tail -n 1 "$log")"
fi
