#!/usr/bin/env bash
# What the document writer alone costs (not a test): api/WriterCost writes a timeline's page of 50
# events, shaped as the 10M data set's, on one thread of a JVM that does nothing else, and prints the
# microseconds per page and per event of ROUNDS rounds of RUN_SECONDS after a warm-up, then their
# median. No service and no database: the least a page's document costs, beside the floor of a
# request and the ceiling's own statement (docs/benchmarks.md#what-bounds-the-timelines).
# Settings: RUN_SECONDS (5), ROUNDS (5), JVM_OPTS (default: LEAN_JVM_OPTS of service.sh, -Xmx256m).
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh # bench_build, LEAN_JVM_OPTS
bench_build
# shellcheck disable=SC2086
java -Xmx256m ${JVM_OPTS-$LEAN_JVM_OPTS} -cp "$CP" io.eventstore.api.WriterCost "${RUN_SECONDS:-5}" "${ROUNDS:-5}"
