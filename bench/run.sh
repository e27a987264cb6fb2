#!/usr/bin/env bash
# Runs the cycle benchmark on SQLite and on a throwaway PostgreSQL cluster (started here, removed after).
# Usage: bench/run.sh [POLICIES]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
dotnet build -c Release bench/PolicyCare.Bench -v q -nologo
bin=bench/PolicyCare.Bench/bin/Release/net10.0/PolicyCare.Bench

work=$(mktemp -d /tmp/policycare-bench.XXXXXX)
trap 'runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite"
"$bin" --policies "$n" --db "Data Source=$work/bench.db"

echo "== PostgreSQL"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
chown postgres "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c synchronous_commit=off" start >/dev/null
runuser -u postgres -- "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
"$bin" --policies "$n" --db "Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"
