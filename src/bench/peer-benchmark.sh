#!/usr/bin/env bash
# Side by side with a peer (not a test): the service and a minimal Elide 7 application (Spring Boot 3,
# Hibernate; src/bench/elide-peer, built here from Maven Central, never shipped) over the same
# `event` table of the same embedded database, asked the same things at the same concurrency:
#   timeline       a random prospect's newest 50 events (500 prospects)
#   timeline-busy-deep   the busiest prospect's page 10,000 events in (ours: a cursor; Elide: an offset)
#   by-id          one event by id (500 ids)
#   post           one new event per request (no Idempotency-Key: the peer has none)
# ROUNDS interleaved rounds (each shape: one then the other, the order alternating by round),
# SECONDS_PER_PHASE each after a warm-up, each once both sides and the database are quiet (settle of
# service.sh); reports medians, ranges, the ratio (service / peer) and the peak RSS of both processes. The service runs with -Xmx$HEAP $LEAN_JVM_OPTS; the peer with
# -Xmx$PEER_HEAP and the JVM's defaults (PEER_JVM_OPTS): with the service's options it ran out of heap on
# its first timelines. Before measuring, both must list the same events for the same deep page.
# Loopback only, bounded in time. Settings: DATA_DIR (/var/tmp/eventstore-10m; generated with EVENTS,
# default 10,000,000, when empty), ROUNDS (3), SECONDS_PER_PHASE (10), CONNECTIONS (16), PORT (18090),
# PEER_PORT (18095), HEAP (256m), PEER_HEAP (1g), BUFFER_POOL (8G), DEEP_OFFSET (10000).
# The post shapes add events to the data set (prospects p-0 to p-99999, as the generator's).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/var/tmp/eventstore-10m}
EVENTS=${EVENTS:-10000000}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18090}
PEER_PORT=${PEER_PORT:-18095}
HEAP=${HEAP:-256m}
export EVENT_STORE_EMBEDDED_DB_BUFFER_POOL=${BUFFER_POOL:-8G}
export EVENT_STORE_EMBEDDED_DB_DIR="$DATA_DIR"

source src/bench/service.sh # bench_build, generated_events, start_service, settle
bench_build
./mvnw -q -B -f src/bench/elide-peer/pom.xml package -DskipTests
generated_events

source src/bench/ingest-phases.sh # median, range
PEER_HEAP=${PEER_HEAP:-1g}
PEER_JVM_OPTS=${PEER_JVM_OPTS-}
# shellcheck disable=SC2086
start_service "$PORT" "$HEAP" $LEAN_JVM_OPTS
JDBC="jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&connectionTimeZone=UTC&cachePrepStmts=true"
WORK=target/bench-peer
java -cp "$CP" io.eventstore.bench.QueryBenchmark prepare "$JDBC" "$WORK" "${DEEP_OFFSET:-10000}" 2>&1 | grep -v INFO || true

# shellcheck disable=SC2086
SPRING_DATASOURCE_URL="$JDBC" SPRING_DATASOURCE_USERNAME="$BENCH_DB_USER" SPRING_DATASOURCE_PASSWORD="$BENCH_DB_PASSWORD" \
  java -Xmx"$PEER_HEAP" $PEER_JVM_OPTS -jar target/elide-peer/elide-peer.jar --server.port="$PEER_PORT" > target/bench-peer.log 2>&1 &
PEER_PID=$!
trap 'kill $SERVICE $PEER_PID 2>/dev/null || true; wait $SERVICE $PEER_PID 2>/dev/null || true' EXIT
first_id=$(head -n 1 "$WORK/peer-by-id.paths")
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PEER_PORT$first_id")" = 200 ] && break
  kill -0 "$PEER_PID" 2>/dev/null || { cat target/bench-peer.log; exit 1; }
  sleep 1
done

# The same question must get the same answer from both, or the comparison means nothing.
ids() { python3 -c 'import json, sys; print(" ".join(e["id"] for e in json.load(sys.stdin)["data"]))'; }
ours=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$(head -n 1 "$WORK/timeline-busy-deep.paths")" | ids)
theirs=$(curl -s "http://127.0.0.1:$PEER_PORT$(head -n 1 "$WORK/peer-timeline-busy-deep.paths")" | ids)
if [ -z "$ours" ] || [ "$ours" != "$theirs" ]; then
  echo "the service and the peer list different events for the same deep page:" >&2
  echo "service: $ours" >&2; echo "peer:    $theirs" >&2
  exit 1
