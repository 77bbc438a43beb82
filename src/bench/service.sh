# Sourced by the benchmark scripts: starts the packaged service in the background and waits until
# it answers. Sets SERVICE (its pid), DB_PORT and DB_PID (its embedded database's port and process);
# stops it on exit.
# Then mints TOKEN (exported for the wrk scripts): org 1, every scope, a budget no benchmark meets;
# and exports BENCH_DB_USER / BENCH_DB_PASSWORD, the embedded database's account.
# Usage: start_service PORT HEAP [extra JVM options...]   (SERVICE_JAR: another build than target/)

# The JVM options of a lean service (docs/benchmarks.md#lean-and-fast): with -Xmx256m they keep the
# process under 512 MiB resident in every ingest shape: a serial collector (no concurrent GC threads
# or remembered sets on 2 cores), bounded code cache, metaspace, thread stacks and direct buffers.
LEAN_JVM_OPTS="-XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -Xss512k -XX:MaxDirectMemorySize=96m"
# The driver settings of the read ceilings' JDBC URL (query-benchmark.sh, cpu-per-request.sh): the
# ones of application.yml that change how a read is sent and decoded, so that the ceiling gets what the
# service gets (prepared statements on the client, each result set's column definitions decoded once).
READ_CEILING_URL_OPTIONS="sslMode=DISABLED&connectionTimeZone=UTC&cachePrepStmts=true&useServerPrepStmts=false&cacheResultSetMetadata=true"
# ...and glibc's malloc with two arenas instead of one per thread up to 8 per core: about 100 MiB of
# the process's native memory is outside the JVM's own accounting, mostly those arenas' free space;
# with 2 the ingest shapes peaked 40 MiB lower at the same rates (docs/benchmarks.md#memory).
# Given to the service's process only (its embedded MariaDB inherits it); SERVICE_MALLOC_ARENA_MAX=
# (empty) keeps glibc's default.
SERVICE_MALLOC_ARENA_MAX=${SERVICE_MALLOC_ARENA_MAX-2}
# Every script's tools: wrk (from Debian's packages when missing), the packaged service, and the
# test classpath of the benchmark tools in CP (target/bench.classpath).
bench_build() {
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  ./mvnw -q -B package -DskipTests
  ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
}

# The generated data set of the read benchmarks in DATA_DIR: EVENTS events (GenerateEvents), made on
# first use (tens of minutes); needs CP and EVENT_STORE_EMBEDDED_DB_DIR set to DATA_DIR.
generated_events() {
  if [ ! -d "$DATA_DIR/data" ]; then
    echo "generating $EVENTS events into $DATA_DIR (minutes)..." >&2
    java -cp "$CP" io.eventstore.bench.GenerateEvents "$EVENTS" 2 >&2
  fi
}

# CPU time (user + system) a process has used so far, in ms, from /proc.
CLOCK_TICKS=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$CLOCK_TICKS" '{printf "%.0f", ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }

# Waits until the given processes are quiet (under 50 ms of CPU together in 0.5 s, at most 15 s): a
# server may still be finishing the requests in flight when its load generator stops, and the next
# run must not pay for them. Usage: settle PID...
settle() {
  local before
  for _ in $(seq 1 30); do
    before=$(cpu_ms_of "$@")
    sleep 0.5
    (( $(cpu_ms_of "$@") - before < 50 )) && return 0
  done
}
cpu_ms_of() { local pid sum=0; for pid in "$@"; do sum=$(( sum + $(cpu_ms "$pid") )); done; echo "$sum"; }

