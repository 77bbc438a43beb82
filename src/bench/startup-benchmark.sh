#!/usr/bin/env bash
# Start-up benchmark (not a test): time from `java -jar` to the first answered request, on a warm
# embedded database (created, migrated and its development token minted by a first start that is
# not counted). Each round starts the packaged service, polls `GET /events?page[size]=1` with the
# token every 10 ms until it answers 200, then stops it with SIGTERM. Reports each round, the
# median and the range, and Micronaut's own "Startup completed" figure; the rounds alternate
# between a plain start and one with an application class-data archive (AppCDS: the classes the
# service loads, parsed and verified once by a training start with -XX:ArchiveClassesAtExit).
# Settings: ROUNDS (5), PORT (18090), HEAP (256m), JAVA_OPTS (default: LEAN_JVM_OPTS of service.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-18090}
HEAP=${HEAP:-256m}
source src/bench/service.sh # for LEAN_JVM_OPTS and SERVICE_MALLOC_ARENA_MAX
JAVA_OPTS=${JAVA_OPTS-$LEAN_JVM_OPTS}

[ -f target/event-store-0.1.0.jar ] || ./mvnw -q -B package -DskipTests
DB_DIR=$(mktemp -d -p "$PWD/target" startup-db-XXXXXX)
trap 'rm -rf "$DB_DIR"' EXIT
export EVENT_STORE_EMBEDDED_DB_DIR="$DB_DIR"

# shellcheck disable=SC2086
run_once() { # [extra JVM options] -> milliseconds to the first 200, and Micronaut's start-up time
  local log="$DB_DIR/service.log" started now code
  started=$(date +%s%N)
  MALLOC_ARENA_MAX="$SERVICE_MALLOC_ARENA_MAX" MICRONAUT_SERVER_PORT="$PORT" java -Xmx"$HEAP" $JAVA_OPTS "$@" -jar target/event-store-0.1.0.jar > "$log" 2>&1 &
  local pid=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${TOKEN:-none}" \
      "http://127.0.0.1:$PORT/events?page%5Bsize%5D=1" || true)
    [ "$code" = 200 ] && break
    [ -z "${TOKEN:-}" ] && grep -q "Startup completed" "$log" && break # the first start: no token yet
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.01
  done
  now=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  echo "$(( (now - started) / 1000000 )) $(grep -o 'Startup completed in [0-9]*ms' "$log" | grep -o '[0-9]*')"
}

echo "first start (creates the embedded database; not counted)..." >&2
run_once >/dev/null
TOKEN=$(cat "$DB_DIR/development-token")
run_once >/dev/null # the JVM's and the OS's caches warm too

ARCHIVE="$DB_DIR/event-store.jsa"
echo "training start for the class-data archive (not counted)..." >&2
run_once -XX:ArchiveClassesAtExit="$ARCHIVE" >/dev/null
[ -f "$ARCHIVE" ] || { echo "no archive was written" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=(); cds=()
for round in $(seq 1 "$ROUNDS"); do
  read -r ms micronaut < <(run_once)
  echo "round $round, plain: first answered request after $ms ms (Micronaut: startup completed in $micronaut ms)"
  plain+=("$ms")
  read -r ms micronaut < <(run_once -XX:SharedArchiveFile="$ARCHIVE")
  echo "round $round, AppCDS: first answered request after $ms ms (Micronaut: startup completed in $micronaut ms)"
  cds+=("$ms")
done
echo
echo "Start-up on $(nproc) cores, -Xmx$HEAP $JAVA_OPTS, $(date -u +%F), $ROUNDS rounds each:"
for mode in plain cds; do
  declare -n values=$mode
  sorted=$(printf '%s\n' "${values[@]}" | sort -n)
  echo "  $([ $mode = cds ] && echo "with -XX:SharedArchiveFile" || echo "plain java -jar"): median $(echo "$sorted" | median) ms," \
    "range $(echo "$sorted" | head -1)-$(echo "$sorted" | tail -1) ms"
done
