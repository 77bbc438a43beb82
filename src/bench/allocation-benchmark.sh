#!/usr/bin/env bash
# Allocation per request (not a test): the packaged service on a fresh embedded database, a JFR
# recording around each shape, and the bytes its threads allocated (jdk.ThreadAllocationStatistics,
# last value minus first per thread) divided by the requests wrk completed meanwhile. Shapes: single
# posts, keyed single posts, a batch of 100, an account's timeline page of 50, GET /events/{id}.
# Settings: SECONDS_PER_PHASE (15), CONNECTIONS (16), PORT (18085), HEAP (256m), JVM_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18085}
HEAP=${HEAP:-256m}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./mvnw -q -B package -DskipTests
source src/bench/service.sh
fresh_database alloc-db
# shellcheck disable=SC2086
start_service "$PORT" "$HEAP" ${JVM_OPTS-$LEAN_JVM_OPTS} -Devent-store.embedded-db.disposable=true
URL="http://127.0.0.1:$PORT"

post() { EVENTS_PER_REQUEST=$1 KEYED=${2:-0} wrk -t2 -c"$CONNECTIONS" -d"$3"s --timeout 60s -s src/bench/ingest-events.lua "$URL"; }
get() { PATHS_FILE=$1 wrk -t2 -c"$CONNECTIONS" -d"$2"s --timeout 60s -s src/bench/paths.lua "$URL"; }

echo "warming up and storing events to read..." >&2
post 100 0 20 >/dev/null
post 1 0 10 >/dev/null
post 1 1 10 >/dev/null
# reads: accounts of the stored events (acc-0 .. acc-2999, about ten events each by now) and ids
seq 0 2999 | awk '{printf "/events?filter%%5Baccount%%5D%%5Bid%%5D=acc-%d&page%%5Bsize%%5D=50\n", $1}' > "$DB_DIR/timeline.paths"
curl -s -H "Authorization: Bearer $TOKEN" "$URL/events?page%5Bsize%5D=1000&fields%5Bevent%5D=name" \
  | grep -o '"id":"[0-9]*"' | cut -d'"' -f4 | awk '{print "/events/" $1}' > "$DB_DIR/byid.paths"
get "$DB_DIR/timeline.paths" 10 >/dev/null
get "$DB_DIR/byid.paths" 10 >/dev/null

measure() { # label, then the wrk command -> one table row
  local label=$1 file="$DB_DIR/$RANDOM.jfr" result requests
  shift
  jcmd "$SERVICE" JFR.start name=alloc settings=profile filename="$file" >/dev/null
  result=$("$@" | awk '/^RESULT/ {print $2, $3}')
  jcmd "$SERVICE" JFR.stop name=alloc >/dev/null
  requests=${result%% *}
  jfr print --json --events jdk.ThreadAllocationStatistics "$file" | python3 -c '
import json, sys
first, last = {}, {}
for event in json.load(sys.stdin)["recording"]["events"]:
    values = event["values"]
    thread = values["thread"]["javaThreadId"] if values.get("thread") else values["javaThreadId"] if "javaThreadId" in values else None
    thread = thread if thread is not None else str(values.get("thread"))
    first.setdefault(thread, values["allocated"])
    last[thread] = values["allocated"]
total = sum(last[t] - first[t] for t in last)
requests = int(sys.argv[2])
print("| %s | %d | %.0f | %.1f |" % (sys.argv[1], requests, total / 1048576, total / max(requests, 1) / 1024))
' "$label" "$requests"
}

echo
echo "Allocation per request, $(nproc) cores, -Xmx$HEAP ${JVM_OPTS-$LEAN_JVM_OPTS}, $CONNECTIONS connections, ${SECONDS_PER_PHASE} s per shape, $(date -u +%F)"
echo
echo "| shape | requests | MiB allocated | KiB per request |"
echo "|---|---:|---:|---:|"
measure "POST /events" post 1 0 "$SECONDS_PER_PHASE"
measure "POST /events with an Idempotency-Key" post 1 1 "$SECONDS_PER_PHASE"
measure "POST /operations, 100 events" post 100 0 "$SECONDS_PER_PHASE"
measure "an account's timeline, page of 50" get "$DB_DIR/timeline.paths" "$SECONDS_PER_PHASE"
measure "GET /events/{id}" get "$DB_DIR/byid.paths" "$SECONDS_PER_PHASE"
echo "| (service peak RSS) | $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SERVICE/status") | | |"
