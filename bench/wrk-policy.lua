-- Each request asks for a random policy of the generated book, as portal users and integrators would.
local policies = tonumber(os.getenv("POLICIES") or "1000000")
local path = os.getenv("WRK_PATH") or "/api/v1/policies/%s"
math.randomseed(os.time())
request = function()
  local number = string.format("P%07d", math.random(0, policies - 1))
  return wrk.format("GET", string.format(path, number))
end