fi

run() { # who (service|peer), shape -> "requests/s p50 p99 errors"
  local port=$PORT prefix="" lua=src/bench/paths.lua
  [ "$1" = peer ] && port=$PEER_PORT && prefix=peer-
  if [ "$2" = post ]; then
    PEER=$([ "$1" = peer ] && echo 1 || echo 0) EVENTS_PER_REQUEST=1 wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_PHASE}"s --timeout 30s \
      -s src/bench/ingest-events.lua "http://127.0.0.1:$port"
  else
    PATHS_FILE="$WORK/$prefix$2.paths" DELAY_MS=0 wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_PHASE}"s --timeout 30s \
      -s "$lua" "http://127.0.0.1:$port"
  fi | awk '/^RESULT/ {printf "%.0f %s %s %s\n", $2 / $3, $4, $5, $6}'
}

SHAPES="timeline timeline-busy-deep by-id post"
echo "warming up both on every shape..." >&2
for _ in 1 2; do
  for shape in $SHAPES; do run service "$shape" > /dev/null; run peer "$shape" > /dev/null; done
done

declare -A RATE P50 P99 ERRORS
for round in $(seq 1 "$ROUNDS"); do
  order="service peer"
  [ $((round % 2)) = 0 ] && order="peer service"
  for shape in $SHAPES; do
    for who in $order; do
      settle "$SERVICE" "$PEER_PID" "$DB_PID" # the peer's deep pages in flight take up to 1.5 s each
      read -r rate p50 p99 errors < <(run "$who" "$shape")
      RATE[$who-$shape]+="$rate "; P50[$who-$shape]+="$p50 "; P99[$who-$shape]+="$p99 "
      ERRORS[$who-$shape]=$(( ${ERRORS[$who-$shape]:-0} + errors ))
    done
    echo "round $round $shape: service $(echo "${RATE[service-$shape]}" | awk '{print $NF}') req/s, peer $(echo "${RATE[peer-$shape]}" | awk '{print $NF}') req/s" >&2
  done
done
rss() { awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$1/status"; }

echo
echo "Side by side on $(nproc) cores, $CONNECTIONS connections, $ROUNDS interleaved rounds of ${SECONDS_PER_PHASE} s," \
  "$(java -cp "$CP" io.eventstore.bench.QueryBenchmark count "$JDBC" 2>/dev/null || echo "?") events in org 1, $(date -u +%F);" \
  "service -Xmx$HEAP $LEAN_JVM_OPTS, peer -Xmx$PEER_HEAP $PEER_JVM_OPTS; medians (range)"
echo
echo "| shape | service req/s | p50 / p99 ms | Elide 7 req/s | p50 / p99 ms | service / Elide (range by round) | errors (service / Elide) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for shape in $SHAPES; do
  ratios=$(paste <(echo "${RATE[service-$shape]}" | tr ' ' '\n' | grep .) <(echo "${RATE[peer-$shape]}" | tr ' ' '\n' | grep .) \
    | awk '{printf "%.2f ", ($2 > 0) ? $1 / $2 : 0}')
  echo "| $shape | $(echo "${RATE[service-$shape]}" | median) ($(echo "${RATE[service-$shape]}" | range))" \
    "| $(echo "${P50[service-$shape]}" | median) / $(echo "${P99[service-$shape]}" | median)" \
    "| $(echo "${RATE[peer-$shape]}" | median) ($(echo "${RATE[peer-$shape]}" | range))" \
    "| $(echo "${P50[peer-$shape]}" | median) / $(echo "${P99[peer-$shape]}" | median)" \
    "| $(echo "$ratios" | median)x ($(echo "$ratios" | range)) | ${ERRORS[service-$shape]} / ${ERRORS[peer-$shape]} |"
done
echo
echo "Peak RSS over the run (VmHWM): service $(rss "$SERVICE"), Elide $(rss "$PEER_PID")"
