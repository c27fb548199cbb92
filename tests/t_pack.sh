#!/bin/sh
# t_pack.sh — content packs through the command lines: the demo pack built from
# content/ (the pass's shared test pack, tests/lib.sh test_pack) checks clean; stock minisign and wegwijs-pack sign/verify each other's
# signatures; the kiosk's --install-pack installs and refuses with one sentence; and
# `wegwijs-pack check` reports each problem of a deliberately broken tree with file,
# line and language.
set -u
. tests/lib.sh
export LSAN_OPTIONS="suppressions=$PWD/tests/data/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PACK="$BUILD/wegwijs-pack"
KIOSK="$BUILD/wegwijs"
tmp_dir
MINI=tests/data/content-mini
ASSETS="--assets $MINI/pictograms"

# 1. The demo pack from content/, signed, and checked (no errors allowed).
"$PACK" keygen -p "$T/demo.pub" -s "$T/demo.key" >/dev/null
check '"$PACK" researcher-keygen "$T/research" >/dev/null && [ -s "$T/research/researcher.pk" ] && [ -s "$T/research/researcher.sk" ]' \
  "researcher-keygen writes a key pair"
check 'test_pack' "content/ builds" "$BUILD/test-pack/build.log"
check '"$PACK" check "$PACK_DIR/p.wwpack" >"$T/check.log" 2>&1' "the demo pack checks without errors" "$T/check.log"
check '"$PACK" check content >"$T/check-dir.log" 2>&1' "content/ checks without errors" "$T/check-dir.log"
check '"$PACK" info "$PACK_DIR/p.wwpack" --json | grep -q "\"researcher_pk\": \"$(cat "$PACK_DIR/keys/researcher.pk")\""' \
  "info --json shows the researcher key that went into the pack"

# 2. minisign interoperability.
"$PACK" build $MINI $ASSETS -o "$T/mini.wwpack" --version 5 >/dev/null
check '"$PACK" sign "$T/mini.wwpack" -s "$T/demo.key" >/dev/null' "wegwijs-pack sign"
check 'minisign -V -p "$T/demo.pub" -m "$T/mini.wwpack" 2>&1 | grep -q "wegwijs-pack name=test-mini version=5"' \
  "stock minisign -V verifies a wegwijs-pack signature and shows its trusted comment"
minisign -G -W -p "$T/stock.pub" -s "$T/stock.key" >/dev/null 2>&1
cp "$T/mini.wwpack" "$T/stock.wwpack"
minisign -S -H -s "$T/stock.key" -m "$T/stock.wwpack" -t "wegwijs-pack name=test-mini version=5" >/dev/null 2>&1
check '"$KIOSK" --install-pack "$T/stock.wwpack" --state "$T/state" --trusted-key "$T/stock.pub" >"$T/install.log" 2>&1' \
  "a pack signed with stock minisign installs" "$T/install.log"
check 'grep -q "Pack .test-mini. version 5, signed by trusted key 1 (.*), verified and installed" "$T/install.log"' \
  "the install says what was installed and by which key"
check '"$PACK" sign "$T/stock.wwpack" -s "$T/stock.key" >/dev/null && minisign -V -p "$T/stock.pub" -m "$T/stock.wwpack" >/dev/null' \
  "wegwijs-pack signs with a key made by minisign -G -W"
minisign -S -s "$T/stock.key" -m "$T/stock.wwpack" -t "wegwijs-pack name=test-mini version=6" -l >/dev/null 2>&1
"$KIOSK" --install-pack "$T/stock.wwpack" --state "$T/state" --trusted-key "$T/stock.pub" >"$T/legacy.log" 2>&1; rc=$?
check '[ $rc -eq 1 ] && grep -q "legacy non-prehashed format" "$T/legacy.log"' "a legacy (non-prehashed) signature is refused" "$T/legacy.log"

# 3. Refusal through the kiosk command line: one sentence, exit 1, content kept.
"$KIOSK" --install-pack "$T/mini.wwpack" --state "$T/state" --trusted-key "$T/stock.pub" >"$T/refuse.log" 2>&1; rc=$?
check '[ $rc -eq 1 ] && [ $(grep -c refused "$T/refuse.log") -eq 1 ] && grep -q "signed by key .*, which this kiosk does not trust" "$T/refuse.log"' \
  "wrong key refused in one sentence naming the key" "$T/refuse.log"
