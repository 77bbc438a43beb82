-- wrk script of the query benchmark: GET a random path of PATHS_FILE; DELAY_MS between the
-- requests of a connection turns the closed loop into a steady, lower rate.
local auth = "Bearer " .. (os.getenv("TOKEN") or "")
local paths = {}
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

init = function(args)
  for line in io.lines(os.getenv("PATHS_FILE")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)], { ["Accept"] = "application/vnd.api+json", ["Authorization"] = auth })
end

delay = function()
  return delay_ms
end

dofile("src/bench/report.lua") -- the RESULT line (the scripts run from the repository root)
