#!/usr/bin/env bash
# Change-feed benchmark (not a test), three parts on fresh embedded databases, loopback only:
#  1. ingest with and without the feed: the build before the feed (built from git in a worktree)
#     and this one, interleaved round by round, each on its own database; atomic batches of 1,000
#     and single posts; and how long the sequencer takes to position the last batch phase's backlog;
#  2. delivery lag from an event's createdAt (in its transaction, before the commit) to its arrival
#     on a stream, for LAG_SECONDS with 100 streams: one prospect per stream at RATE events/s, and
#     every stream reading every change at FANOUT_RATE events/s (100 messages out per event);
#  3. idle streams: heap after a full GC with 0 and IDLE_COUNTS streams open (-Xmx1g), the pool's
#     active connections meanwhile, and whether every one of them got a heartbeat and one change.
# Settings: ROUNDS (3), SECONDS_PER_PHASE (15), CONNECTIONS (16), RATE (1000), FANOUT_RATE (100), LAG_SECONDS (30),
# IDLE_COUNTS ("2000 4000 8000"), PORT (18080), BASE (the commit before the feed's migration),
# PARTS ("ingest lag idle": which parts to run).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-16}
RATE=${RATE:-1000}
FANOUT_RATE=${FANOUT_RATE:-100}
LAG_SECONDS=${LAG_SECONDS:-30}
IDLE_COUNTS=${IDLE_COUNTS:-2000 4000 8000}
PORT=${PORT:-18080}
PARTS=${PARTS:-ingest lag idle}
part() { [[ " $PARTS " == *" $1 "* ]]; }
BASE=${BASE:-$(git log --diff-filter=A --format=%H -1 -- schema/migrations/V6__change_feed.sql)^}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
NEW_JAR=$PWD/target/event-store-0.1.0.jar
BASE_DIR=$PWD/target/bench-base
if [ ! -f "$BASE_DIR/target/event-store-0.1.0.jar" ] || [ "$(git -C "$BASE_DIR" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$BASE")" ]; then
  git worktree remove --force "$BASE_DIR" 2>/dev/null || rm -rf "$BASE_DIR"
  git worktree prune
  git worktree add --detach "$BASE_DIR" "$BASE" >/dev/null
  (cd "$BASE_DIR" && ./mvnw -q -B package -DskipTests)
fi
BASE_JAR=$BASE_DIR/target/event-store-0.1.0.jar
CLIENT=(java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.eventstore.bench.StreamLoad)

WORK=$(mktemp -d -p "$PWD/target" stream-bench-XXXXXX)
BENCH_CLEANUP="rm -rf $WORK"
source src/bench/service.sh
source src/bench/ingest-phases.sh
stop_service() { kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true; }
feed_position() {
  curl -s -g -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/events?page[size]=1" \
    | sed -E 's/.*"feedPosition":"([0-9]+)".*/\1/'
}

# 1. ingest, the two builds interleaved
declare -A batch single
catch_up=()
part ingest && for round in $(seq 1 "$ROUNDS"); do
  for build in base feed; do
    jar=$BASE_JAR; [ $build = feed ] && jar=$NEW_JAR
    export EVENT_STORE_EMBEDDED_DB_DIR=$WORK/db-$build
    SERVICE_JAR=$jar start_service "$PORT" 1g
    phase 1000 3 >/dev/null   # warm-up
    b=$(phase 1000 "$SECONDS_PER_PHASE")
    ended=$(date +%s.%N)
    if [ $build = feed ]; then # the sequencer's backlog: until the listing's position stops moving
      last=-1; now=$(feed_position)
      while [ "$now" != "$last" ]; do last=$now; sleep 0.5; now=$(feed_position); done
      catch_up+=("$(awk -v a="$ended" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a - 0.5}')")
    fi
    s=$(phase 1 "$SECONDS_PER_PHASE")
    batch[$build]="${batch[$build]:-} $b"; single[$build]="${single[$build]:-} $s"
    echo "round $round $build: batches of 1,000 $b events/s, single posts $s events/s" >&2
    stop_service
  done
done

# 2. lag, 100 streams (of one token: its limit of 5 raised)
lag_rows=()
if part lag; then
export EVENT_STORE_EMBEDDED_DB_DIR=$WORK/db-lag
SERVICE_JAR=$NEW_JAR EVENT_STORE_STREAM_PER_TOKEN_LIMIT=1000 start_service "$PORT" 1g
"${CLIENT[@]}" lag 127.0.0.1 "$PORT" "$TOKEN" 100 "$RATE" 5 true >/dev/null  # warm-up
for round in $(seq 1 "$ROUNDS"); do
  for filtered in true false; do
    rate=$RATE; [ $filtered = false ] && rate=$FANOUT_RATE
    read -r _ rate delivered expected p50 p99 max failed ended < <("${CLIENT[@]}" lag 127.0.0.1 "$PORT" "$TOKEN" 100 "$rate" "$LAG_SECONDS" $filtered | grep '^RESULT')
    echo "round $round filtered=$filtered: $rate events/s, delivered $delivered of $expected, p50 $p50 ms, p99 $p99 ms, max $max ms, failed posts $failed, streams ended $ended" >&2
    lag_rows+=("$filtered $rate $delivered $expected $p50 $p99 $max $failed $ended")
  done
