#!/usr/bin/env bash
# Starts a throw-away PostgreSQL (Debian's postgresql package) on loopback for
# the store tests, and prints the DATABASE_URL to export. PostgreSQL refuses
# to run as root, so as root the cluster is owned by the "postgres" user the
# package creates. Usage:
#   export "$(services/llm-gateway/scripts/start-postgres.sh)"
# It lives in $POSTGRES_DIR when that is set (an empty directory), else in a new
# temporary one, printed on stderr; stop it and remove that directory with:
#   services/llm-gateway/scripts/stop-postgres.sh "$dir"
set -euo pipefail

bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [[ -z "$bin_dir" ]]; then
  echo "start-postgres: PostgreSQL is not installed; run: apt-get install -y postgresql" >&2
  exit 1
fi

data_dir="${POSTGRES_DIR:-$(mktemp -d /tmp/llm-gateway-pg.XXXXXX)}"
port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"

as_owner=()
if [[ "$(id -u)" == "0" ]]; then
  chown postgres:postgres "$data_dir"
  as_owner=(runuser -u postgres --)
fi

"${as_owner[@]}" "$bin_dir/initdb" --auth=trust --username=postgres --encoding=UTF8 -D "$data_dir/data" >"$data_dir/initdb.log"
"${as_owner[@]}" "$bin_dir/pg_ctl" -D "$data_dir/data" -l "$data_dir/server.log" -w \
  -o "-p $port -k $data_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"${as_owner[@]}" "$bin_dir/createdb" -h 127.0.0.1 -p "$port" -U postgres llm_gateway_test

echo "start-postgres: cluster in $data_dir/data on port $port" >&2
echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/llm_gateway_test"
