#!/bin/sh
# t_pack_cli.sh — wegwijs-pack's command-line conventions: options before, between or
# after the operands give the same result in every command; the program and every
# command answer --help on stdout with exit 0; --version; exit 2 for each kind of
# usage error (nothing written), exit 1 for refused or failed input; `info --json`
# is valid JSON with its version numbers as numbers.
set -u
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PACK="$BUILD/wegwijs-pack"
. tests/lib.sh
tmp_dir
# exits WANT "what" COMMAND...: runs the command (stdout, stderr to $T/out, $T/err) and
# checks its exit status.
exits() {
  want=$1; what=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" -eq "$want" ]; then ok; else bad "$what: exit $rc, want $want"; head -n 3 "$T/err"; fi
}
MINI=tests/data/content-mini
ASSETS=$MINI/pictograms

# 1. Options anywhere: the same build, key pair and signature with options first and last.
exits 0 "build with every option before the operand" \
  "$PACK" build -o "$T/first.wwpack" --version 3 --audio none --assets "$ASSETS" "$MINI"
exits 0 "build with every option after the operand" \
  "$PACK" build "$MINI" --audio=none --assets "$ASSETS" --output "$T/last.wwpack" --version=3
exits 0 "keygen with long options" "$PACK" keygen --secret "$T/k.key" --public "$T/k.pub"
exits 0 "sign with -s before the pack" "$PACK" sign -s "$T/k.key" "$T/first.wwpack"
check '[ -s "$T/first.wwpack.minisig" ] && grep -q "version=3" "$T/first.wwpack.minisig"' "signature written with the --version given"
exits 0 "sign with --secret after the pack" "$PACK" sign "$T/last.wwpack" --secret "$T/k.key"
exits 0 "info --json PACK" "$PACK" info --json "$T/first.wwpack"; cp "$T/out" "$T/info-before.json"
exits 0 "info PACK --json" "$PACK" info "$T/first.wwpack" --json; cp "$T/out" "$T/info-after.json"
check 'cmp -s "$T/info-before.json" "$T/info-after.json"' "info --json PACK and info PACK --json print the same"
exits 0 "info -- PACK (-- ends the options)" "$PACK" info --json -- "$T/last.wwpack"
check 'jq -e ".version == 3 and (.questionnaire_version | type) == \"number\" and .name == \"test-mini\"" "$T/info-before.json" >/dev/null' \
  "info --json: valid JSON, \"version\": 3 as a number" "$T/info-before.json"
check 'grep -q "\"version\": 3," "$T/info-before.json"' "info --json prints \"version\": 3 unquoted"
check 'jq -e "(.languages | length) > 1 and (.languages[0].pages | type) == \"number\"" "$T/info-before.json" >/dev/null' \
  "info --json: per-language counts are numbers"
exits 0 "check --json PACK" "$PACK" check --json "$T/first.wwpack"; cp "$T/out" "$T/check-before.json"
exits 0 "check PACK --json" "$PACK" check "$T/first.wwpack" --json
check 'jq -e . "$T/out" >/dev/null && cmp -s "$T/out" "$T/check-before.json"' "check --json before or after the pack: same valid JSON"
exits 0 "researcher-keygen" "$PACK" researcher-keygen "$T/research"

# 2. --help and --version, on stdout, exit 0.
exits 0 "wegwijs-pack --help" "$PACK" --help
check 'grep -q "^usage: wegwijs-pack" "$T/out" && [ ! -s "$T/err" ]' "--help: usage on stdout, nothing on stderr"
commands=$(sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' "$T/out")
check '[ "$(echo $commands)" = "extract update build check keygen sign info researcher-keygen voice-script voice-import" ]' "--help lists the commands ($(echo $commands))"
for c in $commands; do
  exits 0 "$c --help" "$PACK" "$c" --help
  check "grep -q '^usage: wegwijs-pack $c ' '$T/out' && grep -q -- '-h, --help' '$T/out'" "$c --help prints its usage and options"
  exits 0 "$c -h after an operand" "$PACK" "$c" "$T/first.wwpack" -h
done
exits 0 "-h" "$PACK" -h
exits 0 "--version" "$PACK" --version
check '[ "$(cat "$T/out")" = "wegwijs-pack $(cat VERSION)" ]' "--version prints wegwijs-pack $(cat VERSION)" "$T/out"
exits 0 "-V" "$PACK" -V

# 3. Usage errors: exit 2, a message on stderr, nothing on stdout, nothing written.
usage() {
  what=$1; shift
  exits 2 "$what" "$@"
  check '[ -s "$T/err" ] && [ ! -s "$T/out" ] && grep -q "wegwijs-pack" "$T/err"' "$what: message on stderr only" "$T/err"
}
usage "no command" "$PACK"
usage "unknown command" "$PACK" frobnicate
usage "unknown program option" "$PACK" --json info "$T/first.wwpack"
usage "unknown command option" "$PACK" info "$T/first.wwpack" --bogus
usage "missing operand" "$PACK" info --json
usage "one operand too many" "$PACK" info "$T/first.wwpack" "$T/last.wwpack"
usage "option without its value" "$PACK" sign "$T/first.wwpack" -s
usage "required -o missing" "$PACK" build "$MINI" --audio none
usage "keygen without -s" "$PACK" keygen -p "$T/only.pub"
check '[ ! -e "$T/only.pub" ]' "keygen with a usage error writes nothing"
usage "--jobs out of range" "$PACK" build "$MINI" -o "$T/jobs.wwpack" --jobs 0
usage "--version 0" "$PACK" build "$MINI" -o "$T/zero.wwpack" --version 0
usage "build --version without N is not the program's --version" "$PACK" build --version
check '[ ! -e "$T/jobs.wwpack" ] && [ ! -e "$T/zero.wwpack" ]' "build with a usage error writes no pack"

# 4. Refused or failed: exit 1.
exits 1 "info of a missing file" "$PACK" info "$T/nothing.wwpack"
head -c 4096 /dev/urandom > "$T/noise.wwpack"
exits 1 "info of a file that is not a pack" "$PACK" info --json "$T/noise.wwpack"
check 'grep -q "noise.wwpack" "$T/err" && [ ! -s "$T/out" ]' "the refusal names the file" "$T/err"
exits 1 "check of a missing path" "$PACK" check "$T/nowhere"
exits 1 "check of a file that is not a pack" "$PACK" check "$T/noise.wwpack"
exits 1 "sign with a public key as the secret key" "$PACK" sign "$T/first.wwpack" -s "$T/k.pub"
exits 1 "researcher-keygen never overwrites a secret key" "$PACK" researcher-keygen "$T/research"
cp -r "$MINI" "$T/broken"
printf 'name: Not A Valid Name\n' >> "$T/broken/pack.meta"
exits 1 "build of a content tree with errors" "$PACK" build "$T/broken" -o "$T/broken.wwpack" --audio none --assets "$ASSETS"
check '[ ! -e "$T/broken.wwpack" ]' "a refused build writes no pack"

finish
