#!/usr/bin/env bash
# Prometheus beside Governor on the same SLOs: the CPU seconds and the resident memory each process
# spends while it evaluates N SLOs over 30 days of per-minute history with live traffic.
#
#   bench/prometheus-beside.sh [N_SLOS] [MEASURE_SECONDS]      e.g. bench/prometheus-beside.sh 500 180
#
# Both systems get the same N SLOs (99.9 % over 30 days rolling) and the same traffic
# (dev.governor.bench.PrometheusBeside says which):
#   - Prometheus 2.42 (Debian's /usr/bin/prometheus) evaluates the rules that `governor rules
#     prometheus` writes for them (Sloth-compatible recording and alerting rules), over counters
#     backfilled with `promtool tsdb create-blocks-from openmetrics` and then scraped live every 15 s;
#     the backfill also holds the 30 days of 5-minute error ratios that the recording rule would
#     have written, which Sloth's 30-day ratio reads back;
#   - Governor (`governor serve`, SQLite in a temporary directory) holds the same minutes as buckets
#     and gets the same counts live as events posted every 15 s. Prometheus scrapes Governor's
#     /metrics every 15 s too, as it would in production.
# After a warm-up the script reads utime+stime (/proc/PID/stat, in CPU seconds, not wall time) and
# VmRSS (/proc/PID/status) of each process at the start and end of the measurement and prints CPU
# seconds per minute, per evaluation cycle, resident memory and the ratios.
#
# Environment (all optional): DAYS (30), WARMUP (60 s), EVAL_INTERVAL (Prometheus's rule evaluation
# interval, 1m), GOVERNOR_PORT (18080), PROMETHEUS_PORT (19090), TARGET_PORT (19100), WORK (a
# directory for the data, default a new temporary one, removed at exit unless KEEP=1),
# GOVERNOR_JAVA_OPTS (JVM flags for Governor, default the ./governor launcher's, which starts it),
# BUILD (auto: build the jars when missing or older than the sources; 0: never; 1: always).
# Every process listens on 127.0.0.1 only, and every one started here is stopped at exit.
set -euo pipefail

N="${1:-50}"
MEASURE="${2:-180}"
DAYS="${DAYS:-30}"
WARMUP="${WARMUP:-60}"
EVAL_INTERVAL="${EVAL_INTERVAL:-1m}"
GOVERNOR_PORT="${GOVERNOR_PORT:-18080}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-19090}"
TARGET_PORT="${TARGET_PORT:-19100}"
BUILD="${BUILD:-auto}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI_JAR="$REPO/cli/target/governor.jar"
BENCH_JAR="$REPO/bench/target/benchmarks.jar"

die() { echo "prometheus-beside: $*" >&2; exit 2; }
say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N_SLOS must be a positive number, got '$N'"
[[ "$MEASURE" =~ ^[1-9][0-9]*$ ]] || die "MEASURE_SECONDS must be a positive number, got '$MEASURE'"
[[ "$DAYS" =~ ^[1-9][0-9]*$ && "$DAYS" -le 30 ]] \
  || die "DAYS must be 1 to 30 (the SLOs' window is 30 days; fewer days backfill part of it), got '$DAYS'"
[[ "$EVAL_INTERVAL" =~ ^[1-9][0-9]*(s|m)$ ]] || die "EVAL_INTERVAL must look like 30s or 1m, got '$EVAL_INTERVAL'"
[[ -r /proc/self/stat ]] || die "needs Linux /proc"

# Prometheus from the Debian package, as CI installs it (DEVELOPERS.md).
if [[ ! -x /usr/bin/prometheus || ! -x /usr/bin/promtool ]]; then
  [[ "$(id -u)" == 0 ]] || die "needs /usr/bin/prometheus and /usr/bin/promtool: apt-get install prometheus"
  say "installing the Debian package prometheus"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
  # The package starts its own service; this benchmark starts its own Prometheus.
  systemctl stop prometheus prometheus-node-exporter 2>/dev/null || true
fi
for tool in curl awk getconf; do command -v "$tool" >/dev/null || die "needs $tool"; done

