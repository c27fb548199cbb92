#!/bin/sh
# wegwijs-deploy — locks a Debian 12 machine with the wegwijs package down to a kiosk:
# no getty or login on any console, no Ctrl+Alt+Del, no SysRq, no console blanking,
# hardware watchdog on, optional read-only root. tools/deploy/README.md says why.
# Usage: wegwijs-deploy lockdown [--root DIR] [--read-only-root]
#        wegwijs-deploy check [--root DIR]      (lists what is and is not applied)
# --root DIR applies the files to an image mounted at DIR instead of this machine.
set -eu
cmd=${1:-}; [ $# -gt 0 ] && shift
ROOT=""; RO=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a folder}; shift 2;;
    --read-only-root) RO=1; shift;;
    *) echo "wegwijs-deploy: unknown option $1" >&2; exit 2;;
  esac
done
SYSTEMCTL="systemctl"
[ -n "$ROOT" ] && SYSTEMCTL="systemctl --root=$ROOT"
GETTYS="getty@tty1 getty@tty2 getty@tty3 getty@tty4 getty@tty5 getty@tty6"

put() {   # put PATH: writes stdin to $ROOT/PATH
  mkdir -p "$ROOT$(dirname "$1")"
  cat > "$ROOT$1"
  chmod 0644 "$ROOT$1"
}

lockdown() {
  # logind would otherwise start a getty on Ctrl+Alt+F2..F6 (NAutoVTs=6, ReserveVT=6).
  put /etc/systemd/logind.conf.d/wegwijs.conf <<'CONF'
[Login]
NAutoVTs=0
ReserveVT=0
CONF
  # PID 1 pets the hardware watchdog (a hung kernel resets the board; Pi max 15 s) and
  # ignores the 7-times-Ctrl+Alt+Del burst.
  put /etc/systemd/system.conf.d/wegwijs.conf <<'CONF'
[Manager]
RuntimeWatchdogSec=10s
CtrlAltDelBurstAction=none
CONF
  put /etc/sysctl.d/90-wegwijs.conf <<'CONF'
kernel.sysrq = 0
CONF
  $SYSTEMCTL mask ctrl-alt-del.target >/dev/null 2>&1
  for g in $GETTYS; do $SYSTEMCTL mask "$g.service" >/dev/null 2>&1; done
  $SYSTEMCTL mask autovt@.service >/dev/null 2>&1
  $SYSTEMCTL set-default multi-user.target >/dev/null 2>&1 || true
  # The kiosk's own unit Conflicts= getty@tty1; masking makes sure nothing restarts it.
  $SYSTEMCTL enable wegwijs.service >/dev/null 2>&1 ||
    echo "wegwijs-deploy: note: wegwijs.service not installed yet; enable it later"
  # Console blanking off on the kernel command line.
  if [ -f "$ROOT/boot/firmware/cmdline.txt" ]; then
    grep -q consoleblank=0 "$ROOT/boot/firmware/cmdline.txt" ||
      sed -i '1 s/$/ consoleblank=0/' "$ROOT/boot/firmware/cmdline.txt"
  elif [ -f "$ROOT/etc/default/grub" ]; then
    grep -q consoleblank=0 "$ROOT/etc/default/grub" ||
      sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT="/&consoleblank=0 /' "$ROOT/etc/default/grub"
    [ -z "$ROOT" ] && command -v update-grub >/dev/null && update-grub
  else
    echo "wegwijs-deploy: note: add consoleblank=0 to the kernel command line by hand"
  fi
  if [ "$RO" = 1 ]; then
    # A RAM overlay over a read-only root; /var/lib/wegwijs must be on its own
    # writable partition (README), or check-ins vanish at reboot.
    [ -z "$ROOT" ] && apt-get install -y overlayroot >/dev/null
    put /etc/overlayroot.local.conf <<'CONF'
overlayroot="tmpfs:swap=1,recurse=0"
CONF
  fi
  echo "wegwijs-deploy: lock-down applied${ROOT:+ to $ROOT}; reboot to take effect"
}

check() {
  bad=0
  say() { if [ "$1" = ok ]; then echo "ok      $2"; else echo "MISSING $2"; bad=1; fi; }
  f=$ROOT/etc/systemd/logind.conf.d/wegwijs.conf
  grep -q '^NAutoVTs=0' "$f" 2>/dev/null && say ok "no gettys on other consoles (NAutoVTs=0)" || say no "NAutoVTs=0"
  grep -q '^kernel.sysrq = 0' "$ROOT/etc/sysctl.d/90-wegwijs.conf" 2>/dev/null && say ok "SysRq off" || say no "SysRq off"
  grep -q '^RuntimeWatchdogSec=' "$ROOT/etc/systemd/system.conf.d/wegwijs.conf" 2>/dev/null &&
    say ok "hardware watchdog" || say no "hardware watchdog"
  [ "$(readlink "$ROOT/etc/systemd/system/ctrl-alt-del.target" 2>/dev/null)" = /dev/null ] &&
    say ok "Ctrl+Alt+Del masked" || say no "Ctrl+Alt+Del masked"
  for g in $GETTYS; do
    [ "$(readlink "$ROOT/etc/systemd/system/$g.service" 2>/dev/null)" = /dev/null ] &&
      say ok "$g masked" || say no "$g masked"
  done
  return $bad
}

case "$cmd" in
  lockdown) lockdown;;
  check) check;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; [ "$cmd" = --help ] || exit 2;;
esac
