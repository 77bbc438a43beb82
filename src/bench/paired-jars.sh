#!/usr/bin/env bash
# Paired A/B of two builds (not a test): both run at once on one database, BEFORE with the embedded
# one and AFTER through DATASOURCES_DEFAULT_URL to it, with the same JVM options; the load goes to one
# of them at a time. PAIRS times, each shape (GET /events/{id}, a prospect's page of 50, a single
# POST) runs RUN_SECONDS against each side back to back, the side that goes first alternating. On
# this machine a slow period lasts seconds to minutes and moves every figure by up to half; two runs
# a few seconds apart see the same period, so the median of the per-pair ratios says more than two
# medians taken minutes apart (ab-jars.sh, one JVM at a time, restarted per round).
# Each run reports the rate and the service's CPU per request (user + system from /proc).
# Usage: bash src/bench/paired-jars.sh BEFORE.jar AFTER.jar
# Settings: PAIRS (8), RUN_SECONDS (10), SHAPES ("by-id timeline post"), WARM_PASSES (4: passes over the shapes on each side before
# measuring), HEAP (256m), JVM_OPTS (default LEAN_JVM_OPTS of service.sh), AB_DB_DIR, PORT (18090; AFTER
# on PORT+1); AFTER_ENV (VAR=value ..., given to AFTER only) and AFTER_URL_OPTIONS (&name=value...,
# appended to AFTER's JDBC URL): with the same jar on both sides they measure a setting alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=$1 AFTER=$2
PAIRS=${PAIRS:-8} SECS=${RUN_SECONDS:-10} WARM_PASSES=${WARM_PASSES:-4} HEAP=${HEAP:-256m} PORT=${PORT:-18090}
source src/bench/service.sh # LEAN_JVM_OPTS, wrk_rate_cpu, ab_inputs
JVM=${JVM_OPTS-$LEAN_JVM_OPTS}
export EVENT_STORE_EMBEDDED_DB_DIR=${AB_DB_DIR:-/var/tmp/event-store-ab}
mkdir -p "$EVENT_STORE_EMBEDDED_DB_DIR"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

declare -A PID
launch() { # side jar port [env...]
  local side=$1 jar=$2 port=$3
  shift 3
  # shellcheck disable=SC2086
  env "$@" MALLOC_ARENA_MAX=2 MICRONAUT_SERVER_PORT="$port" java -Xmx"$HEAP" $JVM -jar "$jar" > "target/paired-$side.log" 2>&1 &
  PID[$side]=$!
  until curl -s -o /dev/null "localhost:$port/events"; do
    kill -0 "${PID[$side]}" 2>/dev/null || { cat "target/paired-$side.log"; exit 1; }
    sleep 0.3
  done
}
trap 'kill ${PID[BEFORE]:-} ${PID[AFTER]:-} 2>/dev/null || true; wait 2>/dev/null || true' EXIT
launch BEFORE "$BEFORE" "$PORT"
DB_PORT=$(grep -o 'embedded MariaDB on port [0-9]*' target/paired-BEFORE.log | awk '{print $5}')
CREDENTIALS="$EVENT_STORE_EMBEDDED_DB_DIR/credentials"
# shellcheck disable=SC2086
launch AFTER "$AFTER" $((PORT + 1)) \
  DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED${AFTER_URL_OPTIONS:-}" \
  DATASOURCES_DEFAULT_USERNAME="$(sed -n 's/^user=//p' "$CREDENTIALS")" \
  DATASOURCES_DEFAULT_PASSWORD="$(sed -n 's/^password=//p' "$CREDENTIALS")" ${AFTER_ENV:-}
ab_inputs "$PORT" "$BEFORE" # TOKEN, ID, POST
SHAPES=${SHAPES:-"by-id timeline post"}
run() { # side shape seconds -> "rate cpu_ms_per_request"
  local port=$PORT args
  [ "$1" = AFTER ] && port=$((PORT + 1))
  case $2 in
    by-id) args=(-H "Authorization: Bearer $TOKEN" "http://localhost:$port/events/$ID") ;;
    timeline) args=(-H "Authorization: Bearer $TOKEN" "http://localhost:$port/events?filter%5Bprospect%5D%5Bid%5D=42&page%5Bsize%5D=50") ;;
    post) args=(-s "$POST" "http://localhost:$port/events") ;;
  esac
  wrk_rate_cpu "${PID[$1]}" -d"$3"s "${args[@]}"
}
echo "warming up both sides ($WARM_PASSES passes of 15 s per shape each)..." >&2
for _ in $(seq 1 "$WARM_PASSES"); do
  for shape in $SHAPES; do run BEFORE "$shape" 15 > /dev/null; run AFTER "$shape" 15 > /dev/null; done
done
declare -A RATE CPU RATIO CPURATIO
for pair in $(seq 1 "$PAIRS"); do
  for shape in $SHAPES; do
    if [ $((pair % 2)) -eq 1 ]; then order="BEFORE AFTER"; else order="AFTER BEFORE"; fi
    declare -A got=()
    for side in $order; do
      read -r rate cpu < <(run "$side" "$shape" "$SECS")
      got[$side.rate]=$rate got[$side.cpu]=$cpu
      RATE[$shape.$side]+="$rate " CPU[$shape.$side]+="$cpu "
    done
    RATIO[$shape]+="$(awk -v a="${got[AFTER.rate]}" -v b="${got[BEFORE.rate]}" 'BEGIN {printf "%.3f", a / b}') "
    CPURATIO[$shape]+="$(awk -v a="${got[AFTER.cpu]}" -v b="${got[BEFORE.cpu]}" 'BEGIN {printf "%.3f", a / b}') "
    echo "pair $pair $shape: BEFORE ${got[BEFORE.rate]}/s ${got[BEFORE.cpu]} ms, AFTER ${got[AFTER.rate]}/s ${got[AFTER.cpu]} ms" >&2
  done
done
rm -f "$POST"
# median / range FORMAT: of the numbers on standard input, printed with a printf format
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk -v f="$1" '{v[NR] = $1} END {printf f, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk -v f="$1" 'NR == 1 {lo = $1} {hi = $1} END {printf f "-" f, lo, hi}'; }
echo
echo "Paired runs on $(nproc) cores, $PAIRS pairs x $SECS s per shape and side, 16 connections, $(date -u +%F);" \
  "both sides -Xmx$HEAP $JVM${AFTER_ENV:+; AFTER with $AFTER_ENV}${AFTER_URL_OPTIONS:+; the JDBC URL of AFTER with $AFTER_URL_OPTIONS}"
echo
echo "| shape | BEFORE req/s | AFTER req/s | AFTER / BEFORE, median of pairs (range) | BEFORE CPU ms/req | AFTER CPU ms/req | AFTER / BEFORE CPU per request (range) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for shape in $SHAPES; do
  echo "| $shape | $(median %.0f <<< "${RATE[$shape.BEFORE]}") | $(median %.0f <<< "${RATE[$shape.AFTER]}")" \
    "| $(median %.2f <<< "${RATIO[$shape]}") ($(range %.2f <<< "${RATIO[$shape]}"))" \
    "| $(median %.3f <<< "${CPU[$shape.BEFORE]}") | $(median %.3f <<< "${CPU[$shape.AFTER]}")" \
    "| $(median %.2f <<< "${CPURATIO[$shape]}") ($(range %.2f <<< "${CPURATIO[$shape]}")) |"
done