# A JDK 21+, found as ./governor finds it: JAVA_HOME if new enough, else the newest under /usr/lib/jvm.
java_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$1/release" 2>/dev/null)"
  v="${v#1.}"; v="${v%%[.+-]*}"
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
  return 0
}
JDK=""
if [[ -n "${JAVA_HOME:-}" && "$(java_major "$JAVA_HOME")" -ge 21 ]] 2>/dev/null; then JDK="$JAVA_HOME"; fi
if [[ -z "$JDK" ]]; then
  best=0
  for dir in /usr/lib/jvm/*; do
    [[ -d "$dir" && ! -L "$dir" && -x "$dir/bin/java" ]] || continue
    major="$(java_major "$dir")"
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best" ]]; then JDK="$dir"; best="$major"; fi
  done
fi
[[ -n "$JDK" ]] || die "needs a JDK 21+ (JAVA_HOME or /usr/lib/jvm)"
JAVA="$JDK/bin/java"

stale() { [[ ! -f "$1" || -n "$(cd "$REPO" && find ./*/src ./*/pom.xml pom.xml -newer "$1" -print -quit 2>/dev/null)" ]]; }
if [[ "$BUILD" == 1 ]] || { [[ "$BUILD" == auto ]] && { stale "$CLI_JAR" || stale "$BENCH_JAR"; }; }; then
  say "building the governor and benchmark jars"
  (cd "$REPO" && ./mvnw -B -q -o -pl cli,bench -am package -DskipTests >&2) || die "the build failed"
fi
[[ -f "$CLI_JAR" && -f "$BENCH_JAR" ]] || die "missing $CLI_JAR or $BENCH_JAR (run with BUILD=1)"

for port in "$GOVERNOR_PORT" "$PROMETHEUS_PORT" "$TARGET_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port on 127.0.0.1 is taken; set the *_PORT variables"; fi
done

if [[ -n "${WORK:-}" ]]; then mkdir -p "$WORK"; else WORK="$(mktemp -d /tmp/prometheus-beside.XXXXXX)"; fi
PIDS=()
cleanup() {
  local pid i
  # Last started first: the traffic before the servers it feeds.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP:-0}" == 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# exec: started with &, the process itself is the one whose id cleanup and the measurement see.
bench() { exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" dev.governor.bench.PrometheusBeside "$@"; }

# wait_for URL SECONDS: until the URL answers 200, bounded.
wait_for() {
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || die "$1 did not answer within $2 s (logs in $WORK)"
    sleep 0.5
  done
}

# CPU seconds (utime+stime) of a process so far. The fields after the command name, which may hold
# spaces, start with field 3 (state), so utime and stime (fields 14, 15) are the 12th and 13th.
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# metric URL NAME: the sum of a metric's samples in a Prometheus text exposition (0 when absent).
metric() { curl -fsS --max-time 60 "$1" | awk -v name="$2" '$1 == name || index($1, name "{") == 1 {s += $2} END {printf "%.6f\n", s + 0}'; }
metric_count() { curl -fsS --max-time 60 "$1" | awk -v name="$2" '$1 == name || index($1, name "{") == 1 {n++} END {print n + 0}'; }

END_S=$(( $(date +%s) / 60 * 60 ))
START_S=$(( END_S - DAYS * 86400 ))
say "work directory $WORK; $N SLOs, $DAYS days of minutes until $(date -u -d "@$END_S" +%FT%TZ)"

# 1. The SLOs, twice: OpenSLO with pushed SLIs for Governor, Sloth with PromQL SLIs for Prometheus.
(bench specs "$N" "$DAYS" "$WORK/specs" >&2)
"$JAVA" -jar "$CLI_JAR" rules prometheus "$WORK/specs/sloth-slos.yaml" -o "$WORK/rules.yaml" >&2
promtool check rules "$WORK/rules.yaml" | grep SUCCESS >&2
RULE_GROUPS="$(grep -c '^- name:' "$WORK/rules.yaml")"

# 2. Prometheus's history. Blocks as long as the compactor's longest range or longer, so Prometheus
# does not spend the measurement compacting 360 two-hour blocks, and promtool reads the file a few
# times instead of once per 2 hours.
t0=$SECONDS
(bench openmetrics "$N" "$START_S" "$END_S" "$WORK/history.om" >&2)
promtool tsdb create-blocks-from openmetrics --max-block-duration="$((DAYS * 24))h" \
  "$WORK/history.om" "$WORK/prometheus" >"$WORK/promtool.log" 2>&1 \
  || { tail -n 20 "$WORK/promtool.log" >&2; die "promtool could not backfill"; }
rm -f "$WORK/history.om"
PROM_BACKFILL_S=$((SECONDS - t0))
say "Prometheus backfilled in ${PROM_BACKFILL_S} s ($(du -sh "$WORK/prometheus" | cut -f1))"

# 3. Governor's history: apply the SLOs to a fresh server, stop it, write the buckets, start again.
start_governor() {
  "$REPO/governor" serve --bind 127.0.0.1 --port "$GOVERNOR_PORT" \
    --data-dir "$WORK/governor" >>"$WORK/governor.log" 2>&1 &
  GOVERNOR_PID=$!
  PIDS+=("$GOVERNOR_PID")
}
stop_governor() {
  kill -TERM "$GOVERNOR_PID"
  for _ in $(seq 1 100); do kill -0 "$GOVERNOR_PID" 2>/dev/null || return 0; sleep 0.2; done
  die "Governor did not stop within 20 s"
}
t0=$SECONDS
start_governor
wait_for "http://127.0.0.1:$GOVERNOR_PORT/readyz" 60
curl -fsS --max-time 120 -X POST "http://127.0.0.1:$GOVERNOR_PORT/api/v1/slos" -H 'Content-Type: application/yaml' \
  --data-binary @"$WORK/specs/governor-slos.yaml" -o /dev/null || die "Governor refused the SLOs"
stop_governor
(bench buckets "$N" "$START_S" "$END_S" "$WORK/governor/governor.db" >&2)
GOV_BACKFILL_S=$((SECONDS - t0))
t0=$SECONDS
start_governor
wait_for "http://127.0.0.1:$GOVERNOR_PORT/readyz" 600
say "Governor backfilled in ${GOV_BACKFILL_S} s, ready $((SECONDS - t0)) s after its restart"

# 4. Prometheus, its rules and its scrapes.
cat >"$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 15s
  evaluation_interval: $EVAL_INTERVAL
rule_files: ['$WORK/rules.yaml']
scrape_configs:
  - job_name: bench
    static_configs: [{targets: ['127.0.0.1:$TARGET_PORT']}]
  - job_name: governor
    static_configs: [{targets: ['127.0.0.1:$GOVERNOR_PORT']}]
EOF
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus" \
  --storage.tsdb.retention.time="$((DAYS + 2))d" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
  >"$WORK/prometheus.log" 2>&1 &
PROMETHEUS_PID=$!
PIDS+=("$PROMETHEUS_PID")
wait_for "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" 300

# 5. Live traffic into both, for the warm-up and the measurement and a margin; it stops by itself.
bench traffic "$N" "$START_S" "$TARGET_PORT" "http://127.0.0.1:$GOVERNOR_PORT" "$((WARMUP + MEASURE + 60))" \
  >"$WORK/traffic.log" 2>&1 &
TRAFFIC_PID=$!
PIDS+=("$TRAFFIC_PID")
say "warming up for $WARMUP s (Prometheus evaluates $RULE_GROUPS rule groups every $EVAL_INTERVAL)"
sleep "$WARMUP"

# 6. The measurement.
PROM_METRICS="http://127.0.0.1:$PROMETHEUS_PORT/metrics"
GOV_METRICS="http://127.0.0.1:$GOVERNOR_PORT/metrics"
iterations() { metric "$PROM_METRICS" prometheus_rule_group_iterations_total; }
ticks() { metric "$GOV_METRICS" governor_evaluation_tick_duration_seconds_count; }
# The clock is read with the CPU counters, not after the metric reads: with 1,500 rule groups
# Prometheus's own /metrics takes seconds to answer under load.
p_cpu0=$(cpu_ticks "$PROMETHEUS_PID"); g_cpu0=$(cpu_ticks "$GOVERNOR_PID"); t_cpu0=$(cpu_ticks "$TRAFFIC_PID")
t_start=$(date +%s.%N)
p_it0=$(iterations); g_tick0=$(ticks)
LOAD_START="$(cat /proc/loadavg)"
say "measuring for $MEASURE s; load average $LOAD_START"
p_rss_max=0; g_rss_max=0; LOAD_MID=""
deadline=$((SECONDS + MEASURE))
while ((SECONDS < deadline)); do
  kill -0 "$PROMETHEUS_PID" 2>/dev/null || die "Prometheus died (log: $WORK/prometheus.log)"
  kill -0 "$GOVERNOR_PID" 2>/dev/null || die "Governor died (log: $WORK/governor.log)"
  r=$(rss_kib "$PROMETHEUS_PID"); ((r > p_rss_max)) && p_rss_max=$r
  r=$(rss_kib "$GOVERNOR_PID"); ((r > g_rss_max)) && g_rss_max=$r
  if [[ -z "$LOAD_MID" ]] && ((SECONDS >= deadline - MEASURE / 2)); then LOAD_MID="$(cat /proc/loadavg)"; fi
  sleep 5
done
p_cpu1=$(cpu_ticks "$PROMETHEUS_PID"); g_cpu1=$(cpu_ticks "$GOVERNOR_PID"); t_cpu1=$(cpu_ticks "$TRAFFIC_PID")
t_end=$(date +%s.%N)
p_it1=$(iterations); g_tick1=$(ticks)
p_rss=$(rss_kib "$PROMETHEUS_PID"); g_rss=$(rss_kib "$GOVERNOR_PID")
LOAD_END="$(cat /proc/loadavg)"
p_cycle_wall=$(metric "$PROM_METRICS" prometheus_rule_group_last_duration_seconds)
p_groups=$(metric_count "$PROM_METRICS" prometheus_rule_group_iterations_total)
failed=$(metric "$PROM_METRICS" prometheus_rule_evaluation_failures_total)
missed=$(metric "$PROM_METRICS" prometheus_rule_group_iterations_missed_total)

# 7. That both really hold the history: the 3-day (from the counters) and 30-day (from the recorded
# 5-minute ratios) error ratios of SLO 0 in Prometheus, 0.0005 when the backfill is read, and
# Governor's 30-day attainment of the same SLO, 0.9995.
prom_value() {
  curl -fsS --max-time 60 "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query" --data-urlencode "query=$1" \
    | sed -n 's/.*"value":\[[^,]*,"\([^"]*\)".*/\1/p'
}
p_check=$(prom_value 'slo:sli_error:ratio_rate3d{sloth_slo="slo-0"}')
p_check30=$(prom_value 'slo:sli_error:ratio_rate30d{sloth_slo="slo-0"}')
g_check=$(curl -fsS --max-time 10 "http://127.0.0.1:$GOVERNOR_PORT/api/v1/slos/bench-0/status" \
  | grep -o '"attainment":[0-9.eE+-]*' | head -n 1 | cut -d: -f2)
