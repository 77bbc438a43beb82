-- wrk script of the query benchmark: GET a random path of PATHS_FILE; DELAY_MS between the
-- requests of a connection turns the closed loop into a steady, lower rate.
local paths = {}
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

init = function(args)
  for line in io.lines(os.getenv("PATHS_FILE")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)], { ["Accept"] = "application/vnd.api+json" })
end

delay = function()
  return delay_ms
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %.1f %.1f %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
