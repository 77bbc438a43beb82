# Sourced by the benchmarks that compare ingest between two builds or settings (stream-benchmark.sh,
# webhook-benchmark.sh): one wrk phase, and the medians and ranges of the rounds as table rows.
# Needs CONNECTIONS and PORT; phase() needs TOKEN (service.sh exports it).
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
range() { tr ' ' '\n' | grep . | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }
phase() { # events per request, seconds -> events/s
  EVENTS_PER_REQUEST=$1 wrk -t2 -c"$CONNECTIONS" -d"$2"s --timeout 60s -s src/bench/ingest-events.lua \
    "http://127.0.0.1:$PORT" | awk -v p="$1" '/^RESULT/ {printf "%.0f\n", $2 * p / $3}'
}
# ingest_rows A B: the rows of the associative arrays batch[] and single[] (space-separated events/s
# per round, by mode), A the reference and B compared with it
ingest_rows() {
  local a=$1 b=$2 mode ma mb label
  for mode in batch single; do
    local -n values=$mode
    ma=$(echo "${values[$a]}" | median); mb=$(echo "${values[$b]}" | median)
    label="POST /operations, 1,000 events per request"; [ "$mode" = single ] && label="POST /events, 1 event per request"
    echo "| $label (events/s) | $ma ($(echo "${values[$a]}" | range)) | $mb ($(echo "${values[$b]}" | range)) | $(awk -v x="$mb" -v y="$ma" 'BEGIN {printf "%.0f%%", 100 * x / y}') |"
  done
}
