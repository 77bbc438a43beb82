#!/usr/bin/env bash
# Ingest benchmark (not a test). Starts the packaged service on a fresh embedded MariaDB, posts
# events with wrk one per request (with and without an Idempotency-Key) and in batches of 100 and
# 1,000, then measures the ceilings at the same concurrency, before and after the service's phases:
# for batches the same rows through a plain JDBC batch loop; for single posts a plain JDBC loop of
# keyed posts, one transaction each (key row, event, change row, answer, commit).
# Loopback only, bounded in time. Settings: SECONDS_PER_PHASE (15), CONNECTIONS (16), PORT (18080),
# HEAP (256m), JVM_OPTS (the service's JVM options; default: LEAN_JVM_OPTS of service.sh). Needs wrk (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18080}
HEAP=${HEAP:-256m}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

source src/bench/service.sh
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

# The ceiling runs before and after the service's phases (the table grows meanwhile); the ratio is
# taken against the faster of the two, so that the order of the phases cannot flatter the service.
ceiling_run() {
  java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.JdbcInsertCeiling \
    "jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&rewriteBatchedStatements=true&cachePrepStmts=true" \
    "$SECONDS_PER_PHASE" "$CONNECTIONS" 1000 | tail -n 1
}
# The ceiling of a single keyed post: one transaction per event doing what the service's must do
# (key row, event, change, answer, commit), at the same concurrency; and the same without the change.
keyed_ceiling_run() {
  java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.JdbcKeyedPostCeiling \
    "jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&cachePrepStmts=true&useLocalSessionState=true" \
    "$SECONDS_PER_PHASE" "$CONNECTIONS" "$@" | tail -n 1
}
read -r ceiling_before cp50_before cp99_before < <(ceiling_run)
read -r keyed_before kp50_before kp99_before < <(keyed_ceiling_run)
echo "warming up..." >&2
phase 1k 5 >/dev/null
phase 1 5 >/dev/null
phase 100 5 >/dev/null
phase 1000 5 >/dev/null

rows=()
for per in 1k 1 100 1000; do
  read -r requests secs p50 p99 errors < <(phase "$per" "$SECONDS_PER_PHASE")
  rate=$(awk -v r="$requests" -v p="${per%k}" -v s="$secs" 'BEGIN {printf "%.0f", r * p / s}')
  rows+=("$per|$rate|$p50|$p99|$errors|$(peak_rss)")
done

read -r ceiling_after cp50_after cp99_after < <(ceiling_run)
read -r keyed_after kp50_after kp99_after < <(keyed_ceiling_run)
read -r bare_keyed bkp50 bkp99 < <(keyed_ceiling_run withoutChange)
if awk -v a="$keyed_before" -v b="$keyed_after" 'BEGIN {exit !(a > b)}'; then
  keyed=$keyed_before; kp50=$kp50_before; kp99=$kp99_before
else
  keyed=$keyed_after; kp50=$kp50_after; kp99=$kp99_after
fi
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
  [ "$per" = 1k ] && label="POST /events with an Idempotency-Key, 1 event per request"
  [ "${per%k}" != 1 ] && label="POST /operations, $per events per request"
  against=$ceiling
  [ "${per%k}" = 1 ] && against=$keyed
  echo "| $label | $rate | $p50 | $p99 | $errors | $rss | $(awk -v a="$rate" -v b="$against" 'BEGIN {printf "%.0f%%", 100 * a / b}') |"
done
echo "| plain JDBC keyed post: key, event, change, answer, commit per transaction (ceiling of single posts: the faster of $keyed_before before and $keyed_after after) | $keyed | $kp50 | $kp99 | 0 | - | 100% |"
echo "| the same without the change row | $bare_keyed | $bkp50 | $bkp99 | 0 | - | - |"
echo "| plain JDBC batch insert, 1,000 rows per batch (ceiling: the faster of $ceiling_before before and $ceiling_after after) | $ceiling | $cp50 | $cp99 | 0 | - | 100% |"
