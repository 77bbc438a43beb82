#!/usr/bin/env bash
# A private MariaDB server from the machine's packages (Debian's mariadb-server: 10.11) with its
# own data directory on a free loopback port, for the test suite's second run.
#   .ci/mariadb.sh start DIR   -> prints the JDBC URL on stdout (the server's log is DIR/server.log)
#   .ci/mariadb.sh stop DIR
set -euo pipefail
action=${1:?start or stop}; dir=${2:?data directory}
case "$action" in
start)
    rm -rf "$dir"; mkdir -p "$dir"
    mariadb-install-db --no-defaults --user=root --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db >"$dir/install.log" 2>&1
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mariadbd --no-defaults --user=root --datadir="$dir/data" --port="$port" --socket="$dir/mysqld.sock" \
        --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=256M --max-connections=500 \
        --log-error="$dir/server.log" >"$dir/stdout.log" 2>&1 &
    for _ in $(seq 1 120); do
        if mariadb --no-defaults -uroot -S "$dir/mysqld.sock" -e 'CREATE DATABASE IF NOT EXISTS eventstore' 2>/dev/null; then
            echo "$port" >"$dir/port"
            echo "jdbc:mysql://127.0.0.1:$port/eventstore?sslMode=DISABLED"
            exit 0
        fi
        sleep 0.5
    done
    echo "MariaDB did not start; see $dir/server.log" >&2; exit 1 ;;
stop)
    if [ -f "$dir/mysqld.pid" ]; then kill "$(cat "$dir/mysqld.pid")" 2>/dev/null || true; fi
    for _ in $(seq 1 60); do [ -f "$dir/mysqld.pid" ] || exit 0; sleep 0.5; done ;;
esac
