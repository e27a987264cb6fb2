#!/usr/bin/env bash
# The scale benchmark, end to end: SQLite and PostgreSQL at N policies (default 100,000), with the
# database's floor, the plain EF Core baseline, 2 and 4 cycle processes and the bank file; then
# PostgreSQL at BIG policies (default 1,000,000) and wrk against the API serving that book.
# Usage: bench/run.sh [N] [BIG]      (BIG=0: only N)      env: BANK_LINES (default 500000), DAYS (default 30), BIG_DAYS (default 4), ONLY_BIG=1 (skip N)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
big=${2:-1000000}
bank=${BANK_LINES:-500000}
days=${DAYS:-30}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build -c Release bench/PolicyCare.Bench -v q -nologo
bin=bench/PolicyCare.Bench/bin/Release/net10.0
key=pc_bench_0123456789abcdef

work=$(mktemp -d /tmp/policycare-bench.XXXXXX)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
lscpu | grep -E '^(Model name|CPU\(s\))' || true
free -g | head -2

if [ -z "${ONLY_BIG:-}" ]; then
  echo "== SQLite, $n policies"
  "$bin/PolicyCare.Bench" --policies "$n" --days "$days" --baseline --db "Data Source=$work/bench.db"
fi

chown postgres "$work"
port=$(free_port)
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c synchronous_commit=off -c max_wal_size=8GB" start >/dev/null
pg="Host=127.0.0.1;Port=$port;Username=postgres"
if [ -z "${ONLY_BIG:-}" ]; then
  echo "== PostgreSQL, $n policies"
  runuser -u postgres -- "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
  "$bin/PolicyCare.Bench" --policies "$n" --days "$days" --baseline --bank-lines "$bank" --db "$pg;Database=bench"
fi

[ "$big" = 0 ] && exit 0

echo "== PostgreSQL, $big policies"
runuser -u postgres -- "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres big
# The first cycle in the process only: at this size compiling the cycle's code is a small part, and a copy of the book is minutes.
"$bin/PolicyCare.Bench" --policies "$big" --days "${BIG_DAYS:-4}" --no-workers --cold-only --api-key "$key" --db "$pg;Database=big"

echo "== API under load (wrk), $big policies on PostgreSQL"
http=$(free_port)
dotnet "$bin/policycare.dll" serve --no-demo --no-cycle --urls "http://127.0.0.1:$http" --db "$pg;Database=big" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$http/health" >/dev/null && break; sleep 1; done
for path in "/api/v1/policies/%s" "/api/v1/policies/%s/payments"; do
  echo "-- GET ${path//%s/{number\}}"
  # Warm up, then measure.
  POLICIES=$big WRK_PATH=$path wrk -t2 -c32 -d5s -s bench/wrk-policy.lua -H "X-Api-Key: $key" "http://127.0.0.1:$http" >/dev/null
  POLICIES=$big WRK_PATH=$path wrk -t2 -c32 -d20s --latency -s bench/wrk-policy.lua -H "X-Api-Key: $key" "http://127.0.0.1:$http" \
    | grep -E 'Requests/sec|Non-2xx|50%|99%|requests in'
done
echo "-- POST /api/v1/policies/{number}/payments (1.00 in cash, a new idempotency key each)"
POLICIES=$big wrk -t2 -c32 -d5s -s bench/wrk-payment.lua -H "X-Api-Key: $key" "http://127.0.0.1:$http" >/dev/null
POLICIES=$big wrk -t2 -c32 -d20s --latency -s bench/wrk-payment.lua -H "X-Api-Key: $key" "http://127.0.0.1:$http" \
  | grep -E 'Requests/sec|Non-2xx|50%|99%|requests in'