# CPU of one load-generating run against the service, from /proc: prints "requests service_ms
# database_ms client_ms" (the client: the command's own user + system time). Needs SERVICE and
# DB_PID. Usage: wrk_cpu [VAR=value...] wrk ARGS (the run's RESULT line gives the requests)
wrk_cpu() {
  local s0 d0 out
  s0=$(cpu_ms "$SERVICE"); d0=$(cpu_ms "$DB_PID")
  out=$( { /usr/bin/time -f "TIME %U %S" env "$@"; } 2>&1)
  echo "$(awk '/^RESULT/ {print $2}' <<< "$out") $(( $(cpu_ms "$SERVICE") - s0 )) $(( $(cpu_ms "$DB_PID") - d0 ))" \
    "$(awk '/^TIME/ {printf "%.0f", ($2 + $3) * 1000}' <<< "$out")"
}
# One wrk run at 16 connections against a service process: prints "rate cpu_ms_per_request", the
# service's user + system time from /proc over the requests wrk completed (the other processes on the
# two cores disturb it less than the rate). Usage: wrk_rate_cpu PID WRK_ARGS... (with -d)
wrk_rate_cpu() {
  local pid=$1 before out
  shift
  before=$(cpu_ms "$pid")
  out=$(wrk -t2 -c16 "$@")
  awk -v cpu=$(( $(cpu_ms "$pid") - before )) '/requests in/ {n = $1} /Requests\/sec/ {r = $2} END {printf "%.0f %.3f\n", r, cpu / n}' <<< "$out"
}

# The A/B scripts' inputs, from a running service on PORT: mints TOKEN with JAR's admin command, posts
# 200 events for prospect 42 (the timeline shape), sets ID to one of them (the by-id shape) and POST
# to a wrk script of single posts (removed on exit by the caller).
# Usage: ab_inputs PORT JAR
ab_inputs() {
  local port=$1 jar=$2
  TOKEN=$(java -jar "$jar" admin token create --org default --scopes events.all --name ab --rate-limit 2000000000 2>/dev/null)
  for _ in $(seq 1 200); do
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/vnd.api+json' \
      -d '{"data":{"type":"event","attributes":{"name":"seed"},"relationships":{"prospect":{"data":{"type":"prospect","id":"42"}}}}}' \
      "localhost:$port/events"
  done
  ID=$(curl -s -g -H "Authorization: Bearer $TOKEN" "localhost:$port/events?page[size]=1" | sed -E 's/.*"data":\[\{"id":"([0-9]+)".*/\1/')
  POST=$(mktemp --suffix=.lua)
  cat > "$POST" <<LUA
wrk.method = "POST"
wrk.body = '{"data":{"type":"event","attributes":{"name":"ab_post"},"relationships":{"prospect":{"data":{"type":"prospect","id":"7"}}}}}'
wrk.headers["Content-Type"] = "application/vnd.api+json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
}

# CPU of a plain-JDBC ceiling: runs the command in the background (its last line starts with its
# rate per second), samples the database's and its own CPU from FROM seconds in for WINDOW seconds
# (its warm-up and end left out) and prints "operations_in_the_window 0 database_ms client_ms".
# A command that prints a line "measuring" when its measured phase starts (QueryBenchmark ceiling,
# whose warm-up lasts until its JIT settles) is sampled from FROM seconds after that line instead.
# Needs DB_PID. Usage: ceiling_cpu FROM WINDOW command...
ceiling_cpu() {
  local from=$1 window=$2 out=target/ceiling-cpu.out pid d0 c0 d1 c1
  shift 2
  : > "$out"
  "$@" > "$out" 2>/dev/null &
  pid=$!
  if [ "${CEILING_ANNOUNCES:-}" = 1 ]; then
    until grep -q '^measuring' "$out"; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  sleep "$from"; d0=$(cpu_ms "$DB_PID"); c0=$(cpu_ms "$pid")
  sleep "$window"; d1=$(cpu_ms "$DB_PID"); c1=$(cpu_ms "$pid")
  wait "$pid"
  echo "$(tail -n 1 "$out" | awk -v w="$window" '{printf "%.0f", $1 * w}') 0 $(( d1 - d0 )) $(( c1 - c0 ))"
}

