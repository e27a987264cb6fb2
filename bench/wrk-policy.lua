-- Each request asks for a random policy of the generated book, as portal users and integrators would.
local policies = tonumber(os.getenv("POLICIES") or "1000000")
local path = os.getenv("WRK_PATH") or "/api/v1/policies/%s"
-- Customers are C0000001…: ID_FORMAT=C%07d with WRK_PATH=/api/v1/customers/%s/policies asks for a customer's policies.
local idFormat = os.getenv("ID_FORMAT") or "P%07d"
math.randomseed(os.time())
request = function()
  local number = string.format(idFormat, math.random(0, policies - 1))
  return wrk.format("GET", string.format(path, number))
end
