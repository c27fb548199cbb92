#!/bin/sh
# t_layers.sh — the layering of app/ (who may include whom, SDL only in platform/) holds,
# and the checker (tests/layers.sh) is not blind: copies of app/ with one forbidden
# include each must fail with `file:line: FOLDER/ includes HEADER`.
set -u
. tests/lib.sh
tmp_dir

check 'tests/layers.sh app >"$T/app.log" 2>&1' "app/ keeps the layering table" "$T/app.log"
check '[ "$(find app -name "*.[ch]" | wc -l)" -gt 50 ]' "the checker reads the real tree"

# One forbidden line appended to a copy of a real file; the checker must name it.
# $1 file under app/, $2 include line, $3 expected message (after the file name).
refuse() {
  rm -rf "$T/app" && cp -r app "$T/app"
  printf '%s\n' "$2" >>"$T/app/$1"
  line=$(wc -l <"$T/app/$1"); want="$T/app/$1:$line: $3"
  check '! tests/layers.sh "$T/app" >"$T/bad.log" 2>&1' "a copy where $1 adds '$2' is refused" "$T/bad.log"
  check 'grep -qxF "$want" "$T/bad.log"' "the refusal reads '$1:$line: $3'" "$T/bad.log"
}
refuse ui/ui.c '#include "config/config.h"' 'ui/ includes config/config.h'
refuse platform/kiosk.c '#include "checkin/store.h"' 'platform/ includes checkin/store.h'
refuse util/util.c '#include "text/text.h"' 'util/ includes text/text.h'
refuse pack/pack.c '#include "config/config.h"' 'pack/ includes config/config.h'
refuse ui/ui.c '#include <SDL.h>' 'SDL outside app/platform (SDL.h)'
refuse cli/cli.c '#include <SDL.h>' 'SDL outside app/platform (SDL.h)'
refuse app.c '#include <SDL.h>' 'SDL outside app/platform (SDL.h)'

# The shell tests keep lib.sh's rule: a check never tests $? (the message's $(...) resets
# it, so `check '[ $? -eq 0 ]' "... $(cat log)"` passed whatever the command did).
check '! grep -n "^[[:space:]]*check '"'"'[^'"'"']*\$?" tests/*.sh >"$T/status.log"' \
  "no check tests \$? (keep it in rc first)" "$T/status.log"

finish
