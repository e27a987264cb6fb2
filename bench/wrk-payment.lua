-- Each request posts a small cash payment to a random policy of the generated book, with its own
-- idempotency key, as a payment provider's callback or a branch's cash desk would.
local policies = tonumber(os.getenv("POLICIES") or "1000000")
math.randomseed(os.time())
local counter = 0
request = function()
  counter = counter + 1
  local number = string.format("P%07d", math.random(0, policies - 1))
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = string.format("wrk-%d-%d-%d", os.time(), math.random(0, 1e9), counter) }
  -- A headers table replaces the ones given with -H (the API key): carry them over.
  for k, v in pairs(wrk.headers) do headers[k] = headers[k] or v end
  return wrk.format("POST", string.format("/api/v1/policies/%s/payments", number), headers, '{"amount":"1.00","method":"cash"}')
end
