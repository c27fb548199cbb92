#!/bin/sh
# Installs the Debian 12 packages Wegwijs needs to build, test and benchmark.
# Usage: tools/install-deps.sh [--check]   (--check: exit 1 if anything is missing)
set -eu

# build: compiler-facing libraries
BUILD="build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libfreetype-dev
libharfbuzz-dev libfribidi-dev libunibreak-dev libsqlite3-dev libsodium-dev
libcmark-dev libcurl4-openssl-dev libmicrohttpd-dev libpq-dev libpng-dev
libopusfile-dev libopusenc-dev librsvg2-dev libsystemd-dev
fonts-noto-core espeak-ng gettext libgettextpo-dev scdoc
libsndfile1-dev libsamplerate0-dev libebur128-dev ffmpeg"
# test oracles, fuzzing, servers and tools the tests start themselves
TEST="libharfbuzz-bin libfribidi-bin pango1.0-tools libpango1.0-dev unicode-data
minisign clang libclang-rt-14-dev postgresql sqlite3 sox imagemagick librsvg2-bin
systemd dpkg-dev fakeroot jq curl openssl bc man-db groff-base python3"
# benchmarks only
BENCH="chromium hyperfine"

want="$BUILD $TEST"
case "${1:-}" in --bench) want="$want $BENCH";; esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--check" ]; then echo "missing packages:$missing"; exit 1; fi

echo "install-deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: not root; run: sudo apt-get install$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
