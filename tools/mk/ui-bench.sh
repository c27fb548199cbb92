#!/bin/sh
# ui-bench.sh — the kiosk against headless Chromium on the same long Arabic page with the
# same Noto fonts: cold start to a written screenshot (median of 5, wall ms) and peak
# resident memory (GNU time %M: the largest single process; and the peak PSS of all of
# a run's processes summed, sampled every 10 ms), then median and p99 frame time while scrolling that
# page at 1920×1080 with the software renderer.
set -eu
BUILD=${BUILD:-build}
BIN="$BUILD/wegwijs"
FONTS=${WEGWIJS_FONTS:-$PWD/$BUILD/fonts}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
PAGE=brede-intake
run_kiosk() { "$BIN" --headless --sample --size 1920x1080 --lang ar --open $PAGE "$@"; }

# the page as HTML: the same texts the kiosk lays out, in the kiosk's reading order
run_kiosk --dump-ui > "$T/dump.json"
jq -r --arg fonts "$FONTS" '
  def esc: gsub("&";"&amp;") | gsub("<";"&lt;") | gsub(">";"&gt;");
  "<!doctype html><html lang=\"ar\" dir=\"rtl\"><meta charset=\"utf-8\"><style>",
  "@font-face{font-family:K;src:url(file://\($fonts)/NotoSansArabic-Regular.ttf)}",
  "@font-face{font-family:K;font-weight:bold;src:url(file://\($fonts)/NotoSansArabic-Bold.ttf)}",
  "@font-face{font-family:L;src:url(file://\($fonts)/NotoSans-Regular.ttf)}",
  "@font-face{font-family:L;font-weight:bold;src:url(file://\($fonts)/NotoSans-Bold.ttf)}",
  "body{font:35px K,L;background:#f6f4ef;color:#1b1b1b;max-width:1111px;margin:40px auto}",
  ".term{font-weight:bold;color:#9a3412;background:#e3eef2;padding:0 10px} .callout{background:#fff4d6;border:2px solid #cc8c00;padding:20px}</style><body>",
  (.widgets[] | select(.text != "") |
    if .kind == "title" then "<h1>\(.text|esc)</h1>"
    elif .kind == "term" then "<p><span class=term lang=nl dir=ltr>\(.text|esc)</span></p>"
    elif .kind == "heading" then "<h2>\(.text|esc)</h2>"
    elif .kind == "bullet" then "<ul><li>\(.text|esc)</li></ul>"
    elif .kind == "callout" then "<div class=callout>\(.text|esc)</div>"
    elif .kind == "paragraph" then "<p>\(.text|esc)</p>"
    elif .kind == "button" then "<button>\(.text|esc)</button>"
    else empty end),
  "</body></html>"' "$T/dump.json" > "$T/page.html"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {   # command... → prints "wall_ms peak_kib" per run
  for i in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$T/time" "$@" >/dev/null 2>&1
    awk '{printf "%d %d\n", $1 * 1000, $2}' "$T/time"
  done
}
measure "$BIN" --headless --sample --size 1920x1080 --lang ar --open $PAGE --screenshot "$T/k.png" > "$T/k.txt"
measure chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1920,1080 \
  --screenshot="$T/c.png" "file://$T/page.html" > "$T/c.txt"
# Peak of the summed PSS of every process of a run (Chromium starts several; PSS shares
# pages between them fairly, so nothing is counted twice), sampled every 10 ms through
# its session id: prints KiB.
tree_peak() {
  setsid "$@" >/dev/null 2>&1 &
  pid=$!; peak=0
  while kill -0 "$pid" 2>/dev/null; do
    kib=$(for q in $(ps -s "$pid" -o pid= 2>/dev/null); do cat "/proc/$q/smaps_rollup" 2>/dev/null; done |
          awk '/^Pss:/ {s += $2} END {print s + 0}')
    [ "$kib" -gt "$peak" ] && peak=$kib
    sleep 0.01
  done
  wait "$pid" 2>/dev/null || true
  echo "$peak"
}
k_tree=$(for i in 1 2 3; do tree_peak "$BIN" --headless --sample --size 1920x1080 --lang ar --open $PAGE --screenshot "$T/k2.png"; done | median)
c_tree=$(for i in 1 2 3; do tree_peak chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1920,1080 \
  --screenshot="$T/c2.png" "file://$T/page.html"; done | median)
k_ms=$(cut -d' ' -f1 "$T/k.txt" | median); k_kib=$(cut -d' ' -f2 "$T/k.txt" | median)
c_ms=$(cut -d' ' -f1 "$T/c.txt" | median); c_kib=$(cut -d' ' -f2 "$T/c.txt" | median)
echo "ui bench: long Arabic page ($PAGE), 1920x1080, median of 5"
echo "  cold start to screenshot: wegwijs $k_ms ms, chromium $c_ms ms, ratio $(awk "BEGIN{printf \"%.1f\", $c_ms/($k_ms>0?$k_ms:1)}")x"
echo "  peak RSS (largest process): wegwijs $((k_kib / 1024)) MiB, chromium $((c_kib / 1024)) MiB, ratio $(awk "BEGIN{printf \"%.1f\", $c_kib/$k_kib}")x"
echo "  peak PSS (all processes summed, sampled every 10 ms, median of 3): wegwijs $((k_tree / 1024)) MiB, chromium $((c_tree / 1024)) MiB, ratio $(awk "BEGIN{printf \"%.1f\", $c_tree/($k_tree>0?$k_tree:1)}")x"

# scrolling: flings down and up, every changed frame drawn by the software renderer
: > "$T/scroll.txt"
for i in 1 2 3 4 5 6 7 8 9 10; do
  printf 'drag 960 1000 960 300 300\nwait 1500\ndrag 960 300 960 1000 300\nwait 1500\n' >> "$T/scroll.txt"
done
run_kiosk --frame-stats --script "$T/scroll.txt" | sed 's/^/  scrolling: /'
