#!/usr/bin/env bash
# Ingest benchmark (not a test). Starts the packaged service on a fresh embedded MariaDB and runs
# ROUNDS interleaved rounds of: the ceiling of a single keyed post (a plain JDBC loop, one
# transaction each: event, change row, key row with its answer, commit), wrk posting events one per request
# with and without an Idempotency-Key and in batches of 100 and 1,000, and the ceiling of batches
# (the same rows through a plain JDBC batch loop), all at the same concurrency. Reports medians and
# ranges, and each shape's ratio to the ceiling measured in the same round.
# Loopback only, bounded in time. Settings: ROUNDS (3), SECONDS_PER_PHASE (15), CONNECTIONS (16), PORT (18080),
# HEAP (256m), JVM_OPTS (the service's JVM options; default: LEAN_JVM_OPTS of service.sh), the warm-up: passes of
# 10 s over every shape until the JIT settles (warm_until_jit_settles of service.sh: WARMUP_MAX_PASSES,
# JIT_SETTLED_PERCENT); with two fixed passes the keyed posts were still measured while C2 compiled
# their path. Needs wrk (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18080}
HEAP=${HEAP:-256m}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

source src/bench/service.sh
source src/bench/ingest-phases.sh # median, range
fresh_database bench-db
# shellcheck disable=SC2086
start_service "$PORT" "$HEAP" ${JVM_OPTS-$LEAN_JVM_OPTS} -Devent-store.embedded-db.disposable=true
peak_rss() { awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status"; }

phase() { # events per request (1k: single posts with an Idempotency-Key), seconds -> "requests seconds p50 p99 errors"
  local per=${1%k} keyed=0
  [ "$1" != "$per" ] && keyed=1
  KEYED=$keyed EVENTS_PER_REQUEST=$per wrk -t2 -c"$CONNECTIONS" -d"$2"s --timeout 60s -s src/bench/ingest-events.lua \
    "http://127.0.0.1:$PORT" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}

ceiling_run() {
  java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.JdbcInsertCeiling \
    "jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&rewriteBatchedStatements=true&cachePrepStmts=true" \
    "$SECONDS_PER_PHASE" "$CONNECTIONS" 1000 | tail -n 1
}
# The ceiling of a single keyed post: one transaction per event doing what the service's must do
# (event, change, key row with its answer, commit), at the same concurrency; and the same without the change.
keyed_ceiling_run() {
  java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.JdbcKeyedPostCeiling \
    "jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&cachePrepStmts=true&useLocalSessionState=true" \
    "$SECONDS_PER_PHASE" "$CONNECTIONS" "$@" | tail -n 1
}
echo "warming up..." >&2
keyed_ceiling_run >/dev/null
warm_pass() { for per in 1k 1 100 1000; do phase "$per" 10 >/dev/null; done; }
warm_until_jit_settles warm_pass
jit_mark

# ROUNDS interleaved rounds: in each, the keyed ceiling, the four service shapes and the batch
# ceiling, one after the other, so that the table's growth and the machine's noise fall on all of
# them alike. Each cell of the table is the median of the rounds, with their range.
declare -A rate p50s p99s errs
for round in $(seq 1 "$ROUNDS"); do
  read -r r a b < <(keyed_ceiling_run); rate[keyed]+="$r "; p50s[keyed]+="$a "; p99s[keyed]+="$b "
  for per in 1k 1 100 1000; do
    read -r requests secs a b e < <(phase "$per" "$SECONDS_PER_PHASE")
    rate[$per]+="$(awk -v r="$requests" -v p="${per%k}" -v s="$secs" 'BEGIN {printf "%.0f", r * p / s}') "
    p50s[$per]+="$a "; p99s[$per]+="$b "; errs[$per]=$(( ${errs[$per]:-0} + e ))
  done
  read -r r a b < <(ceiling_run); rate[batch]+="$r "; p50s[batch]+="$a "; p99s[batch]+="$b "
  last() { echo "${rate[$1]}" | awk '{print $NF}'; }
  echo "round $round: keyed ceiling $(last keyed), keyed $(last 1k), single $(last 1), batch100 $(last 100)," \
    "batch1000 $(last 1000), batch ceiling $(last batch)" >&2
done
read -r r a b < <(keyed_ceiling_run withoutChange); rate[bare]="$r"; p50s[bare]="$a"; p99s[bare]="$b"
peak=$(peak_rss)
jit_rounds=$(jit_share)

echo
echo "Ingest on $(nproc) cores, $CONNECTIONS connections, $ROUNDS interleaved rounds of ${SECONDS_PER_PHASE} s per shape," \
  "-Xmx$HEAP ${JVM_OPTS-$LEAN_JVM_OPTS}, $(date -u +%F); medians (range)"
echo
echo "| mode | events/s | p50 ms | p99 ms | errors | of its ceiling (range by round) |"
echo "|---|---:|---:|---:|---:|---:|"
for per in 1k 1 100 1000; do
  label="POST /events, 1 event per request"
  [ "$per" = 1k ] && label="POST /events with an Idempotency-Key, 1 event per request"
  [ "${per%k}" != 1 ] && label="POST /operations, $per events per request"
  against=batch
  [ "${per%k}" = 1 ] && against=keyed
  # the ratio per round (service / the ceiling of the same round), then their median and range
  ratios=$(paste <(echo "${rate[$per]}" | tr ' ' '\n' | grep .) <(echo "${rate[$against]}" | tr ' ' '\n' | grep .) \
    | awk '{printf "%.0f ", 100 * $1 / $2}')
  echo "| $label | $(echo "${rate[$per]}" | median) ($(echo "${rate[$per]}" | range)) | $(echo "${p50s[$per]}" | median)" \
    "| $(echo "${p99s[$per]}" | median) | ${errs[$per]} | $(echo "$ratios" | median)% ($(echo "$ratios" | range)) |"
done
echo "| plain JDBC keyed post: event, change, key row with its answer, commit per transaction (ceiling of single posts) |" \
  "$(echo "${rate[keyed]}" | median) ($(echo "${rate[keyed]}" | range)) | $(echo "${p50s[keyed]}" | median) | $(echo "${p99s[keyed]}" | median) | 0 | 100% |"
echo "| the same without the change row (once, after the rounds) | ${rate[bare]} | ${p50s[bare]} | ${p99s[bare]} | 0 | - |"
echo "| plain JDBC batch insert, 1,000 rows per batch (ceiling of batches) |" \
  "$(echo "${rate[batch]}" | median) ($(echo "${rate[batch]}" | range)) | $(echo "${p50s[batch]}" | median) | $(echo "${p99s[batch]}" | median) | 0 | 100% |"
echo
echo "Service peak RSS over the whole run (VmHWM): $peak. The JIT's share of the service's CPU during the rounds: $jit_rounds%."
