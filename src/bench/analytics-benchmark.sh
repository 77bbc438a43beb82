#!/usr/bin/env bash
# Analytics benchmark (not a test), loopback only, bounded in time. Two parts:
#  1. on the generated data set (DATA_DIR, 10M events, made by GenerateEvents when empty, as
#     query-benchmark.sh does; the first start of this build also migrates it: the catalog's backfill):
#     - exports of org 1's last EXPORT_DAYS days of events, NDJSON and CSV, against ExportCeiling (a
#       plain JDBC loop reading the same rows with the same keyset statement and writing every column
#       as text), ROUNDS rounds interleaved; rate, time to first byte; the service runs with
#       -Xmx$HEAP, and its peak RSS is reported;
#     - p50/p99 of a 90-day per-prospect daily histogram by name (random prospects, Europe/Paris) and of
#       the catalog's first page (sort=-count), at about half the rate each saturates at (wrk);
#  2. ingest with the catalog on and off, fresh embedded databases, ROUNDS rounds interleaved: atomic
#     batches of 1,000 and single posts (wrk, CONNECTIONS connections), and how long the catalog takes
#     to catch up with the feed after them.
# Settings: DATA_DIR (/var/tmp/eventstore-10m), EVENTS (10,000,000), ROUNDS (3), EXPORT_DAYS (60),
# HEAP (256m), SECONDS_PER_PHASE (15), CONNECTIONS (16), PORT (18095), PARTS ("data ingest").
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/var/tmp/eventstore-10m}
EVENTS=${EVENTS:-10000000}
ROUNDS=${ROUNDS:-3}
EXPORT_DAYS=${EXPORT_DAYS:-60}
HEAP=${HEAP:-256m}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18095}
PARTS=${PARTS:-data ingest}
part() { [[ " $PARTS " == *" $1 "* ]]; }

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
WORK=$(mktemp -d -p /dev/shm analytics-bench-XXXXXX)  # exports land in memory, not on the disk the database uses
BENCH_CLEANUP="rm -rf $WORK"
source src/bench/service.sh
source src/bench/ingest-phases.sh
stop_service() { kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true; }
wrk_run() { # paths file, delay ms -> "requests seconds p50 p99 errors"
  PATHS_FILE="$1" DELAY_MS="$2" wrk -t2 -c"$CONNECTIONS" -d10s --timeout 30s -s src/bench/paths.lua \
    "http://127.0.0.1:$PORT" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}
percent() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.0f%%", 100 * x / y}'; }

