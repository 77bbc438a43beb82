#!/usr/bin/env bash
# The cluster test: three MariaDB Galera nodes and three service instances on loopback (see
# docs/cluster.md for what it shows and today's output). As root on a Debian machine:
#   bash src/cluster/cluster-test.sh        (about 2 minutes; installs mariadb-server, galera-4, rsync)
# Phases: instances started at once on an empty cluster (three rounds), concurrent keyed ingest,
# shared-update batches, read-your-writes across nodes, and a node killed (then rejoined) under
# keyed ingest. Each phase prints lost / duplicated / 5xx (503 with Retry-After is allowed); the
# script exits non-zero when any of them is not 0.
# CLUSTER_PHASES picks some of: starts keyed batches read-your-writes kill (default: all).
set -euo pipefail
cd "$(dirname "$0")/../.."
PHASES=" ${CLUSTER_PHASES:-starts keyed batches read-your-writes kill} "
phase() { [[ "$PHASES" == *" $1 "* ]]; }
DIR=${CLUSTER_DIR:-/tmp/event-store-cluster}
JAR=target/event-store-0.1.0.jar
HTTP_BASE=${CLUSTER_HTTP_BASE_PORT:-18080}
galera=src/cluster/galera.sh

if ! command -v mariadbd >/dev/null || [ ! -f /usr/lib/galera/libgalera_smm.so ] || ! command -v rsync >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server galera-4 rsync >/dev/null
fi
[ -f "$JAR" ] || ./mvnw -B -DskipTests package
INSTANCES=()
stop_instances() {
    for pid in "${INSTANCES[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    for pid in "${INSTANCES[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
    INSTANCES=()
}
trap 'stop_instances; $galera stop "$DIR"' EXIT

echo "== starting three Galera nodes"
$galera start "$DIR"
P=("" "$($galera port 1)" "$($galera port 2)" "$($galera port 3)")
sql() { mariadb --no-defaults -uroot -S "$DIR/node$1/mysqld.sock" -N -e "$2"; }

# instance i talks to node i first and fails over to the others (failOverReadOnly=false: a
# failed-over connection still writes)
db_url() {
    local i=$1 hosts="127.0.0.1:${P[$1]}"
    for j in 1 2 3; do [ "$j" = "$i" ] || hosts="$hosts,127.0.0.1:${P[$j]}"; done
    echo "jdbc:mysql://$hosts/eventstore?sslMode=DISABLED&failOverReadOnly=false"
}

start_instances_at_once() {
    for i in 1 2 3; do
        DATASOURCES_DEFAULT_URL=$(db_url "$i") DATASOURCES_DEFAULT_USERNAME=eventstore DATASOURCES_DEFAULT_PASSWORD=eventstore \
            MICRONAUT_SERVER_PORT=$((HTTP_BASE + i)) java -Xmx384m -jar "$JAR" >"$DIR/instance$i.log" 2>&1 &
        INSTANCES+=($!)
    done
    for i in 1 2 3; do
        for _ in $(seq 1 240); do
            grep -q "Startup completed" "$DIR/instance$i.log" && break
            if ! kill -0 "${INSTANCES[$((i - 1))]}" 2>/dev/null; then
                echo "instance $i died at start-up:"; tail -20 "$DIR/instance$i.log"; return 1
            fi
            sleep 0.5
        done
    done
}

failed=0
rounds="1 2 3"
phase starts || rounds=3
echo "== instances started at once on an empty cluster, $(echo $rounds | wc -w) round(s)"
for round in $rounds; do
    sql 1 "DROP DATABASE IF EXISTS eventstore; CREATE DATABASE eventstore"
    start_instances_at_once || failed=1
    history=$(sql $((round % 3 + 1)) "SELECT GROUP_CONCAT(CONCAT(version, ':', n, ':', ok) ORDER BY version) FROM
        (SELECT version, COUNT(*) n, MIN(success) ok FROM eventstore.flyway_schema_history GROUP BY version) h")
    waited=$(grep -l "waiting for another instance's schema migration" "$DIR"/instance?.log | wc -l)
    echo "round $round: all 3 started; history (version:times:success) $history; $waited instance(s) waited for the lock"
    [ "$history" = "0:1:1,1:1:1,2:1:1,3:1:1,4:1:1,5:1:1" ] || { echo "  WRONG HISTORY"; failed=1; }
    [ "$round" = 3 ] || stop_instances
done

TOKEN=$(DATASOURCES_DEFAULT_URL=$(db_url 1) DATASOURCES_DEFAULT_USERNAME=eventstore DATASOURCES_DEFAULT_PASSWORD=eventstore \
    java -jar "$JAR" admin token create --org default --scopes events.all --name cluster-test --rate-limit 2000000000 2>/dev/null)
URLS="http://127.0.0.1:$((HTTP_BASE + 1)),http://127.0.0.1:$((HTTP_BASE + 2)),http://127.0.0.1:$((HTTP_BASE + 3))"
load() { python3 src/cluster/cluster_load.py "$@" --instances "$URLS" --token "$TOKEN"; }

echo "== load (lost / duplicated / 5xx per phase)"
if phase keyed; then load keyed --keys 300 || failed=1; fi
if phase batches; then load batches --batches 30 || failed=1; fi
if phase read-your-writes; then load read-your-writes --keys 600 || failed=1; fi
if phase kill; then
load ingest-for --seconds 45 &
loader=$!
sleep 10
echo "   (kill -9 of node 3 at +10 s)"
$galera kill "$DIR" 3
sleep 12
echo "   (node 3 restarted at +22 s)"
$galera restart "$DIR" 3
echo "   (node 3 synced again)"
wait "$loader" || failed=1
fi

cluster_size=$(sql 1 "SHOW STATUS LIKE 'wsrep_cluster_size'" | awk '{print $2}')
echo "== cluster size at the end: $cluster_size"
if [ "$failed" = 0 ]; then echo "== PASSED"; else echo "== FAILED"; fi
exit "$failed"
