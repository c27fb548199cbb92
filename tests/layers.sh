#!/bin/sh
# layers.sh — the layering rule of app/ as a checker: reads every #include line under
# ROOT (default app) and prints `file:line: ui/ includes config/config.h` for each one
# the table forbids, and `file:line: SDL outside app/platform (SDL.h)` for SDL outside
# platform/. Exit 0 when clean, 1 when anything is out of place. Used by t_layers.sh.
# The table (app/README.md): a folder may include itself and these folders.
set -u
ROOT=${1:-app}
find "$ROOT" -name '*.[ch]' | sort | while read -r f; do
  rel=${f#"$ROOT"/}
  case "$rel" in
    */*) dir=${rel%%/*} ;;
    *) dir=top ;;          # main.c, app.c, app.h
  esac
  awk -v file="$f" -v dir="$dir" '
    BEGIN {
      allow["util"] = ""
      allow["text"] = "util"
      allow["pack"] = "text util"
      allow["config"] = "pack util"
      allow["system"] = "util"
      allow["checkin"] = "pack config system util"
      allow["staff"] = "checkin pack config system util"
      allow["search"] = "pack text util"
      allow["ui"] = "text pack search checkin staff system util"
      allow["platform"] = "ui text pack system util"
      allow["cli"] = "*"
      allow["top"] = "*"
    }
    /^[ \t]*#[ \t]*include[ \t]*[<"]SDL/ {
      if (dir != "platform") { h = $0; sub(/.*include[ \t]*[<"]/, "", h); sub(/[>"].*/, "", h)
        printf "%s:%d: SDL outside app/platform (%s)\n", file, FNR, h; bad = 1 }
      next
    }
    /^[ \t]*#[ \t]*include[ \t]*"[^"\/]+\/[^"]+"/ {
      h = $0; sub(/.*include[ \t]*"/, "", h); sub(/".*/, "", h)
      to = h; sub(/\/.*/, "", to)
      if (to == dir || to == "..") next
      if (!(dir in allow)) { printf "%s:%d: %s/ is not in the layering table\n", file, FNR, dir; bad = 1; next }
      if (allow[dir] == "*") next
      n = split(allow[dir], ok, " "); found = 0
      for (i = 1; i <= n; i++) if (ok[i] == to) found = 1
      if (!found) { printf "%s:%d: %s/ includes %s\n", file, FNR, dir, h; bad = 1 }
    }
    END { exit bad }
  ' "$f" || echo "x" >&3
done 3>"${TMPDIR:-/tmp}/layers.$$" 
bad=$(wc -c <"${TMPDIR:-/tmp}/layers.$$")
rm -f "${TMPDIR:-/tmp}/layers.$$"
[ "$bad" -eq 0 ]
