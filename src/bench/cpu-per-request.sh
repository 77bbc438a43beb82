#!/usr/bin/env bash
# What bounds a read (not a test): CPU time per request of each process, for the service and for its
# plain-JDBC ceiling, on the 10M data set of query-benchmark.sh (run that once first: it generates
# the data and the inputs in target/bench-queries). For each shape, ROUNDS alternating runs of
# RUN_SECONDS: wrk against the service at saturation, then the ceiling's JDBC loop on the same SQL; the
# CPU of the service's JVM, the database (mariadbd) and the load generator (wrk, or the ceiling's
# JVM) comes from /proc (user + system time), divided by the requests answered. On 2 cores that
# share all three, a shape's rate is about 2 cores / (the sum per request): the service's share of
# that sum is what its ratio to the ceiling cannot get past. The shape "floor" (service side only)
# is GET /events/not-an-id: the whole request path of a read by id (token, rate limit, negotiation,
# route, the reads pool, an error document) without a database statement, i.e. what the service
# spends on any request before its SQL and its document. The shape "framework" (not in the default
# QUERIES) is GET /events/{id} against a bare Micronaut application of the same platform version
# (src/bench/micronaut-floor, built here, never shipped: Netty, one route on a pool like the reads
# pool, no token, no filters, no database) that answers a stored copy of the service's by-id
# document: what Micronaut and Netty cost a read by id before the service does anything of its own.
# The shape "framework-floor" sends the floor's path to the same application, which answers a stored
# copy of the service's 404 document for it, as the service does: the floor without the service.
# Settings: QUERIES (timeline timeline-busy-first timeline-busy-deep by-id floor), RUN_SECONDS (10), ROUNDS (2),
# CONNECTIONS (16), PORT (18090), FRAMEWORK_PORT (18096), HEAP (256m), JVM_OPTS (default: LEAN_JVM_OPTS of
# service.sh; the framework's application gets the same), DATA_DIR.
set -euo pipefail
trap 'echo "cpu-per-request.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/var/tmp/eventstore-10m}
QUERIES=${QUERIES:-"timeline timeline-busy-first timeline-busy-deep by-id floor"}
SECONDS_PER_RUN=${RUN_SECONDS:-10}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18090}
FRAMEWORK_PORT=${FRAMEWORK_PORT:-18096}
HEAP=${HEAP:-256m}
WORK=target/bench-queries
[ -f "$WORK/timeline.paths" ] && [ -d "$DATA_DIR/data" ] || { echo "run src/bench/query-benchmark.sh first (data and inputs)" >&2; exit 1; }
source src/bench/service.sh # bench_build, start_service, wrk_cpu, ceiling_cpu, warm_until_jit_settles
bench_build
export EVENT_STORE_EMBEDDED_DB_BUFFER_POOL=${BUFFER_POOL:-8G}
export EVENT_STORE_EMBEDDED_DB_DIR="$DATA_DIR"

# shellcheck disable=SC2086
start_service "$PORT" "$HEAP" ${JVM_OPTS-$LEAN_JVM_OPTS}
JDBC="jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?$READ_CEILING_URL_OPTIONS"
echo "/events/not-an-id" > "$WORK/floor.paths" # answered 404 before any SQL

