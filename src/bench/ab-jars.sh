#!/usr/bin/env bash
# Interleaved A/B of two builds of the service on one embedded database: GET /events/{id}, a
# timeline page and single POSTs at 16 connections, 10 s each after WARMUP seconds (3) of each shape,
# ROUNDS rounds (before, after, before, ...). Prints one line per round and build, each shape as
# requests/s:service CPU ms per request; compare medians and ranges. Each start is a fresh JVM: with
# a short warm-up both builds are measured while the JIT still compiles (see
# docs/benchmarks.md#how-long-to-warm-up); WARMUP=15 takes about 8 min.
# Usage: bash src/bench/ab-jars.sh BEFORE.jar AFTER.jar   (e.g. a jar built from an older commit in a worktree)
# A setting instead of a build: the same jar twice, with BEFORE_ENV / AFTER_ENV naming the environment
# of each side ("MICRONAUT_EXECUTORS_READS_NUMBER_OF_THREADS=16", space-separated).
set -u
BEFORE=$1 AFTER=$2 ROUNDS=${ROUNDS:-3} PORT=${PORT:-18090} WARMUP=${WARMUP:-3}
export EVENT_STORE_EMBEDDED_DB_DIR=${AB_DB_DIR:-/var/tmp/event-store-ab}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
mkdir -p "$EVENT_STORE_EMBEDDED_DB_DIR"
source src/bench/service.sh # wrk_rate_cpu, ab_inputs
start() {
  env ${2:-} MICRONAUT_SERVER_PORT=$PORT java -Xmx1g -jar "$1" > target/ab-service.log 2>&1 & SVC=$!
  until curl -s -o /dev/null "localhost:$PORT/events"; do sleep 0.3; done
}
stop() { kill $SVC; wait $SVC 2>/dev/null; }
start "$AFTER"
ab_inputs "$PORT" "$AFTER" # TOKEN, ID, POST
stop
# "requests/s:service CPU ms per request" of one 10 s run
rate() { wrk_rate_cpu "$SVC" -d10s "$@" | tr ' ' ':'; }
for round in $(seq 1 "$ROUNDS"); do
  for build in BEFORE AFTER; do
    env_of=${build}_ENV
    start "${!build}" "${!env_of:-}"
    wrk -t2 -c16 -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/events/$ID" > /dev/null
    if [ "$WARMUP" -gt 3 ]; then
      wrk -t2 -c16 -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/events?filter%5Bprospect%5D%5Bid%5D=42&page%5Bsize%5D=50" > /dev/null
      wrk -t2 -c16 -d"${WARMUP}s" -s "$POST" "http://localhost:$PORT/events" > /dev/null
    fi
    by_id=$(rate -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/events/$ID")
    timeline=$(rate -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/events?filter%5Bprospect%5D%5Bid%5D=42&page%5Bsize%5D=50")
    post=$(rate -s "$POST" "http://localhost:$PORT/events")
    echo "round $round $build by-id $by_id timeline $timeline post $post rss_kb $(ps -o rss= -p $SVC)"
    stop
  done
done
rm -f "$POST"
