#!/usr/bin/env bash
# The claims fast track, end to end: a PostgreSQL book of N policies (default 100,000) generated and
# run through its first day, the server started on it, then CLAIMS claims (default 1,000) each created
# and documented through the API until the fast track instructs its payout; p50/p90/p99 per claim.
# Usage: bench/claims.sh [N] [CLAIMS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
claims=${2:-1000}
dotnet build -c Release bench/PolicyCare.Bench -v q -nologo
bin=bench/PolicyCare.Bench/bin/Release/net10.0
key=pc_bench_0123456789abcdef
work=$(mktemp -d /tmp/policycare-claims.XXXXXX)
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
chown postgres "$work"
port=$(free_port)
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=1GB" start >/dev/null
pg="Host=127.0.0.1;Port=$port;Username=postgres"
runuser -u postgres -- "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres claims
echo "== the book: $n policies on PostgreSQL"
"$bin/PolicyCare.Bench" --policies "$n" --days 1 --no-workers --api-key "$key" --db "$pg;Database=claims" | grep -E "machine|database|load|heavy"
http=$(free_port)
POLICYCARE_DOCUMENTS="$work/documents" dotnet "$bin/policycare.dll" serve --no-demo --no-cycle --urls "http://127.0.0.1:$http" --db "$pg;Database=claims" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$http/health" >/dev/null && break; sleep 1; done
echo "== $claims fast-track claims through the API"
"$bin/PolicyCare.Bench" --claims "$claims" --url "http://127.0.0.1:$http" --api-key "$key" --db-name "PostgreSQL 15, $n policies"
