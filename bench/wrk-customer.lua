-- Each request is a signed-in customer asking for their policies (GET /api/v1/policies), a random one of the accounts
-- bench/customers.sh signed in (TOKENS names its file), as the portal's "My policies" and a customer's app do.
local tokens = {}
for line in io.lines(os.getenv("TOKENS") or "/tmp/tokens.txt") do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local path = os.getenv("WRK_PATH") or "/api/v1/policies"
math.randomseed(os.time())
request = function()
  return wrk.format("GET", path, { Authorization = "Bearer " .. tokens[math.random(1, #tokens)] })
end