declare -A RATE TTFB
latency_rows=()
if part data; then
  export EVENT_STORE_EMBEDDED_DB_DIR="$DATA_DIR" EVENT_STORE_EMBEDDED_DB_BUFFER_POOL=${BUFFER_POOL:-8G}
  if [ ! -d "$DATA_DIR/data" ]; then
    echo "generating $EVENTS events into $DATA_DIR (minutes)..." >&2
    java -cp "$CP" io.eventstore.bench.GenerateEvents "$EVENTS" 2 >&2
  fi
  started=$(date +%s)
  start_service "$PORT" "$HEAP"
  echo "service up after $(( $(date +%s) - started )) s (migrations included)" >&2
  JDBC="jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&connectionTimeZone=UTC&useServerPrepStmts=false"
  to=$(date -u +%Y-%m-%dT%H:%M:%SZ); from=$(date -u -d "-$EXPORT_DAYS days" +%Y-%m-%dT%H:%M:%SZ)
  url="http://127.0.0.1:$PORT/exports/events?filter%5BeventAt%5D=$from..$to"
  export_once() { # format accept -> "events seconds ttfb"
    curl -s -o "$WORK/export" -w '%{time_starttransfer} %{time_total}\n' -H "Authorization: Bearer $TOKEN" -H "Accept: $2" "$url" \
      > "$WORK/times"
    local events
    if [ "$1" = ndjson ]; then events=$(tail -n 1 "$WORK/export" | sed -E 's/.*"exported":([0-9]+).*/\1/')
    else events=$(( $(grep -c $'\r$' "$WORK/export") - 1 )); fi  # CSV rows end in CRLF (values' own line breaks are quoted LF here)
    rm -f "$WORK/export"
    read -r ttfb total < "$WORK/times"
    echo "$events $total $ttfb"
  }
  export_once ndjson application/x-ndjson > /dev/null  # warm-up: the buffer pool and the JIT
  for round in $(seq 1 "$ROUNDS"); do
    for shape in ndjson csv ceiling; do
      if [ $shape = ceiling ]; then
        read -r _ events secs < <(java -cp "$CP" io.eventstore.bench.ExportCeiling "$JDBC" 1 "$from" "$to" | grep '^RESULT')
        ttfb=-
      else
        accept=application/x-ndjson; [ $shape = csv ] && accept=text/csv
        read -r events secs ttfb < <(export_once $shape $accept)
      fi
      rate=$(awk -v n="$events" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
      RATE[$shape]="${RATE[$shape]:-} $rate"; TTFB[$shape]="${TTFB[$shape]:-} $ttfb"
      echo "round $round $shape: $events events in $secs s, $rate events/s, first byte after $ttfb s" >&2
    done
  done
  EXPORTED=$events
  rss=$(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status")

  # histograms and the catalog: random prospects (the generator's p-0 .. p-99999), the last 90 days
  hfrom=$(date -u -d "-90 days" +%Y-%m-%dT00:00:00Z)
  awk -v from="$hfrom" -v to="$to" 'BEGIN {srand(7); for (i = 0; i < 2000; i++)
    printf "/event-counts?filter%%5Bprospect%%5D%%5Bid%%5D=p-%d&filter%%5BeventAt%%5D=%s..%s&group=name,day&tz=Europe/Paris\n",
      int(rand() * 100000), from, to}' > "$WORK/histogram.paths"
  echo "/event-names?sort=-count" > "$WORK/catalog.paths"
  for query in histogram catalog; do
    wrk_run "$WORK/$query.paths" 0 > /dev/null  # warm-up
    read -r requests secs p50 _ errors < <(wrk_run "$WORK/$query.paths" 0)
    rate=$(awk -v r="$requests" -v s="$secs" 'BEGIN {printf "%.0f", r / s}')
    delay=$(awk -v c="$CONNECTIONS" -v r="$rate" -v l="$p50" 'BEGIN {d = 2000 * c / r - l; printf "%d", d < 1 ? 1 : d}')
    read -r hrequests hsecs hp50 hp99 herrors < <(wrk_run "$WORK/$query.paths" "$delay")
    latency_rows+=("| $query | $rate | $(awk -v r="$hrequests" -v s="$hsecs" 'BEGIN {printf "%.0f", r / s}') | $hp50 | $hp99 | $((errors + herrors)) |")
    echo "$query: saturated $rate/s; at about half: p50 $hp50 ms, p99 $hp99 ms" >&2
  done
  stop_service
fi

declare -A batch single catchup
catch_up() { # seconds until the catalog has applied every change of the feed
  local feed at t0
  feed=$(curl -s -g -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/events?page[size]=1" | sed -E 's/.*"feedPosition":"([0-9]+)".*/\1/')
  t0=$(date +%s.%N)
  for _ in $(seq 1 1200); do
    at=$(curl -s -g -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/event-names?page[size]=1" | sed -E 's/.*"feedPosition":"([0-9]+)".*/\1/')
    [ "$at" -ge "$feed" ] && break
    sleep 0.1
  done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'
}
if part ingest; then
  for round in $(seq 1 "$ROUNDS"); do
    for mode in off on; do
      export EVENT_STORE_EMBEDDED_DB_DIR=$WORK/db-$mode-$round EVENT_STORE_CATALOG_ENABLED=false
      [ $mode = on ] && export EVENT_STORE_CATALOG_ENABLED=true
      start_service "$PORT" 1g
      phase 1000 3 >/dev/null   # warm-up
      b=$(phase 1000 "$SECONDS_PER_PHASE")
      after_batches=-; after_singles=-
      # the catalog applies the batches' changes before the single posts start, so that its backlog's
      # work is charged to the batches (as the time it takes), not to the single posts' phase
      [ $mode = on ] && after_batches=$(catch_up)
      s=$(phase 1 "$SECONDS_PER_PHASE")
      [ $mode = on ] && after_singles=$(catch_up)
      [ $mode = on ] && catchup[batch]="${catchup[batch]:-} $after_batches" && catchup[single]="${catchup[single]:-} $after_singles"
      batch[$mode]="${batch[$mode]:-} $b"; single[$mode]="${single[$mode]:-} $s"
      echo "round $round catalog $mode: batches of 1,000 $b events/s (catalog caught up $after_batches s after), single posts $s events/s (caught up $after_singles s after)" >&2
      stop_service
      rm -rf "$EVENT_STORE_EMBEDDED_DB_DIR"
    done
  done
fi

echo
echo "Analytics on $(nproc) cores, $(date -u +%F); $ROUNDS rounds, medians (ranges)"
if part data; then
  echo
  echo "| export of $EXPORTED events ($EXPORT_DAYS days of org 1), service -Xmx$HEAP | events/s | of the ceiling | first byte (s) |"
  echo "|---|---:|---:|---:|"
  ceiling=$(echo "${RATE[ceiling]}" | median)
  for shape in ndjson csv ceiling; do
    m=$(echo "${RATE[$shape]}" | median)
    t=-; [ $shape != ceiling ] && t="$(echo "${TTFB[$shape]}" | median) ($(echo "${TTFB[$shape]}" | range))"
    label="GET /exports/events, $shape"; [ $shape = ceiling ] && label="ceiling: plain JDBC loop, same rows and statement"
    echo "| $label | $m ($(echo "${RATE[$shape]}" | range)) | $(percent "$m" "$ceiling") | $t |"
  done
  echo
  echo "Service peak RSS over the exports (VmHWM): $rss."
  echo
  echo "| $CONNECTIONS connections | saturated (requests/s) | measured at (requests/s) | p50 (ms) | p99 (ms) | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${latency_rows[@]}"
fi
if part ingest; then
  echo
  echo "| ingest, $CONNECTIONS connections, ${SECONDS_PER_PHASE} s | catalog off: median (range) | catalog on: median (range) | on / off |"
  echo "|---|---:|---:|---:|"
  ingest_rows off on
  echo
  echo "The catalog had applied every change $(echo "${catchup[batch]}" | median) s ($(echo "${catchup[batch]}" | range)) after the batch phase"
  echo "and $(echo "${catchup[single]}" | median) s ($(echo "${catchup[single]}" | range)) after the single posts."
fi
