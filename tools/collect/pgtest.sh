# pgtest.sh — a throw-away PostgreSQL 15 server for tests and benchmarks (sourced, not run).
#
#   . tools/collect/pgtest.sh
#   pgtest_start            # sets PGTEST_DIR and PGTEST_URL; installs an EXIT trap that stops it
#                           # (it replaces the caller's EXIT trap: a caller with its own sets
#                           # it again afterwards and calls pgtest_stop from it)
#   ... use "$PGTEST_URL" ...
#   pgtest_stop             # also run by the trap, so a failing test never leaves a server
#
# initdb refuses to run as root, so the cluster belongs to the `postgres` user (created by
# Debian's postgresql package) in a fresh temporary folder it owns. The server listens
# only on a unix socket in that folder (listen_addresses=''), so parallel runs and a
# system PostgreSQL never collide. Authentication is `trust`: the socket folder is 0700.

PGTEST_BIN=${PGTEST_BIN:-/usr/lib/postgresql/15/bin}

pgtest_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pgtest_stop() {
  [ -n "${PGTEST_DIR:-}" ] || return 0
  if [ -f "$PGTEST_DIR/data/postmaster.pid" ]; then
    pgtest_as_postgres "$PGTEST_BIN/pg_ctl" -D "$PGTEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGTEST_DIR"
  PGTEST_DIR=
}

# pgtest_start [EXTRA_POSTGRES_OPTIONS]: returns non-zero with a message on failure.
pgtest_start() {
  [ -x "$PGTEST_BIN/initdb" ] || { echo "pgtest: $PGTEST_BIN/initdb missing (apt-get install postgresql)" >&2; return 1; }
  PGTEST_DIR=$(mktemp -d /tmp/wwpg.XXXXXX) || return 1
  trap pgtest_stop EXIT
  trap 'exit 130' INT TERM
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PGTEST_DIR"; fi
  chmod 0700 "$PGTEST_DIR"
  if ! pgtest_as_postgres "$PGTEST_BIN/initdb" -D "$PGTEST_DIR/data" -A trust -U postgres \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTEST_DIR/initdb.log" 2>&1; then
    echo "pgtest: initdb failed:" >&2; cat "$PGTEST_DIR/initdb.log" >&2; return 1
  fi
  if ! pgtest_as_postgres "$PGTEST_BIN/pg_ctl" -D "$PGTEST_DIR/data" -l "$PGTEST_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$PGTEST_DIR' -c max_connections=60 ${1:-}" \
        start >/dev/null 2>&1; then
    echo "pgtest: server did not start:" >&2; cat "$PGTEST_DIR/server.log" >&2; return 1
  fi
  PGTEST_URL="postgresql:///postgres?host=$PGTEST_DIR&user=postgres"
  export PGTEST_DIR PGTEST_URL
}

# pgtest_createdb NAME: a fresh database on the server; prints its URL.
pgtest_createdb() {
  "$PGTEST_BIN/createdb" -h "$PGTEST_DIR" -U postgres "$1" >&2 || return 1
  echo "postgresql:///$1?host=$PGTEST_DIR&user=postgres"
}