traffic_errors=$(grep -c 'traffic:.*\(refused\|not posted\)' "$WORK/traffic.log" || true)

awk -v n="$N" -v days="$DAYS" -v tck="$CLK_TCK" -v t0="$t_start" -v t1="$t_end" \
  -v pc0="$p_cpu0" -v pc1="$p_cpu1" -v gc0="$g_cpu0" -v gc1="$g_cpu1" -v tc0="$t_cpu0" -v tc1="$t_cpu1" \
  -v pit0="$p_it0" -v pit1="$p_it1" -v groups="$p_groups" -v gt0="$g_tick0" -v gt1="$g_tick1" \
  -v prss="$p_rss" -v prssmax="$p_rss_max" -v grss="$g_rss" -v grssmax="$g_rss_max" \
  -v pwall="$p_cycle_wall" -v failed="$failed" -v missed="$missed" -v eval="$EVAL_INTERVAL" \
  -v pcheck="${p_check:-none}" -v pcheck30="${p_check30:-none}" -v gcheck="${g_check:-none}" -v terr="$traffic_errors" \
  -v pbf="$PROM_BACKFILL_S" -v gbf="$GOV_BACKFILL_S" '
  BEGIN {
    minutes = (t1 - t0) / 60
    if (prss > prssmax) prssmax = prss
    if (grss > grssmax) grssmax = grss
    p = (pc1 - pc0) / tck / minutes; g = (gc1 - gc0) / tck / minutes; t = (tc1 - tc0) / tck / minutes
    pcycles = (groups > 0 ? (pit1 - pit0) / groups : 0)
    gcycles = gt1 - gt0
    printf "Prometheus beside Governor: %d SLOs, %d days of per-minute history, %.1f min measured\n", n, days, minutes
    printf "  backfill: Prometheus (openmetrics + promtool) %d s, Governor (buckets) %d s\n", pbf, gbf
    printf "  %-10s %14s %12s %18s %14s %14s\n", "", "CPU-s/min", "eval cycles", "CPU-s per cycle", "RSS MiB (end)", "RSS MiB (max)"
    printf "  %-10s %14.3f %12.1f %18.4f %14.0f %14.0f\n", "Prometheus", p, pcycles,
      (pcycles > 0 ? p * minutes / pcycles : 0), prss / 1024, prssmax / 1024
    printf "  %-10s %14.3f %12.0f %18.4f %14.0f %14.0f\n", "Governor", g, gcycles,
      (gcycles > 0 ? g * minutes / gcycles : 0), grss / 1024, grssmax / 1024
    printf "  Prometheus evaluates %d rule groups every %s, one cycle taking %.3f s of wall time (rule failures %d, missed iterations %d)\n",
      groups, eval, pwall, failed, missed
    printf "  Governor ticks every 10 s by default; its CPU includes ingestion, /metrics and every poller\n"
    printf "  the load generator (not counted) spent %.3f CPU-s/min\n", t
    printf "  check (0.0005 and 0.9995 expected): Prometheus slo-0 error ratio 3d %s, 30d %s; Governor bench-0 attainment %s; failed event posts %d\n",
      pcheck, pcheck30, gcheck, terr
    printf "RATIO CPU per minute Prometheus/Governor = %.1fx; resident memory Prometheus/Governor = %.2fx\n",
      (g > 0 ? p / g : 0), (grss > 0 ? prss / grss : 0)
  }'
echo "load average: start $LOAD_START | middle ${LOAD_MID:-n/a} | end $LOAD_END"
echo "machine: $(nproc) CPUs, $(awk '/^model name/ {sub(/^[^:]*: /, ""); print; exit}' /proc/cpuinfo), $(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; kernel $(uname -r)"
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1) ($JAVA); $(prometheus --version 2>&1 | head -n 1)"
