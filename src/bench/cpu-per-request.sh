#!/usr/bin/env bash
# What bounds a read (not a test): CPU time per request of each process, for the service and for its
# plain-JDBC ceiling, on the 10M data set of query-benchmark.sh (run that once first: it generates
# the data and the inputs in target/bench-queries). For each shape, ROUNDS alternating runs of
# RUN_SECONDS: wrk against the service at saturation, then the ceiling's JDBC loop on the same SQL; the
# CPU of the service's JVM, the database (mariadbd) and the load generator (wrk, or the ceiling's
# JVM) comes from /proc (user + system time), divided by the requests answered. On 2 cores that
# share all three, a shape's rate is about 2 cores / (the sum per request): the service's share of
# that sum is what its ratio to the ceiling cannot get past.
# Settings: QUERIES (timeline timeline-busy-first timeline-busy-deep by-id), RUN_SECONDS (10), ROUNDS (2),
# CONNECTIONS (16), PORT (18090), HEAP (256m), JVM_OPTS (default: LEAN_JVM_OPTS of service.sh), DATA_DIR.
set -euo pipefail
trap 'echo "cpu-per-request.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/var/tmp/eventstore-10m}
QUERIES=${QUERIES:-"timeline timeline-busy-first timeline-busy-deep by-id"}
SECONDS_PER_RUN=${RUN_SECONDS:-10}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18090}
HEAP=${HEAP:-256m}
WORK=target/bench-queries
[ -f "$WORK/timeline.paths" ] && [ -d "$DATA_DIR/data" ] || { echo "run src/bench/query-benchmark.sh first (data and inputs)" >&2; exit 1; }
source src/bench/service.sh # bench_build, cpu_ms, start_service
bench_build
export EVENT_STORE_EMBEDDED_DB_BUFFER_POOL=${BUFFER_POOL:-8G}
export EVENT_STORE_EMBEDDED_DB_DIR="$DATA_DIR"

# shellcheck disable=SC2086
start_service "$PORT" "$HEAP" ${JVM_OPTS-$LEAN_JVM_OPTS}
DB_PID=$(pgrep -n -f "datadir=$(readlink -f "$DATA_DIR")/data") # the newest: an earlier run's may still be stopping
JDBC="jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&connectionTimeZone=UTC&cachePrepStmts=true&useServerPrepStmts=false"

service_run() { # shape -> "requests service_ms db_ms client_ms"
  local s0 d0 out
  s0=$(cpu_ms "$SERVICE"); d0=$(cpu_ms "$DB_PID")
  out=$( { /usr/bin/time -f "TIME %U %S" env PATHS_FILE="$WORK/$1.paths" DELAY_MS=0 wrk -t2 -c"$CONNECTIONS" \
    -d"${SECONDS_PER_RUN}"s --timeout 30s -s src/bench/paths.lua "http://127.0.0.1:$PORT"; } 2>&1)
  echo "$(awk '/^RESULT/ {print $2}' <<< "$out") $(( $(cpu_ms "$SERVICE") - s0 )) $(( $(cpu_ms "$DB_PID") - d0 ))" \
    "$(awk '/^TIME/ {printf "%.0f", ($2 + $3) * 1000}' <<< "$out")"
}
ceiling_run() { # shape -> "queries 0 db_ms client_ms", over the middle of the ceiling's measured phase
  local out=target/cpu-ceiling.out pid d0 c0 d1 c1 rate window=$(( SECONDS_PER_RUN - 2 ))
  # the ceiling warms up for as long as it measures: sample from 1 s into its measured phase to 1 s before its end
  java -cp "$CP" io.eventstore.bench.QueryBenchmark ceiling "$JDBC" "$WORK/$1.sql" "$SECONDS_PER_RUN" "$CONNECTIONS" \
    > "$out" 2>/dev/null &
  pid=$!
  sleep $(( SECONDS_PER_RUN + 1 )); d0=$(cpu_ms "$DB_PID"); c0=$(cpu_ms "$pid")
  sleep "$window"; d1=$(cpu_ms "$DB_PID"); c1=$(cpu_ms "$pid")
  wait "$pid"
  rate=$(tail -n 1 "$out" | awk '{print $1}')
  echo "$(awk -v r="$rate" -v w="$window" 'BEGIN {printf "%.0f", r * w}') 0 $(( d1 - d0 )) $(( c1 - c0 ))"
}

echo "warming up..." >&2
warm_pass() { for query in $QUERIES; do service_run "$query" > /dev/null; done; }
warm_until_jit_settles warm_pass
declare -A SUMS
for round in $(seq 1 "$ROUNDS"); do
  for query in $QUERIES; do
    for side in service ceiling; do
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
  for side in service ceiling; do
    tr ';' '\n' <<< "${SUMS[$query.$side]}" | awk -v q="$query" -v side="$side" -v secs="$SECONDS_PER_RUN" -v r="$ROUNDS" '
      NF == 4 {n += $1; s += $2; d += $3; c += $4}
      END {printf "| %s | %s | %.0f | %.3f | %.3f | %.3f | %.3f |\n", q, side == "service" ? "service (wrk)" : "JDBC ceiling", \
        n / ((side == "service" ? secs : secs - 2) * r), s / n, d / n, c / n, (s + d + c) / n}'
  done
done
