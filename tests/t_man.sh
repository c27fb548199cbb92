#!/bin/sh
# t_man.sh — the manual pages: every NAME.SECTION.scd under app/ and tools/ was built
# into $BUILD/man; each renders with man and groff without a single warning (a broken
# page does warn, so the check can fail); wegwijs-pack(1) names every option its
# --help prints, for the program and each command; kiosk.conf(5) names every key of
# the parser's table; wegwijs(1) every option of README's kiosk synopsis; and any other
# page whose program answers --help names the options it prints.
set -u
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
MAN="$BUILD/man"
. tests/lib.sh
tmp_dir
# The page as plain text, one paragraph per line and no hyphenation, for grep.
render() { groff -man -Tascii -rLL=400n -rHY=0 -P-c "$1" 2>/dev/null | col -b; }
# Every option (-x, --long-name) in a text on stdin, one per line.
options_in() { grep -oE '(^|[][ ,|(])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[^-]*//' | sort -u; }
# The options of OPTION_FILE (one a line) that PAGE_TEXT lacks, on one line.
undocumented() { while read -r o; do grep -qF -e "$o" "$1" || printf ' %s' "$o"; done <"$2"; }
# documents PAGE_TEXT "what" TEXT_FILE: every option in TEXT_FILE occurs in the page.
documents() {
  options_in <"$3" >"$T/options"
  missing=$(undocumented "$1" "$T/options")
  check '[ -s "$T/options" ] && [ -z "$missing" ]' "$2: options found: $(wc -l <"$T/options"), not in the man page:$missing"
}

# 1. Every source became a page, and the three this project owes exist.
for src in $(find app tools -name '*.scd' | sort); do
  page=$(basename "$src" .scd)
  check "[ -s '$MAN/$page' ] && [ ! '$MAN/$page' -ot '$src' ]" "$src built into $MAN/$page"
done
for page in wegwijs.1 wegwijs-pack.1 kiosk.conf.5; do check "[ -s '$MAN/$page' ]" "$MAN/$page exists"; done

# 2. Each page renders without a warning, through man-db and through groff.
for page in "$MAN"/*.[0-9]; do
  name=$(basename "$page")
  LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -E UTF-8 -l "$page" >"$T/out" 2>"$T/err"
  check '[ ! -s "$T/err" ] && [ -s "$T/out" ]' "man --warnings -l $name: no warning" "$T/err"
  groff -man -ww -z "$page" >"$T/err" 2>&1
  check '[ ! -s "$T/err" ]' "groff -ww $name: no warning" "$T/err"
  render "$page" >"$T/$name.txt"
  check "grep -q '^NAME' '$T/$name.txt' && grep -q '^SEE ALSO' '$T/$name.txt'" "$name has NAME and SEE ALSO"
done
printf '.TH BROKEN 1\n.SH NAME\nbroken \\- a page with an unknown macro\n.XY wrong\n' > "$T/broken.1"
man --warnings=w -l "$T/broken.1" >/dev/null 2>"$T/err"
check 'grep -q "warning" "$T/err"' "a broken page does warn (the check above can fail)"

# 3. wegwijs-pack(1) names every option of every --help.
P="$T/wegwijs-pack.1.txt"
if [ -x "$BUILD/wegwijs-pack" ] && [ -s "$P" ]; then
  "$BUILD/wegwijs-pack" --help >"$T/help"
  documents "$P" "wegwijs-pack --help" "$T/help"
  for c in $(sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' "$T/help"); do
    check "grep -q '^       $c' '$P'" "wegwijs-pack(1) has an entry for the command $c"
    "$BUILD/wegwijs-pack" "$c" --help >"$T/help-$c"
    documents "$P" "wegwijs-pack $c --help" "$T/help-$c"
  done
  printf -- '--no-such-option\n' >"$T/absent"
  check '[ "$(undocumented "$P" "$T/absent")" = " --no-such-option" ]' "an option absent from the page is caught"
else
  bad "$BUILD/wegwijs-pack or its page missing"
fi

# 4. kiosk.conf(5) names every key the config parser knows.
keys=$(sed -n 's/^  { "\([a-z_]*\)", *KIND_.*/\1/p' app/config/config.c)
check '[ "$(echo "$keys" | wc -l)" -ge 10 ]' "read the key table of app/config/config.c"
for k in $keys; do check "grep -qw '$k' '$T/kiosk.conf.5.txt'" "kiosk.conf(5) documents $k"; done
for k in $(sed -n 's/^#\([a-z_]*\) *=.*/\1/p' tools/deploy/kiosk.conf | sort -u); do
  check "echo '$keys' | grep -qx '$k'" "template key $k is one the parser knows"
done

# 5. wegwijs(1) names every option of README's kiosk synopsis.
sed -n '/^## The kiosk/,/^## /p' README.md | grep '^build/wegwijs ' | sed 's/#.*//' >"$T/readme"
documents "$T/wegwijs.1.txt" "README's kiosk synopsis" "$T/readme"

# 6. Any page whose program answers --help (exit 0) names the options it prints.
for page in "$MAN"/*.1; do
  name=$(basename "$page" .1)
  [ "$name" = wegwijs-pack ] && continue
  [ -x "$BUILD/$name" ] || continue
  if "$BUILD/$name" --help >"$T/help" 2>/dev/null; then
    documents "$T/$name.1.txt" "$name --help" "$T/help"
  else
    echo "note: $name --help does not exit 0 yet; its options are not compared with $name(1)"
  fi
done

finish