# The JIT's share of the service's CPU, to warm up until the service runs its steady code: on 2
# cores the compiler threads take a third of the JVM's CPU for the first minute of load and the
# rate climbs with every pass (docs/benchmarks.md#how-long-to-warm-up). jit_mark starts a window, jit_share
# prints the percentage of the service JVM's CPU its C1 and C2 compiler threads used since.
jit_ticks() { # "compiler_ticks all_ticks" of the service's threads so far (a thread may end meanwhile)
  cat /proc/"$SERVICE"/task/*/stat 2>/dev/null | awk '{
    # "tid (name) state ...": the name may hold spaces ("C2 CompilerThre"); utime and stime follow it
    rest = substr($0, index($0, ") ") + 2); split(rest, f, " "); ticks = f[12] + f[13]
    all += ticks; if ($0 ~ /^[0-9]+ \(C[12] CompilerThre\)/) jit += ticks
  } END {print jit + 0, all + 0}'
}
jit_mark() { JIT_MARK=$(jit_ticks); }
jit_share() {
  awk -v now="$(jit_ticks)" -v mark="$JIT_MARK" 'BEGIN {split(now, n, " "); split(mark, m, " ");
    all = n[2] - m[2]; printf "%.1f", (all > 0 ? 100 * (n[1] - m[1]) / all : 0)}'
}
# Runs a warm-up pass (the command given: the benchmark's shapes, once each) at least twice, then
# until the JIT took under JIT_SETTLED_PERCENT (5) of the service's CPU during a pass, at most
# WARMUP_MAX_PASSES (10) times; says on stderr what each pass saw. Exported, both settings also end
# the warm-up of QueryBenchmark's read ceilings, which read them with the same defaults.
warm_until_jit_settles() {
  local pass share
  for pass in $(seq 1 "${WARMUP_MAX_PASSES:-10}"); do
    jit_mark
    "$@" > /dev/null
    share=$(jit_share)
    echo "warm-up pass $pass: the JIT took $share% of the service's CPU" >&2
    if [ "$pass" -ge 2 ] && awk -v s="$share" -v t="${JIT_SETTLED_PERCENT:-5}" 'BEGIN {exit !(s < t)}'; then
      return 0
    fi
  done
  echo "warning: the JIT had not settled after $pass warm-up passes" >&2
}

# A fresh embedded database directory under target/ for one run (removed when the script exits):
# sets DB_DIR and exports it as the service's EVENT_STORE_EMBEDDED_DB_DIR. Usage: fresh_database PREFIX
fresh_database() {
  DB_DIR=$(mktemp -d -p "$PWD/target" "$1-XXXXXX")
  export EVENT_STORE_EMBEDDED_DB_DIR="$DB_DIR"
  BENCH_CLEANUP="rm -rf $DB_DIR"
}

start_service() {
  local port=$1 heap=$2
  shift 2
  MALLOC_ARENA_MAX="$SERVICE_MALLOC_ARENA_MAX" MICRONAUT_SERVER_PORT="$port" java -Xmx"$heap" "$@" -jar "${SERVICE_JAR:-target/event-store-0.1.0.jar}" > target/bench-service.log 2>&1 &
  SERVICE=$!
  trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true; ${BENCH_CLEANUP:-true}' EXIT
  for _ in $(seq 1 1800); do  # a first start on a large database may run migrations for minutes
    grep -q "Startup completed" target/bench-service.log && break
    kill -0 "$SERVICE" 2>/dev/null || { cat target/bench-service.log; exit 1; }
    sleep 1
  done
  DB_PORT=$(grep -o 'embedded MariaDB on port [0-9]*' target/bench-service.log | awk '{print $5}')
  # its embedded database's process, the newest: an earlier run's may still be stopping
  DB_PID=$(pgrep -n -f "datadir=$(readlink -f "${EVENT_STORE_EMBEDDED_DB_DIR:-$HOME/.event-store/mariadb}")/data")
  # the embedded database's own account, for the plain-JDBC ceilings (bench/BenchDatabase)
  local credentials="${EVENT_STORE_EMBEDDED_DB_DIR:-$HOME/.event-store/mariadb}/credentials"
  BENCH_DB_USER=$(sed -n 's/^user=//p' "$credentials")
  BENCH_DB_PASSWORD=$(sed -n 's/^password=//p' "$credentials")
  export BENCH_DB_USER BENCH_DB_PASSWORD
  TOKEN=$(java -jar "${SERVICE_JAR:-target/event-store-0.1.0.jar}" admin token create --org default --scopes events.all \
    --name benchmark --rate-limit 2000000000)
  export TOKEN
}