done
stop_service
fi

# 3. idle streams in 1 GiB of heap
idle_rows=()
rss=-
base_heap=-
if part idle; then
export EVENT_STORE_EMBEDDED_DB_DIR=$WORK/db-idle
SERVICE_JAR=$NEW_JAR EVENT_STORE_STREAM_PER_TOKEN_LIMIT=100000 EVENT_STORE_EDGE_MAX_CONNECTIONS_PER_ADDRESS=0 \
  start_service "$PORT" 1g
METRICS=$(java -jar "$NEW_JAR" admin token create --org default --scopes metrics.read --name bench-metrics)
metric() { # the first series of a metric (awk reads everything: curl must not meet a closed pipe)
  curl -s -H "Authorization: Bearer $METRICS" "http://127.0.0.1:$PORT/prometheus" | awk -v m="$1" '!found && $1 ~ "^"m {print $NF; found = 1}'; }
heap_used_kib() { # after two full collections, whatever the collector: the sum of the heap pools
  jcmd "$SERVICE" GC.run >/dev/null; sleep 1; jcmd "$SERVICE" GC.run >/dev/null
  curl -s -H "Authorization: Bearer $METRICS" "http://127.0.0.1:$PORT/prometheus" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%d", sum / 1024}'; }
"${CLIENT[@]}" idle 127.0.0.1 "$PORT" "$TOKEN" 200 3 >/dev/null  # warm-up
base_heap=$(heap_used_kib)
for count in $IDLE_COUNTS; do
  out=$WORK/idle-$count.out
  "${CLIENT[@]}" idle 127.0.0.1 "$PORT" "$TOKEN" "$count" 40 > "$out" &
  client=$!
  until grep -q '^OPEN' "$out"; do kill -0 $client 2>/dev/null || { cat "$out"; exit 1; }; sleep 0.5; done
  sleep 2
  heap=$(heap_used_kib)
  active=$(metric 'hikaricp_connections_active')
  open=$(metric 'eventstore_streams_open')
  curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/vnd.api+json' -X POST \
    -d '{"data":{"type":"event","attributes":{"name":"to_the_idle"},"relationships":{"prospect":{"data":{"type":"prospect","id":"idle"}}}}}' \
    "http://127.0.0.1:$PORT/events"
  wait $client
  read -r _ opened beats changed ended < <(grep '^RESULT' "$out")
  per=$(awk -v h="$heap" -v b="$base_heap" -v n="$count" 'BEGIN {printf "%.1f", (h - b) / n}')
  echo "idle $count: heap $heap KiB (without streams $base_heap), $per KiB each, pool active $active, streams open $open, heartbeat $beats, got the change $changed, ended $ended" >&2
  idle_rows+=("$count $heap $per $active $open $beats $changed $ended")
done
rss=$(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status")
stop_service
fi

echo
echo "Change feed on $(nproc) cores, $(date -u +%F); base build $(git rev-parse --short "$BASE"), $ROUNDS rounds interleaved"
echo
echo "| ingest, $CONNECTIONS connections, ${SECONDS_PER_PHASE} s | without the feed: median (range) | with the feed: median (range) | with / without |"
echo "|---|---:|---:|---:|"
part ingest && ingest_rows base feed
echo
part ingest && echo "Sequencer backlog after a batch phase positioned within: ${catch_up[*]} s (one per round)."
echo
echo "| lag, 100 streams, ${LAG_SECONDS} s | events/s | delivered / expected | p50 ms | p99 ms | max ms | failed posts | streams ended |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for row in "${lag_rows[@]}"; do
  read -r filtered rate delivered expected p50 p99 max failed ended <<< "$row"
  label="one prospect per stream"; [ "$filtered" = false ] && label="every stream, every change"
  echo "| $label | $rate | $delivered / $expected | $p50 | $p99 | $max | $failed | $ended |"
done
echo
echo "| idle streams (-Xmx1g) | heap after GC KiB (none open: $base_heap) | KiB per stream | pool connections active | open (metric) | got a heartbeat | got the change | ended |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${idle_rows[@]}"; do
  read -r count heap per active open beats changed ended <<< "$row"
  echo "| $count | $heap | $per | $active | $open | $beats | $changed | $ended |"
done
echo
echo "Service peak RSS in the idle part: $rss."