check 'grep -q "^current = 5" "$T/state/packs/pack-state"' "version 5 stays current"
kiosk_conf "$T/kiosk.conf" "$T/demo.pub" "$T/state"
"$PACK" build $MINI $ASSETS -o "$T/v7.wwpack" --version 7 >/dev/null && "$PACK" sign "$T/v7.wwpack" -s "$T/demo.key" >/dev/null
check '"$KIOSK" --config "$T/kiosk.conf" --install-pack "$T/v7.wwpack" >"$T/conf.log" 2>&1 && grep -q "version 5 kept as the previous" "$T/conf.log"' \
  "trusted key and state folder from the kiosk config" "$T/conf.log"

# 4. A deliberately broken content tree.
cp -r $MINI "$T/broken"
B="$T/broken"
# a fuzzy string: the Dutch title of the pip page changes after Arabic translated it
sed -i 's/^title: Het plan$/title: Het plan voor u/' "$B/pages/02-pip.md"
# a missing translation: the Tigrinya heading's msgstr is emptied
python3 - "$B/po/ti.po" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = s.replace('msgstr "ሒዝኩም ምጹ"', 'msgstr ""')
# a character outside the shipped fonts (Ethiopic Extended-B, Unicode 14)
s = s.replace('msgstr "ሰፊ ቃለ-መሕተት"', 'msgstr "ሰፊ ቃለ-መሕተት \U0001E7E8"')
open(p, "w", encoding="utf-8").write(s)
PY
# a heading too long for 800x480 (one long word cannot wrap)
printf '\n## Kinderopvangtoeslagaanvraagformulieren\n\nTekst.\n' >> "$B/pages/02-pip.md"
"$PACK" update "$B" >/dev/null 2>&1
"$PACK" check "$B" $ASSETS >"$T/broken.txt" 2>&1; rc=$?
"$PACK" check "$B" $ASSETS --json >"$T/broken.json" 2>"$T/broken.err"
check '[ $rc -eq 1 ]' "check exits 1 on errors" "$T/broken.txt"
check 'grep -q "^pages/02-pip.md:3: \[ar\] warning: .*outdated (fuzzy)" "$T/broken.txt"' "fuzzy Arabic title reported with file, line, language"
check 'grep -q "^pages/01-intake.md:16: \[ti\] warning: no translation in po/ti.po for \"Neem mee\"" "$T/broken.txt"' "missing Tigrinya string reported"
check 'grep -q "^pages/01-intake.md:3: \[ti\] error: U+1E7E8 .* cannot be drawn by the shipped fonts" "$T/broken.txt"' "Tigrinya character outside the fonts reported"
check 'grep -q "^pages/02-pip.md:13: \[nl\] error: heading \"Kinderopvangtoeslagaanvraagformulieren\" .* on 800x480" "$T/broken.txt"' "heading overflow at 800x480 reported"
check '[ $(grep "(overflow)" "$T/broken.txt" | grep -c Kinderopvangtoeslagaanvraagformulieren) -eq 1 ]' "the heading fits the two larger screens"
check 'grep -q "^po/ti.po: \[ti\] warning: the translation is not reviewed" "$T/broken.txt"' "unreviewed language reported"
check 'jq -e "[.problems[] | select(.kind == \"overflow\" and .lang == \"nl\" and .line == 13)] | length >= 1" "$T/broken.json" >/dev/null' "--json carries kind, file, line and language"
check '"$PACK" check $MINI $ASSETS >/dev/null' "the unbroken fixture has no errors"
# required metadata and broken links
cp -r $MINI "$T/meta"
sed -i '/^valid-until/d' "$T/meta/pack.meta"
sed -i 's/^related: intake$/related: intake, nergens/' "$T/meta/pages/02-pip.md"
"$PACK" check "$T/meta" $ASSETS >"$T/meta.txt" 2>&1; rc=$?
check '[ $rc -eq 1 ] && grep -q "^pack.meta: error: required metadata .valid-until. is missing" "$T/meta.txt"' "missing metadata is an error"
check 'grep -q "^pages/02-pip.md: error: page .pip. links to unknown page .nergens." "$T/meta.txt"' "broken link reported" "$T/meta.txt"

finish
