#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, from Debian's mariadb-server and galera-4.
#   galera.sh start DIR        start nodes 1-3 (node 1 bootstraps the cluster), wait until synced
#   galera.sh kill DIR N       kill -9 node N
#   galera.sh restart DIR N    start node N again (it rejoins by IST/SST) and wait until it is synced
#   galera.sh stop DIR         stop every node
#   galera.sh port N           the SQL port of node N
# Nodes run as the mysql user: with user=root the rsync SST daemon writes as nobody and fails.
set -euo pipefail
BASE_PORT=${GALERA_BASE_PORT:-43300}
sql_port() { echo $((BASE_PORT + $1)); }
group_port() { echo $((BASE_PORT + 10 + $1)); }
ist_port() { echo $((BASE_PORT + 20 + $1)); }
sst_port() { echo $((BASE_PORT + 30 + $1)); }

config() { # DIR N
    local dir=$1 n=$2 peers=""
    for i in 1 2 3; do peers="$peers${peers:+,}127.0.0.1:$(group_port "$i")"; done
    cat >"$dir/node$n.cnf" <<CNF
[mysqld]
user=mysql
datadir=$dir/node$n/data
socket=$dir/node$n/mysqld.sock
pid-file=$dir/node$n/mysqld.pid
log-error=$dir/node$n/error.log
port=$(sql_port "$n")
bind-address=127.0.0.1
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=128M
max_connections=300
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=event-store-test
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1
wsrep_cluster_address=gcomm://$peers
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(group_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=64M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(sst_port "$n")
CNF
}

client() { # DIR N SQL
    mariadb --no-defaults -uroot -S "$1/node$2/mysqld.sock" -N -e "$3"
}

await_synced() { # DIR N
    for _ in $(seq 1 240); do
        if [ "$(client "$1" "$2" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}')" = "Synced" ]; then
            return 0
        fi
        sleep 0.5
    done
    echo "node $2 did not sync; see $1/node$2/error.log" >&2
    return 1
}

launch() { # DIR N [extra]
    local dir=$1 n=$2
    shift 2
    mariadbd --defaults-file="$dir/node$n.cnf" "$@" >>"$dir/node$n/stdout.log" 2>&1 &
}

case "${1:?start, kill, restart, stop or port}" in
start)
    dir=${2:?directory}
    rm -rf "$dir"
    mkdir -p "$dir"
    for n in 1 2 3; do
        mkdir -p "$dir/node$n"
        config "$dir" "$n"
        mariadb-install-db --no-defaults --user=mysql --datadir="$dir/node$n/data" --wsrep-on=OFF \
            --auth-root-authentication-method=normal --skip-test-db >"$dir/node$n/install.log" 2>&1
    done
    chown -R mysql:mysql "$dir"
    chmod 755 "$dir"
    launch "$dir" 1 --wsrep-new-cluster
    await_synced "$dir" 1
    client "$dir" 1 "CREATE DATABASE IF NOT EXISTS eventstore;
        CREATE USER IF NOT EXISTS 'eventstore'@'127.0.0.1' IDENTIFIED BY 'eventstore';
        GRANT ALL ON *.* TO 'eventstore'@'127.0.0.1'"
    for n in 2 3; do launch "$dir" "$n"; await_synced "$dir" "$n"; done
    echo "cluster of 3 synced: SQL ports $(sql_port 1), $(sql_port 2), $(sql_port 3)" ;;
kill)
    dir=${2:?directory}; n=${3:?node}
    kill -9 "$(cat "$dir/node$n/mysqld.pid")"
    rm -f "$dir/node$n/mysqld.pid" ;;
restart)
    dir=${2:?directory}; n=${3:?node}
    launch "$dir" "$n"
    await_synced "$dir" "$n" ;;
stop)
    dir=${2:?directory}
    for n in 3 2 1; do
        [ -f "$dir/node$n/mysqld.pid" ] && kill "$(cat "$dir/node$n/mysqld.pid")" 2>/dev/null || true
    done
    for n in 1 2 3; do
        for _ in $(seq 1 60); do [ -f "$dir/node$n/mysqld.pid" ] || break; sleep 0.5; done
    done ;;
port)
    sql_port "${2:?node}" ;;
esac
