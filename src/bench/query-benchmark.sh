#!/usr/bin/env bash
# Read benchmark (not a test): timelines, analyst lists and single events on generated data.
# For each query shape: the rate at saturation (wrk, CONNECTIONS connections), p50/p99 at about half
# of that rate, and the ceiling: the same SQL (built by the service's own EventSql) run by a
# plain JDBC client at the same concurrency; each measured ROUNDS times, every shape in turn.
# Loopback only, bounded in time.
#   DATA_DIR   embedded database with generated events (default /var/tmp/eventstore-10m; filled by
#              GenerateEvents with EVENTS events, default 10,000,000, when empty)
#   SECONDS_PER_PHASE (10), ROUNDS (3: measurements of every shape, interleaved; medians are
#   reported, and the largest p99), CONNECTIONS (16), PORT (18090), HEAP (256m), JVM_OPTS (the
#   service's JVM options; default: LEAN_JVM_OPTS of service.sh), BUFFER_POOL (8G),
#   the warm-up: passes over every query shape, at least two, until the JIT settles
#   (warm_until_jit_settles of service.sh: WARMUP_MAX_PASSES, JIT_SETTLED_PERCENT),
#   DEEP_OFFSET (10000: how far into the busiest timeline its deep page starts),
#   ORG_DEEP_OFFSET (500000: how far into the whole org's newest-first list, i.e. page 10,001)
#   QUERIES (every shape: a space-separated subset to measure only those)
set -euo pipefail
set -o pipefail
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/var/tmp/eventstore-10m}
EVENTS=${EVENTS:-10000000}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18090}
HEAP=${HEAP:-256m}
export EVENT_STORE_EMBEDDED_DB_BUFFER_POOL=${BUFFER_POOL:-8G}
export EVENT_STORE_EMBEDDED_DB_DIR="$DATA_DIR"

source src/bench/service.sh # bench_build, generated_events, start_service
bench_build

generated_events

# shellcheck disable=SC2086
start_service "$PORT" "$HEAP" ${JVM_OPTS-$LEAN_JVM_OPTS}
JDBC="jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?$READ_CEILING_URL_OPTIONS"
WORK=target/bench-queries
java -cp "$CP" io.eventstore.bench.QueryBenchmark prepare "$JDBC" "$WORK" "${DEEP_OFFSET:-10000}" "${ORG_DEEP_OFFSET:-500000}" 2>&1 | grep -v INFO || true

wrk_run() { # paths file, delay ms -> "requests seconds p50 p99 errors"
  PATHS_FILE="$1" DELAY_MS="$2" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_PHASE}"s --timeout 30s -s src/bench/paths.lua \
    "http://127.0.0.1:$PORT" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}

QUERIES=${QUERIES:-"timeline timeline-busy-first timeline-busy-deep newest-page-1 newest-page-10001 analyst analyst-totals by-id"}
echo "warming up the service and the buffer pool on every query shape..." >&2
warm_pass() { for query in $QUERIES; do wrk_run "$WORK/$query.paths" 0 > /dev/null; done; }
warm_until_jit_settles warm_pass

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
largest() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -n 1; }
declare -A DELAY RATES HALF P50 P99 ERRORS CEILINGS RATIOS

# Calibration: each connection waits so that all of them together ask for about half the saturated
# rate: a first guess from the saturated latency, then one correction from the latency seen.
for query in $QUERIES; do
  wrk_run "$WORK/$query.paths" 0 > /dev/null  # warm-up
  read -r requests secs p50 _ _ < <(wrk_run "$WORK/$query.paths" 0)
  rate=$(awk -v r="$requests" -v s="$secs" 'BEGIN {printf "%.0f", r / s}')
  delay=$(awk -v c="$CONNECTIONS" -v r="$rate" -v l="$p50" 'BEGIN {d = 2000 * c / r - l; printf "%d", d < 1 ? 1 : d}')
  read -r hrequests hsecs _ < <(wrk_run "$WORK/$query.paths" "$delay")
  DELAY[$query]=$(awk -v c="$CONNECTIONS" -v r="$rate" -v d="$delay" -v n="$hrequests" -v s="$hsecs" \
    'BEGIN {l = 1000 * c * s / n - d; d = 2000 * c / r - l; printf "%d", d < 1 ? 1 : d}')
done

# Measurement: ROUNDS rounds, each over every shape in turn (saturation, half load, ceiling), so that
# a slow period of the machine (they last seconds to minutes here) cannot fall on one shape alone.
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS..." >&2
  for query in $QUERIES; do
    read -r requests secs _ _ errors < <(wrk_run "$WORK/$query.paths" 0)
    rate=$(awk -v r="$requests" -v s="$secs" 'BEGIN {printf "%.0f", r / s}')
    read -r hrequests hsecs hp50 hp99 herrors < <(wrk_run "$WORK/$query.paths" "${DELAY[$query]}")
    read -r ceiling _ _ < <(java -cp "$CP" io.eventstore.bench.QueryBenchmark ceiling "$JDBC" "$WORK/$query.sql" \
      "$SECONDS_PER_PHASE" "$CONNECTIONS" 2>/dev/null | tail -n 1)
    RATES[$query]+="$rate "
    HALF[$query]+="$(awk -v r="$hrequests" -v s="$hsecs" 'BEGIN {printf "%.0f", r / s}') "
    P50[$query]+="$hp50 "
    P99[$query]+="$hp99 "
    ERRORS[$query]=$(( ${ERRORS[$query]:-0} + errors + herrors ))
    CEILINGS[$query]+="$ceiling "
    RATIOS[$query]+="$(awk -v a="$rate" -v b="$ceiling" 'BEGIN {printf "%.0f", (b > 0) ? 100 * a / b : 0}') "
  done
done

echo
echo "Reads on $(nproc) cores, $CONNECTIONS connections, ${SECONDS_PER_PHASE} s per phase, medians of $ROUNDS rounds, $(date -u +%F);" \
  "service -Xmx$HEAP ${JVM_OPTS-$LEAN_JVM_OPTS}, its peak RSS $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status")"
echo
echo "| query | req/s at saturation | req/s at half load | p50 ms | p99 ms | largest p99 ms | errors | JDBC ceiling req/s | of ceiling | of ceiling, each round |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for query in $QUERIES; do
  echo "| $query | $(median <<< "${RATES[$query]}") | $(median <<< "${HALF[$query]}") | $(median <<< "${P50[$query]}") |" \
    "$(median <<< "${P99[$query]}") | $(largest <<< "${P99[$query]}") | ${ERRORS[$query]} | $(median <<< "${CEILINGS[$query]}") |" \
    "$(median <<< "${RATIOS[$query]}")% | $(echo ${RATIOS[$query]} | sed 's/ /% \/ /g')% |"
done
