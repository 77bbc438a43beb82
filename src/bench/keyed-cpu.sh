#!/usr/bin/env bash
# What bounds a keyed single post (not a test): CPU time per request of the service's JVM, its
# database (mariadbd) and the load generator, against the keyed-post ceiling (bench/JdbcKeyedPostCeiling:
# event, change, key row with its answer, commit) as a plain JDBC loop, the same ceiling begun as the
# service's transactions begin (asService: START TRANSACTION on an auto-committing connection), and
# begun as Micronaut's transaction manager did (autocommitSwitch: SET autocommit=0 ... =1). Fresh embedded
# database, 16 connections; ROUNDS alternating rounds of 15 s per side after the service's JIT settled (warm_until_jit_settles).
# CPU from /proc (user + system); the ceilings' over 11 s in the middle of their run.
# Settings: ROUNDS (3), PORT (18080), HEAP (256m), JVM_OPTS (default: LEAN_JVM_OPTS of service.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080}
source src/bench/service.sh # bench_build, start_service, wrk_cpu, ceiling_cpu, warm_until_jit_settles
bench_build
fresh_database keyed-cpu-db
# shellcheck disable=SC2086
start_service "$PORT" "${HEAP:-256m}" ${JVM_OPTS-$LEAN_JVM_OPTS} -Devent-store.embedded-db.disposable=true

service_run() { # -> "requests jvm_ms db_ms client_ms"
  wrk_cpu KEYED=1 EVENTS_PER_REQUEST=1 wrk -t2 -c16 -d15s --timeout 60s -s src/bench/ingest-events.lua "http://127.0.0.1:$PORT"
}
ceiling_run() { # [mode] -> "transactions 0 db_ms client_ms" over 11 s in the middle of a 15 s run
  ceiling_cpu 3 11 java -cp "$CP" io.eventstore.bench.JdbcKeyedPostCeiling \
    "jdbc:mysql://127.0.0.1:$DB_PORT/eventstore?sslMode=DISABLED&cachePrepStmts=true&useLocalSessionState=true" 15 16 "$@"
}

echo "warming up..." >&2
warm_until_jit_settles service_run
declare -A SUMS
for round in $(seq 1 "$ROUNDS"); do
  read -r n s d c < <(service_run); SUMS[service]+="$n $s $d $c 15;"
  read -r n s d c < <(ceiling_run); SUMS[ceiling]+="$n $s $d $c 11;"
  read -r n s d c < <(ceiling_run asService); SUMS[asService]+="$n $s $d $c 11;"
  read -r n s d c < <(ceiling_run autocommitSwitch); SUMS[autocommitSwitch]+="$n $s $d $c 11;"
  echo "round $round done" >&2
done

echo
echo "Keyed posts, CPU per request on $(nproc) cores, 16 connections, $ROUNDS rounds, $(date -u +%F);" \
  "service -Xmx${HEAP:-256m} ${JVM_OPTS-$LEAN_JVM_OPTS}"
echo
echo "| side | per s | service JVM ms | database ms | client ms | sum ms |"
echo "|---|---:|---:|---:|---:|---:|"
for side in service ceiling asService autocommitSwitch; do
  tr ';' '\n' <<< "${SUMS[$side]}" | awk -v side="$side" '
    NF == 5 {n += $1; s += $2; d += $3; c += $4; t += $5}
    END {label = side == "service" ? "POST /events with an Idempotency-Key (wrk)" : \
           side == "ceiling" ? "JDBC keyed post (the ceiling)" : \
           side == "asService" ? "the same begun with START TRANSACTION, as the service" : "the same with SET autocommit=0/1 around each"
         printf "| %s | %.0f | %.3f | %.3f | %.3f | %.3f |\n", label, n / t, s / n, d / n, c / n, (s + d + c) / n}'
done
