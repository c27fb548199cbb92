#!/bin/sh
# t_ui_memory.sh — the kiosk's memory on the real content: a headless screenshot of the
# Arabic brede-intake page at 1920×1080 with a pack built from content/ peaks at no more
# than 32 MiB resident (VmHWM; plain build only: sanitizers multiply memory), and a
# kiosk without a sync URL never maps libcurl or a TLS library (they are loaded on the
# first sync only).
set -u
BIN="$BUILD/wegwijs"
LIMIT_KIB=$((32 * 1024))
. tests/lib.sh
tmp_dir

ASAN_OPTIONS=detect_leaks=0 "$BUILD/wegwijs-pack" build content -o "$T/p.wwpack" --audio none >"$T/build.log" 2>&1 &&
  "$BUILD/wegwijs-pack" keygen -p "$T/k.pub" -s "$T/k.key" >/dev/null &&
  "$BUILD/wegwijs-pack" sign "$T/p.wwpack" -s "$T/k.key" >/dev/null && ok || bad "pack build: $(tail -3 "$T/build.log")"
printf 'site_code = memory1\ntrusted_key = %s\nstate_dir = %s\n' "$T/k.pub" "$T/state" > "$T/kiosk.conf"
"$BIN" --config "$T/kiosk.conf" --install-pack "$T/p.wwpack" >/dev/null 2>&1 && ok || bad "install the pack"

# the kiosk waits (real time) after its screenshot, so its peak and maps can be read
printf 'open brede-intake\nscreenshot %s\nsleep 3000\n' "$T/shot.png" > "$T/s.txt"
"$BIN" --headless --config "$T/kiosk.conf" --size 1920x1080 --lang ar --script "$T/s.txt" 2> "$T/err" &
pid=$!
i=0
while [ ! -s "$T/shot.png" ] && [ $i -lt 200 ] && kill -0 $pid 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
cp "/proc/$pid/maps" "$T/maps" 2>/dev/null
wait $pid && [ -s "$T/shot.png" ] && ok || bad "screenshot: $(cat "$T/err")"
if [ "${WEGWIJS_SAN:-0}" = 1 ]; then echo "peak RSS not checked under sanitizers (${hwm:-?} KiB)"
elif [ -n "$hwm" ] && [ "$hwm" -le $LIMIT_KIB ]; then ok; echo "peak RSS $hwm KiB (limit $LIMIT_KIB)"
else bad "peak RSS ${hwm:-unknown} KiB, limit $LIMIT_KIB KiB"; fi
if [ -s "$T/maps" ] && ! grep -Eq 'libcurl|libgnutls|libssl|libcrypto' "$T/maps"; then ok
else bad "libcurl or a TLS library is mapped without a sync URL: $(grep -Eo '[^/]*(libcurl|libgnutls|libssl|libcrypto)[^ ]*' "$T/maps" | sort -u | tr '\n' ' ')"; fi
finish
