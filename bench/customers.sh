#!/usr/bin/env bash
# Portal accounts for the first N customers of a generated book (bench1 … benchN, the demo password), signed in once
# each through the API; their bearer tokens go to a file for bench/wrk-customer.lua. For the customer's policy list.
# The server must allow that many sign-ins a minute from one address (PolicyCare__RateLimits__SignInPerMinute=100000).
#   bench/customers.sh "Host=127.0.0.1;Port=55432;Username=postgres;Database=api1m" http://127.0.0.1:5077 200 /tmp/tokens.txt
set -euo pipefail
db="$1"; url="$2"; n="${3:-200}"; out="${4:-/tmp/tokens.txt}"
declare -A kv; IFS=';' read -ra parts <<< "$db"; for p in "${parts[@]}"; do kv["${p%%=*}"]="${p#*=}"; done
# The demo password's hash (ASP.NET Core Identity v3, PBKDF2): every bench account signs in with PolicyCare-demo-2026.
hash='AQAAAAIAAYagAAAAEJpf6cgVO2/zdNrgLoT7Yp8iouhscFkH625+tjwkkAP0AmOkBZxteFQyRKZKHsb0Ag=='
psql -q -h "${kv[Host]}" -p "${kv[Port]}" -U "${kv[Username]}" "${kv[Database]}" <<SQL
INSERT INTO "AspNetUsers" ("Id", "CustomerId", "UserName", "NormalizedUserName", "EmailConfirmed", "PasswordHash", "SecurityStamp",
  "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
SELECT 'bench-' || i, 'C' || lpad((i - 1)::text, 7, '0'), 'bench' || i, 'BENCH' || i, false, '$hash', md5(random()::text),
  md5(random()::text), false, false, false, 0
FROM generate_series(1, $n) i ON CONFLICT DO NOTHING;
INSERT INTO "AspNetUserRoles" ("UserId", "RoleId")
SELECT 'bench-' || i, (SELECT "Id" FROM "AspNetRoles" WHERE "Name" = 'customer') FROM generate_series(1, $n) i ON CONFLICT DO NOTHING;
SQL
: > "$out"
for i in $(seq 1 "$n"); do
  { curl -sf -X POST -H 'Content-Type: application/json' -d "{\"userName\":\"bench$i\",\"password\":\"PolicyCare-demo-2026\"}" "$url/api/v1/auth/sign-in" \
    | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'; echo; } >> "$out"
done
echo "$(wc -l < "$out") tokens in $out"
