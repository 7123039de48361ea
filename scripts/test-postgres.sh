#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: initdb + pg_ctl on a temporary directory and a free
# port, trust authentication on 127.0.0.1 only, nothing installed as a service.
#   scripts/test-postgres.sh start        prints `export TEST_POSTGRES_URL=… TEST_POSTGRES_DIR=…`
#   scripts/test-postgres.sh stop <dir>   stops the cluster and deletes its directory
# Run as root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
  fi
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin="$(bindir)"
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (initdb)" >&2; exit 1; }
    dir="$(mktemp -d /tmp/retainbot-pg-XXXXXX)"
    # Every statement the suite runs is kept (normalised) for the Citus check after the suite.
    STATEMENTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.max=20000 -c pg_stat_statements.track=all -c pg_stat_statements.track_utility=off"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    as_owner "$bin/initdb" -D "$dir/data" -U retainbot --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200 $STATEMENTS" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export TEST_POSTGRES_URL=postgresql://retainbot@127.0.0.1:$port/postgres TEST_POSTGRES_DIR=$dir"
    ;;
  stop)
    dir="${2:?usage: scripts/test-postgres.sh stop <dir>}"
    bin="$(bindir)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/test-postgres.sh start | stop <dir>" >&2; exit 2 ;;
esac
