#!/bin/sh
# ui-bench.sh — the kiosk against headless Chromium on the same long Arabic page with the
# same Noto fonts: cold start to a written screenshot (median of 5, wall ms) and peak
# resident memory (GNU time %M: the largest single process; and the peak PSS of all of
# a run's processes summed, sampled every 10 ms), with the real content (the demo pack,
# or a pack built from content/ without speech) and with the built-in sample; where the
# kiosk's memory goes (smaps right after the screenshot); then median and p99 frame
# time while scrolling that page at 1920×1080 with the software renderer.
set -eu
BUILD=${BUILD:-build}
BIN="$BUILD/wegwijs"
FONTS=${WEGWIJS_FONTS:-$PWD/$BUILD/fonts}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
PAGE=brede-intake

# the real content, installed into a scratch state folder
if [ -s "$BUILD/demo.wwpack" ] && [ -s "$BUILD/demo.pub" ]; then
  PACK="$BUILD/demo.wwpack"; PUB="$PWD/$BUILD/demo.pub"; PACK_WHAT="the demo pack"
else
  "$BUILD/wegwijs-pack" build content -o "$T/p.wwpack" --audio none >/dev/null
  "$BUILD/wegwijs-pack" keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null
  "$BUILD/wegwijs-pack" sign "$T/p.wwpack" -s "$T/k.key" >/dev/null
  PACK="$T/p.wwpack"; PUB="$T/k.pub"; PACK_WHAT="a pack built from content/ (no speech)"
fi
printf 'site_code = bench1\ntrusted_key = %s\nstate_dir = %s\n' "$PUB" "$T/state" > "$T/kiosk.conf"
"$BIN" --config "$T/kiosk.conf" --install-pack "$PACK" >/dev/null 2>&1
CONTENT="--config $T/kiosk.conf"
run_kiosk() { "$BIN" --headless $CONTENT --size 1920x1080 --lang ar --open $PAGE "$@"; }

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
measure "$BIN" --headless $CONTENT --size 1920x1080 --lang ar --open $PAGE --screenshot "$T/k.png" > "$T/k.txt"
measure "$BIN" --headless --sample --size 1920x1080 --lang ar --open $PAGE --screenshot "$T/s.png" > "$T/s.txt"
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
k_tree=$(for i in 1 2 3; do tree_peak "$BIN" --headless $CONTENT --size 1920x1080 --lang ar --open $PAGE --screenshot "$T/k2.png"; done | median)
c_tree=$(for i in 1 2 3; do tree_peak chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1920,1080 \
  --screenshot="$T/c2.png" "file://$T/page.html"; done | median)
k_ms=$(cut -d' ' -f1 "$T/k.txt" | median); k_kib=$(cut -d' ' -f2 "$T/k.txt" | median)
s_ms=$(cut -d' ' -f1 "$T/s.txt" | median); s_kib=$(cut -d' ' -f2 "$T/s.txt" | median)
c_ms=$(cut -d' ' -f1 "$T/c.txt" | median); c_kib=$(cut -d' ' -f2 "$T/c.txt" | median)
echo "ui bench: long Arabic page ($PAGE), 1920x1080, median of 5; wegwijs with $PACK_WHAT"
echo "  cold start to screenshot: wegwijs $k_ms ms, chromium $c_ms ms, ratio $(awk "BEGIN{printf \"%.1f\", $c_ms/($k_ms>0?$k_ms:1)}")x"
echo "  peak RSS (largest process): wegwijs $((k_kib / 1024)) MiB, chromium $((c_kib / 1024)) MiB, ratio $(awk "BEGIN{printf \"%.1f\", $c_kib/$k_kib}")x"
echo "  built-in sample instead of the pack: wegwijs $s_ms ms, peak RSS $((s_kib / 1024)) MiB"
echo "  peak PSS (all processes summed, sampled every 10 ms, median of 3): wegwijs $((k_tree / 1024)) MiB, chromium $((c_tree / 1024)) MiB, ratio $(awk "BEGIN{printf \"%.1f\", $c_tree/($k_tree>0?$k_tree:1)}")x"

# where the kiosk's memory goes: its mappings right after the screenshot (the kiosk then
# waits in real time), by kind; the largest shared objects and anonymous mappings
printf 'open %s\nscreenshot %s\nsleep 3000\n' $PAGE "$T/m.png" > "$T/m.txt"
"$BIN" --headless $CONTENT --size 1920x1080 --lang ar --script "$T/m.txt" >/dev/null 2>&1 &
pid=$!; i=0
while [ ! -s "$T/m.png" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
cat "/proc/$pid/smaps" > "$T/smaps" 2>/dev/null; hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
wait $pid 2>/dev/null || true
awk -v hwm="${hwm:-0}" '
  /^[0-9a-f]+-[0-9a-f]+ / { n = (NF >= 6) ? $6 : ""
    if (n == "") k = "anonymous (textures, frame buffer, large allocations)"; else if (n == "[heap]") k = "heap (malloc)"
    else if (n ~ /\.so/) k = "shared objects"; else if (n ~ /^\[stack/) k = "stack"
    else if (n ~ /\.ttf$/) k = "font files (mapped)"; else if (n ~ /^\[/) k = "kernel"; else k = "other files"
    if (n ~ /\.so/) so[n] = so[n]; next }
  /^Rss:/ { rss[k] += $2; total += $2; if (k ~ /^shared/) sorss[n] += $2; if (k ~ /^anon/ && $2 >= 512) big = big sprintf(" %d", $2) }
  END {
    printf "  kiosk memory after the screenshot: %d KiB resident (peak %d KiB)\n", total, hwm
    for (x in rss) printf "    %7d KiB  %s\n", rss[x], x | "sort -rn"; close("sort -rn")
    printf "    anonymous mappings of 512 KiB or more (KiB):%s  [1920x1080x4 frame = 8100]\n", big
    c = 0; for (x in so) c++; printf "    %d shared objects; the largest (KiB):", c
    cmd = "sort -rn | head -8 | tr \"\\n\" \" \""
    for (x in sorss) { m = x; sub(/.*\//, "", m); printf "%d %s\n", sorss[x], m | cmd }
    close(cmd); printf "\n" }' "$T/smaps"

# scrolling: flings down and up, every changed frame drawn by the software renderer
: > "$T/scroll.txt"
for i in 1 2 3 4 5 6 7 8 9 10; do
  printf 'drag 960 1000 960 300 300\nwait 1500\ndrag 960 300 960 1000 300\nwait 1500\n' >> "$T/scroll.txt"
done
run_kiosk --frame-stats --script "$T/scroll.txt" | sed 's/^/  scrolling: /'
