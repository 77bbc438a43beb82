#!/usr/bin/env bash
# Webhook benchmark (not a test), on fresh embedded databases, loopback only; a fast receiver on
# 127.0.0.2 (bench/WebhookLoad, the JDK's HTTP server answering 204) shares the machine:
#  1. deliveries: HOOKS hooks taking every change, EVENTS events posted in batches of 1,000; the
#     rate from the first post to the last delivery and from the first delivery to the last, and
#     how many arrived twice (should be none: duplicates only across a crash);
#  2. ingest with HOOKS hooks receiving everything and with none, interleaved round by round, each
#     on a database of its own: atomic batches of 1,000 and single posts, SECONDS_PER_PHASE each.
# Settings: ROUNDS (3), HOOKS (10), EVENTS (3000), SECONDS_PER_PHASE (15), CONNECTIONS (16), PORT (18080),
# PARTS ("deliver ingest": which parts to run).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
HOOKS=${HOOKS:-10}
EVENTS=${EVENTS:-3000}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18080}
PARTS=${PARTS:-deliver ingest}
part() { [[ " $PARTS " == *" $1 "* ]]; }

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CLIENT=(java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.WebhookLoad)
export EVENT_STORE_WEBHOOKS_ALLOW_HTTP=true EVENT_STORE_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.2/32

WORK=$(mktemp -d -p "$PWD/target" webhook-bench-XXXXXX)
BENCH_CLEANUP="rm -rf $WORK"
source src/bench/service.sh
source src/bench/ingest-phases.sh
stop_service() { kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true; }

# 1. deliveries per second
delivery_rows=()
rss=-
if part deliver; then
export EVENT_STORE_EMBEDDED_DB_DIR=$WORK/db-deliver
start_service "$PORT" 1g
"${CLIENT[@]}" deliver 127.0.0.1 "$PORT" "$TOKEN" "$HOOKS" 1000 >/dev/null  # warm-up
for round in $(seq 1 "$ROUNDS"); do
  read -r _ delivered expected duplicates total spread < <("${CLIENT[@]}" deliver 127.0.0.1 "$PORT" "$TOKEN" "$HOOKS" "$EVENTS" | grep '^RESULT')
  echo "round $round: delivered $delivered of $expected, duplicates $duplicates, ${total} s from the first post, ${spread} s first to last" >&2
  delivery_rows+=("$delivered $expected $duplicates $total $spread")
done
rss=$(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status")
stop_service
fi

# 2. ingest with and without hooks
declare -A batch single
part ingest && for round in $(seq 1 "$ROUNDS"); do
  for mode in none hooks; do
    export EVENT_STORE_EMBEDDED_DB_DIR=$WORK/db-$mode-$round
    start_service "$PORT" 1g
    phase 1000 3 >/dev/null   # warm-up
    client=
    if [ $mode = hooks ]; then
      "${CLIENT[@]}" hooks 127.0.0.1 "$PORT" "$TOKEN" "$HOOKS" $((2 * SECONDS_PER_PHASE + 5)) > "$WORK/hooks.out" &
      client=$!
      sleep 3
    fi
    b=$(phase 1000 "$SECONDS_PER_PHASE")
    s=$(phase 1 "$SECONDS_PER_PHASE")
    received=-
    if [ -n "$client" ]; then wait $client; received=$(awk '/^RESULT/ {print $2}' "$WORK/hooks.out"); fi
    batch[$mode]="${batch[$mode]:-} $b"; single[$mode]="${single[$mode]:-} $s"
    echo "round $round $mode: batches of 1,000 $b events/s, single posts $s events/s, deliveries received meanwhile $received" >&2
    stop_service
    rm -rf "$EVENT_STORE_EMBEDDED_DB_DIR"
  done
done

echo
echo "Webhooks on $(nproc) cores, $(date -u +%F); $ROUNDS rounds"
echo
echo "| deliveries, $HOOKS hooks x $EVENTS events | delivered / expected | duplicates | s from first post to last delivery | deliveries/s (first post to last) | deliveries/s (first delivery to last) |"
echo "|---|---:|---:|---:|---:|---:|"
for row in "${delivery_rows[@]}"; do
  read -r delivered expected duplicates total spread <<< "$row"
  echo "| round | $delivered / $expected | $duplicates | $total | $(awk -v n="$delivered" -v t="$total" 'BEGIN {printf "%.0f", n / t}') | $(awk -v n="$delivered" -v t="$spread" 'BEGIN {printf "%.0f", n / t}') |"
done
echo
echo "Service peak RSS in the delivery part: $rss."
echo
echo "| ingest, $CONNECTIONS connections, ${SECONDS_PER_PHASE} s | no hooks: median (range) | $HOOKS hooks: median (range) | with / without |"
echo "|---|---:|---:|---:|"
part ingest && ingest_rows none hooks
