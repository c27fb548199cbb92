#!/bin/sh
# t_deploy.sh — deployment: `make install` stages every file (man pages too), systemd-analyze verify
# accepts the unit (and rejects a broken copy), `make deb` builds a package whose
# Depends are right, `dpkg -x` unpacks it and the kiosk runs from there (--version,
# --set-pin), and wegwijs-deploy applies and checks the lock-down on an image root.
set -u
. tests/lib.sh
MAKEFLAGS_SAN=""
[ "${WEGWIJS_SAN:-}" = 1 ] && MAKEFLAGS_SAN="SAN=1"
tmp_dir

# --- make install into a temporary prefix -------------------------------------------
# PREFIX inside $T so ExecStart points at a file that exists for systemd-analyze.
if make --no-print-directory -s $MAKEFLAGS_SAN install PREFIX="$T/usr" SYSCONFDIR="$T/etc" \
     STATEDIR="$T/state" >"$T/install.log" 2>&1; then ok; else bad "make install"; cat "$T/install.log"; fi
UNIT="$T/usr/lib/systemd/system/wegwijs.service"
for f in usr/bin/wegwijs usr/bin/wegwijs-deploy etc/wegwijs/kiosk.conf \
         usr/share/wegwijs/fonts/NotoSansArabic-Regular.ttf usr/share/wegwijs/fonts/NotoSansEthiopic-Bold.ttf \
         usr/share/wegwijs/README-deploy.md usr/lib/systemd/system/wegwijs.service \
         usr/share/man/man1/wegwijs.1 usr/share/man/man1/wegwijs-pack.1 usr/share/man/man5/kiosk.conf.5; do
  check "[ -s '$T/$f' ]" "installed $f"
done
check "[ \"\$(ls '$T/usr/share/man/man1' '$T/usr/share/man/man5' | grep -c '\\.[15]\$')\" = \"\$(find app tools -name '*.scd' | wc -l)\" ]" \
  "one installed man page per .scd source"
check "[ -x '$T/usr/bin/wegwijs' ]" "kiosk is executable"
check "! grep -q '@[A-Z]*@' '$UNIT'" "every @PLACEHOLDER@ in the unit is filled"
check "grep -q '^ExecStart=$T/usr/bin/wegwijs --config $T/etc/wegwijs/kiosk.conf\$' '$UNIT'" "ExecStart uses the prefix"
for want in 'Type=notify' 'WatchdogSec=' 'Restart=always' 'StartLimitAction=reboot' 'StartLimitBurst=' \
            'StartLimitIntervalSec=' 'User=wegwijs' 'SupplementaryGroups=video input render audio' \
            'Environment=SDL_VIDEODRIVER=kmsdrm' 'ProtectSystem=strict' "ReadWritePaths=$T/state" \
            'NoNewPrivileges=yes' 'PrivateTmp=yes' "LoadCredential=wegwijs:$T/state/secret"; do
  check "grep -q '^$want' '$UNIT'" "unit has $want"
done
# A second install keeps the live config and puts the template beside it.
echo "site_code = azc-zwolle" >> "$T/etc/wegwijs/kiosk.conf"
make --no-print-directory -s $MAKEFLAGS_SAN install PREFIX="$T/usr" SYSCONFDIR="$T/etc" STATEDIR="$T/state" >/dev/null 2>&1
check "grep -q azc-zwolle '$T/etc/wegwijs/kiosk.conf' && [ -s '$T/etc/wegwijs/kiosk.conf.new' ]" "reinstall keeps kiosk.conf"

# --- systemd-analyze verify ---------------------------------------------------------
if command -v systemd-analyze >/dev/null 2>&1; then
  # Any output is a finding (verify exits 0 on unknown keys and bad values).
  out=$(systemd-analyze verify "$UNIT" 2>&1); rc=$?
  check "[ $rc -eq 0 ] && [ -z \"\$out\" ]" "systemd-analyze verify is silent (rc $rc): $out"
  sed -e 's/^Restart=always/Restart=allways/' -e 's/^Type=notify/Tipe=notify/' "$UNIT" > "$T/broken.service"
  out=$(systemd-analyze verify "$T/broken.service" 2>&1)
  check "echo \"\$out\" | grep -q allways && echo \"\$out\" | grep -q Tipe" "verify catches a broken copy"
else
  echo "note: systemd-analyze missing; unit not verified"
fi

# --- the config the package installs parses, and the kiosk refuses a bad one --------
check "'$T/usr/bin/wegwijs' --version | grep -q '^wegwijs [0-9]'" "installed kiosk --version"
printf 'idle_timeout_s = 5\n' > "$T/bad.conf"
out=$(echo 123456 | "$T/usr/bin/wegwijs" --set-pin --config "$T/bad.conf" 2>&1); rc=$?
check "[ $rc -ne 0 ] && echo \"\$out\" | grep -q 'bad.conf:1: idle_timeout_s must be a number between 10 and 3600'" \
      "a bad config is refused with file:line ($out)"

