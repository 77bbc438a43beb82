#!/usr/bin/env bash
# Ingest benchmark (not a test). Starts the packaged service on a fresh embedded MariaDB, posts
# events with wrk one per request and in batches of 100 and 1,000, then measures the ceiling: the
# same rows through a plain JDBC batch loop into the same database at the same concurrency, before
# and after the service's phases.
# Loopback only, bounded in time. Settings: SECONDS_PER_PHASE (15), CONNECTIONS (16), PORT (18080),
# HEAP (1g). Needs wrk (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18080}
HEAP=${HEAP:-1g}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

DB_DIR=$(mktemp -d -p "$PWD/target" bench-db-XXXXXX)
export EVENT_STORE_EMBEDDED_DB_DIR="$DB_DIR"
BENCH_CLEANUP="rm -rf $DB_DIR"
source src/bench/service.sh
start_service "$PORT" "$HEAP" -Devent-store.embedded-db.disposable=true
peak_rss() { awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status"; }

phase() { # events per request, seconds -> "requests seconds p50 p99 errors"
  EVENTS_PER_REQUEST=$1 wrk -t2 -c"$CONNECTIONS" -d"$2"s --timeout 60s -s src/bench/ingest-events.lua \
    "http://127.0.0.1:$PORT" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}

# The ceiling runs before and after the service's phases (the table grows meanwhile); the ratio is
# taken against the faster of the two, so that the order of the phases cannot flatter the service.
ceiling_run() {
  java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.JdbcInsertCeiling \
    "jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&rewriteBatchedStatements=true&cachePrepStmts=true" \
    "$SECONDS_PER_PHASE" "$CONNECTIONS" 1000 | tail -n 1
}
read -r ceiling_before cp50_before cp99_before < <(ceiling_run)
echo "warming up..." >&2
phase 1 5 >/dev/null
phase 100 5 >/dev/null
phase 1000 5 >/dev/null

rows=()
for per in 1 100 1000; do
  read -r requests secs p50 p99 errors < <(phase "$per" "$SECONDS_PER_PHASE")
  rate=$(awk -v r="$requests" -v p="$per" -v s="$secs" 'BEGIN {printf "%.0f", r * p / s}')
  rows+=("$per|$rate|$p50|$p99|$errors|$(peak_rss)")
done

read -r ceiling_after cp50_after cp99_after < <(ceiling_run)
if awk -v a="$ceiling_before" -v b="$ceiling_after" 'BEGIN {exit !(a > b)}'; then
  ceiling=$ceiling_before; cp50=$cp50_before; cp99=$cp99_before
else
  ceiling=$ceiling_after; cp50=$cp50_after; cp99=$cp99_after
fi

echo
echo "Ingest on $(nproc) cores, $CONNECTIONS connections, ${SECONDS_PER_PHASE} s per phase, $(date -u +%F)"
echo
echo "| mode | events/s | p50 ms | p99 ms | errors | service peak RSS | of JDBC ceiling |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  IFS='|' read -r per rate p50 p99 errors rss <<< "$row"
  label="POST /events, 1 event per request"
  [ "$per" != 1 ] && label="POST /operations, $per events per request"
  echo "| $label | $rate | $p50 | $p99 | $errors | $rss | $(awk -v a="$rate" -v b="$ceiling" 'BEGIN {printf "%.0f%%", 100 * a / b}') |"
done
echo "| plain JDBC batch insert, 1,000 rows per batch (ceiling: the faster of $ceiling_before before and $ceiling_after after) | $ceiling | $cp50 | $cp99 | 0 | - | 100% |"
