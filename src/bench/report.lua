-- Shared by the wrk scripts of the benchmarks: one machine-readable line at the end of a run,
-- "RESULT requests seconds p50_ms p99_ms errors".
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %.1f %.1f %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