# --- make deb -----------------------------------------------------------------------
start=$(date +%s)
if make --no-print-directory -s $MAKEFLAGS_SAN deb >"$T/deb.log" 2>&1; then ok; else bad "make deb"; tail -20 "$T/deb.log"; fi
DEB=$(ls "$BUILD"/wegwijs_*.deb 2>/dev/null | head -n 1)
check "[ -n '$DEB' ] && [ -s '$DEB' ]" "deb file in $BUILD"
echo "make deb: $(( $(date +%s) - start )) s, $(stat -c %s "$DEB" 2>/dev/null) bytes"
if [ -n "$DEB" ]; then
  dep=$(dpkg-deb -f "$DEB" Depends)
  for lib in libc6 libsodium23 libsqlite3-0 libharfbuzz0b libfribidi0 fonts-noto-core; do
    check "echo '$dep' | grep -q '$lib'" "Depends has $lib ($dep)"
  done
  check "[ \"\$(dpkg-deb -f '$DEB' Package)\" = wegwijs ]" "package name"
  check "dpkg-deb --ctrl-tarfile '$DEB' | tar -xO ./conffiles | grep -qx /etc/wegwijs/kiosk.conf" "kiosk.conf is a conffile"
  check "dpkg-deb --ctrl-tarfile '$DEB' | tar -xO ./postinst | sh -n" "postinst is valid sh"
  check "dpkg-deb --ctrl-tarfile '$DEB' | tar -xO ./postinst | grep -q 'useradd --system'" "postinst creates the user"
  check "dpkg-deb -c '$DEB' | grep ' root/root .*\./usr/bin/wegwijs\$' >/dev/null" "files owned by root"
  R="$T/root"
  dpkg -x "$DEB" "$R"
  check "grep -q '^ExecStart=/usr/bin/wegwijs ' '$R/lib/systemd/system/wegwijs.service'" "packaged unit points at /usr/bin"
  v=$("$R/usr/bin/wegwijs" --version 2>&1)
  check "echo '$v' | grep -q '^wegwijs [0-9]'" "unpacked kiosk runs --version ($v)"
  out=$(echo 20201234 | "$R/usr/bin/wegwijs" --set-pin --config "$R/etc/wegwijs/kiosk.conf" --state "$T/state" 2>&1)
  check "[ \"\$(stat -c %a '$T/state/secret/staff-pin' 2>/dev/null)\" = 600 ]" "unpacked --set-pin writes a 0600 hash ($out)"
  check "[ -s '$R/usr/share/wegwijs/fonts/NotoSans-Regular.ttf' ]" "fonts in the package"
  check "man -l '$R/usr/share/man/man1/wegwijs-pack.1.gz' 2>/dev/null | grep -q 'researcher-keygen' && [ -s '$R/usr/share/man/man5/kiosk.conf.5.gz' ] && [ -s '$R/usr/share/man/man1/wegwijs.1.gz' ]" \
    "man pages in the package, gzipped, and man reads them"
  # From the unpacked root alone: make a key and a pack with the packaged tool, install
  # it with the packaged kiosk, and take a headless screenshot with the packaged fonts.
  if [ -x "$R/usr/bin/wegwijs-pack" ]; then
    kiosk_conf "$T/kiosk.conf" coa.pub "$T/kiosk-state"
    # Leak checking off for the pack tool alone (another area's program) in the ASan run.
    ASAN_OPTIONS=detect_leaks=0 "$R/usr/bin/wegwijs-pack" keygen -p "$T/coa.pub" -s "$T/coa.key" >/dev/null 2>&1 &&
    ASAN_OPTIONS=detect_leaks=0 "$R/usr/bin/wegwijs-pack" build tests/data/content-mini -o "$T/azc.wwpack" --version 2 >/dev/null 2>&1 &&
    ASAN_OPTIONS=detect_leaks=0 "$R/usr/bin/wegwijs-pack" sign "$T/azc.wwpack" -s "$T/coa.key" >/dev/null 2>&1
    check "[ -s '$T/azc.wwpack.minisig' ]" "packaged wegwijs-pack builds and signs a pack"
    out=$("$R/usr/bin/wegwijs" --install-pack "$T/azc.wwpack" --config "$T/kiosk.conf" 2>/dev/null)
    check "echo \"\$out\" | grep -q \"^Pack 'test-mini' version 2, \"" "packaged kiosk installs it ($out)"
    WEGWIJS_FONTS="$R/usr/share/wegwijs/fonts" SDL_VIDEODRIVER=dummy \
      "$R/usr/bin/wegwijs" --headless --config "$T/kiosk.conf" --screenshot "$T/shot.png" >"$T/shot.log" 2>&1
    check "[ \"\$(head -c 8 '$T/shot.png' 2>/dev/null | od -An -tx1 | tr -d ' ')\" = 89504e470d0a1a0a ]" \
          "headless screenshot from the unpacked root is a PNG ($(tail -n 2 "$T/shot.log" | tr '\n' ' '))"
    if command -v identify >/dev/null 2>&1; then
      colors=$(identify -format %k "$T/shot.png" 2>/dev/null || echo 0)
      check "[ '${colors:-0}' -gt 50 ]" "screenshot has content ($colors colours)"
    fi
    [ -n "${WEGWIJS_KEEP_SHOT:-}" ] && cp "$T/shot.png" "$WEGWIJS_KEEP_SHOT"
  else
    bad "wegwijs-pack missing from the package"
  fi
  # The lock-down script from the package, applied to an image root.
  if command -v systemctl >/dev/null 2>&1; then
    mkdir -p "$T/img/etc/default"
    echo 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"' > "$T/img/etc/default/grub"
    check "! '$R/usr/bin/wegwijs-deploy' check --root '$T/img' >/dev/null" "check fails before lock-down"
    "$R/usr/bin/wegwijs-deploy" lockdown --root "$T/img" >"$T/lock.log" 2>&1
    "$R/usr/bin/wegwijs-deploy" check --root "$T/img" >"$T/check.log"; rc=$?
    check "[ $rc -eq 0 ]" "check passes after lock-down: $(grep MISSING "$T/check.log" | tr '\n' ' ')"
    check "grep -q 'consoleblank=0' '$T/img/etc/default/grub'" "console blanking off"
    check "grep -q '^ReserveVT=0' '$T/img/etc/systemd/logind.conf.d/wegwijs.conf'" "ReserveVT=0"
  fi
fi

finish