if [[ " $QUERIES " == *" framework"* ]]; then
  ./mvnw -q -B -f src/bench/micronaut-floor/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/target/micronaut-floor/classpath" -Dmdep.includeScope=runtime -DskipTests
  curl -sf -H "Authorization: Bearer $TOKEN" -H 'Accept: application/vnd.api+json' \
    "http://127.0.0.1:$PORT$(head -n 1 "$WORK/by-id.paths")" > "$WORK/by-id.document"
  [ "$(curl -s -o "$WORK/floor.document" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -H 'Accept: application/vnd.api+json' "http://127.0.0.1:$PORT$(cat "$WORK/floor.paths")")" = 404 ]
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX="$SERVICE_MALLOC_ARENA_MAX" java -Xmx"$HEAP" ${JVM_OPTS-$LEAN_JVM_OPTS} \
    -Dfloor.document="$WORK/by-id.document" -Dfloor.not-found-document="$WORK/floor.document" -Dmicronaut.server.port="$FRAMEWORK_PORT" \
    -cp "target/micronaut-floor/classes:$(cat target/micronaut-floor/classpath)" bench.FloorApplication \
    > target/bench-framework.log 2>&1 &
  FRAMEWORK=$!
  trap 'kill $SERVICE $FRAMEWORK 2>/dev/null || true; wait $SERVICE $FRAMEWORK 2>/dev/null || true; ${BENCH_CLEANUP:-true}' EXIT
  until curl -sf -o /dev/null "http://127.0.0.1:$FRAMEWORK_PORT/events/1"; do
    kill -0 "$FRAMEWORK" 2>/dev/null || { cat target/bench-framework.log; exit 1; }
    sleep 0.5
  done
  # it must answer the requests wrk sends (their Accept header) with the service's own bytes
  for shape in by-id floor; do
    curl -s -H 'Accept: application/vnd.api+json' "http://127.0.0.1:$FRAMEWORK_PORT$(head -n 1 "$WORK/$shape.paths")" |
      cmp -s - "$WORK/$shape.document" || { echo "the bare application does not answer $shape as the service does" >&2; exit 1; }
  done
fi

paths_run() { # port, shape of the paths -> "requests server_ms db_ms client_ms" (the server: SERVICE)
  wrk_cpu PATHS_FILE="$WORK/$2.paths" DELAY_MS=0 wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}"s --timeout 30s \
    -s src/bench/paths.lua "http://127.0.0.1:$1"
}
service_run() { paths_run "$PORT" "$1"; }
framework_run() { # the by-id or the floor's paths against the bare application, its CPU in place of the service's
  ( SERVICE=$FRAMEWORK; paths_run "$FRAMEWORK_PORT" "$([ "$1" = framework-floor ] && echo floor || echo by-id)" )
}
ceiling_run() { # shape -> "queries 0 db_ms client_ms", over the middle of the ceiling's measured phase
  # the ceiling warms up until its JIT settles and says when it measures: sample from 1 s into its
  # measured phase to 1 s before its end
  CEILING_ANNOUNCES=1 ceiling_cpu 1 $(( SECONDS_PER_RUN - 2 )) \
    java -cp "$CP" io.eventstore.bench.QueryBenchmark ceiling "$JDBC" "$WORK/$1.sql" "$SECONDS_PER_RUN" "$CONNECTIONS"
}

sides() { # the floor has no SQL to compare with; the framework is its own side
  case "$1" in floor) echo service ;; framework | framework-floor) echo framework ;; *) echo service ceiling ;; esac
}
echo "warming up..." >&2
warm_pass() { for query in $QUERIES; do for side in $(sides "$query"); do [ "$side" = ceiling ] || "${side}_run" "$query" > /dev/null; done; done; }
warm_until_jit_settles warm_pass
declare -A SUMS
for round in $(seq 1 "$ROUNDS"); do
  for query in $QUERIES; do
    for side in $(sides "$query"); do
      read -r n s d c < <(${side}_run "$query")
      echo "round $round $query $side: $n requests, CPU ms service $s, database $d, client $c" >&2
      SUMS[$query.$side]+="$n $s $d $c;"
    done
  done
done

echo
echo "CPU per request on $(nproc) cores, $CONNECTIONS connections, $ROUNDS x ${SECONDS_PER_RUN} s per side, $(date -u +%F);" \
  "service -Xmx$HEAP ${JVM_OPTS-$LEAN_JVM_OPTS}"
echo
echo "| shape | side | req/s | service JVM ms/req | database ms/req | client ms/req | sum ms/req |"
echo "|---|---|---:|---:|---:|---:|---:|"
for query in $QUERIES; do
  for side in $(sides "$query"); do
    tr ';' '\n' <<< "${SUMS[$query.$side]}" | awk -v q="$query" -v side="$side" -v secs="$SECONDS_PER_RUN" -v r="$ROUNDS" '
      NF == 4 {n += $1; s += $2; d += $3; c += $4}
      END {printf "| %s | %s | %.0f | %.3f | %.3f | %.3f | %.3f |\n", q, \
        side == "service" ? "service (wrk)" : side == "framework" ? "bare Micronaut (wrk)" : "JDBC ceiling", \
        n / ((side == "ceiling" ? secs - 2 : secs) * r), s / n, d / n, c / n, (s + d + c) / n}'
  done
done
