#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests: Debian's postgresql, initdb in a temp
# folder, listening on a loopback port only, trust authentication (nothing else can reach it).
#   scripts/postgres-test-cluster.sh start <dir>   prints the DATABASE_URL to use
#   scripts/postgres-test-cluster.sh stop <dir>    stops it (the caller removes <dir>)
# As root, the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
command="${1:-}" dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop <dir>" >&2; exit 2; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "Install Debian's postgresql first: sudo apt-get install postgresql" >&2; exit 1; }
  echo "[postgres] installing Debian's postgresql" >&2
  install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql)
  "${install[@]}" >&2 || { apt-get update -q >&2; "${install[@]}" >&2; }
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U stacklab --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off" start >&2 \
      || { cat "$dir/postgres.log" >&2; exit 1; }
    echo "postgres://stacklab@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    ;;
  *) echo "usage: $0 start|stop <dir>" >&2; exit 2 ;;
esac
