#!/usr/bin/env bash
# Stops the PostgreSQL that start-postgres.sh started in the given directory and
# removes the directory. Does nothing for a directory without a running cluster,
# so it is safe in an EXIT trap that runs whether or not the start got that far.
#   services/llm-gateway/scripts/stop-postgres.sh <directory>
set -euo pipefail

dir="${1:?usage: stop-postgres.sh <directory start-postgres.sh used>}"
bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

if [[ -n "$bin_dir" && -f "$dir/data/postmaster.pid" ]]; then
  as_owner=()
  [[ "$(id -u)" == "0" ]] && as_owner=(runuser -u postgres --)
  "${as_owner[@]}" "$bin_dir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
fi
rm -rf "$dir"
