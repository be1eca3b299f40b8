#!/usr/bin/env bash
# Isolation benchmark (not a test): does a deblur backlog slow ingest? C-STORE round trips into a gateway with
# FRAMES frames waiting for workers that never come, against an identical idle gateway, side by side in one run.
#
#   bench/isolation.sh          uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... ROUNDS=5 WARMUP=1 FRAMES=500 FRAME_SIZE=512 PROBE=200 HEAP=2g bench/isolation.sh
#
# Both gateways: the same jar and rules (CR -> deblur, everything else -> pass, both to a storescp --ignore),
# gateway.deblur.workers=0 and no worker process, so every frame stays on deblur.frames. The backlog gateway first
# receives FRAMES single-frame CR objects of FRAME_SIZE^2 16-bit: their frames are queued (checked on /q/metrics
# before and after the rounds) and their originals forwarded; the idle gateway as many OT objects of that size, passed
# and forwarded, so that both have done the same amount of receiving (JIT) before the rounds. Then each round sends PROBE objects (256x256 OT, passed
# and forwarded) on one association to each gateway, one after the other (the order alternates per round); every
# C-STORE's round trip comes from storescu's time-stamped log (bench/storescu-log.cfg, bench/load_driver.py).
# Writes bench/results/isolation.md (and isolation.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
rounds="${ROUNDS:-5}"
warmup="${WARMUP:-1}"
frames="${FRAMES:-500}"
frame_size="${FRAME_SIZE:-512}"
probe="${PROBE:-200}"
heap="${HEAP:-2g}" # bin/gateway's default: the embedded broker then holds 512M in memory before paging
driver="$root/bench/load_driver.py"
bench_require_jar
bench_require_tools "dcmtk" storescu storescp echoscu curl
git_state="$(bench_git_state)"

work="$(mktemp -d /tmp/deblur-isolation.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [[ -n "${KEEP_LOGS:-}" ]] && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cpu="$(bench_cpu_model)"
uptime_start="$(uptime)"

echo "isolation.sh: generating $frames backlog objects and $(( (warmup + rounds) * 2 )) x $probe probe objects" >&2
"$py" -W ignore "$driver" generate "$work/backlog" --associations 1 --per-association "$frames" --deblur-every 1 \
  --deblur-size "$frame_size" --prefix backlog > /dev/null
# The idle gateway receives as many objects of the same size, passed instead of deblurred: both are as warm (JIT).
"$py" -W ignore "$driver" generate "$work/warm" --associations 1 --per-association "$frames" --pass-size "$frame_size" \
  --prefix warm > /dev/null
"$py" -W ignore "$driver" generate "$work/probe" --associations $(( (warmup + rounds) * 2 )) --per-association "$probe" \
  --prefix probe > /dev/null

pacs_port=$(free_port)
TCP_NODELAY=1 storescp --fork --ignore -aet PACS "$pacs_port" > "$work/storescp.log" 2>&1 &
pids+=("$!")
cat > "$work/rules.yaml" <<YAML
destinations:
  pacs: {ae-title: PACS, host: 127.0.0.1, port: $pacs_port}
rules:
  - name: deblur-cr
    match: {modality: CR}
    action: deblur
    forward-original: true
    destinations: [pacs]
  - name: default
    action: pass
    destinations: [pacs]
YAML

start_gateway() { # name -> gw_<name>_dicom / gw_<name>_http
  local name="$1" dicom http broker pid
  dicom=$(free_port); http=$(free_port); broker=$(free_port)
  GATEWAY_DICOM_PORT=$dicom GATEWAY_DATA_DIR="$work/$name-data" GATEWAY_RULES_FILE="$work/rules.yaml" \
  GATEWAY_BROKER_EMBEDDED_PORT=$broker QUARKUS_HTTP_PORT=$http QUARKUS_HTTP_HOST=127.0.0.1 \
  GATEWAY_DEBLUR_WORKERS=0 GATEWAY_HEALTH_LOAD_RULE_MODELS=false \
    java -Xmx"$heap" $(bench_jvm_options) ${JAVA_OPTS:-} -jar "$jar" > "$work/$name.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 1 480); do
    echoscu -aec DEBLUR -to 2 127.0.0.1 "$dicom" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "isolation.sh: gateway $name exited:" >&2; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  eval "gw_${name}_dicom=$dicom gw_${name}_http=$http"
}
start_gateway idle
start_gateway backlog

depth() { # http queue -> messages waiting (the gauge is cached for a couple of seconds)
  curl -sf "http://127.0.0.1:$1/q/metrics" \
    | awk -v q="$2" '$0 ~ "^deblur_gateway_queue_messages\\{.*queue=\"" q "\"" {print int($NF); found=1} END{if(!found) print -1}'
}

echo "isolation.sh: queueing $frames frames in the backlog gateway, $frames passed objects into the idle one" >&2
TCP_NODELAY=1 storescu -aet MODALITY -aec DEBLUR 127.0.0.1 "$gw_idle_dicom" "$work"/warm/a00/*.dcm \
  > "$work/warm-send.log" 2>&1 || { echo "isolation.sh: warm-up send failed" >&2; tail -20 "$work/warm-send.log" >&2; exit 1; }
TCP_NODELAY=1 storescu -aet MODALITY -aec DEBLUR 127.0.0.1 "$gw_backlog_dicom" "$work"/backlog/a00/*.dcm \
  > "$work/backlog-send.log" 2>&1 || { echo "isolation.sh: backlog send failed" >&2; tail -20 "$work/backlog-send.log" >&2; exit 1; }
for _ in $(seq 1 1200); do
  f=$(depth "$gw_backlog_http" deblur.frames); i=$(depth "$gw_backlog_http" dicom.ingest); o=$(depth "$gw_backlog_http" dicom.outbound)
  [[ "$f" -ge "$frames" && "$i" -eq 0 && "$o" -eq 0 ]] && break
  sleep 0.5
done
frames_before=$(depth "$gw_backlog_http" deblur.frames)
[[ "$frames_before" -ge "$frames" ]] || { echo "isolation.sh: only $frames_before frames queued" >&2; exit 1; }
for _ in $(seq 1 1200); do
  [[ "$(depth "$gw_idle_http" dicom.ingest)" -eq 0 && "$(depth "$gw_idle_http" dicom.outbound)" -eq 0 ]] && break
  sleep 0.5
done
sleep 3 # let the originals' forwards and the trail settle

probe_run() { # name folder -> json stats
  local name="$1" folder="$2" port log
  eval "port=\$gw_${name}_dicom"
  log="$work/probe-$name-$(basename "$folder").log"
  TCP_NODELAY=1 storescu -lc "$root/bench/storescu-log.cfg" -to 30 -ta 30 -td 120 -aet MODALITY -aec DEBLUR \
    127.0.0.1 "$port" "$folder"/*.dcm > "$log" 2>&1 || true
  "$py" "$driver" acks "$log" > "$log.acks.json"
  "$py" - "$log.acks.json" "$probe" <<'PY' || exit 1
import json, sys
a = json.load(open(sys.argv[1]))
if len(a["acked"]) != int(sys.argv[2]):
    sys.exit(f"isolation.sh: {len(a['acked'])} of {sys.argv[2]} probe objects acknowledged ({len(a['failed'])} failed)")
PY
  "$py" "$driver" stats --acks "$log.acks.json"
}

: > "$work/results.tsv"
folder_index=0
for ((round = 1; round <= warmup + rounds; round++)); do
  kind=measured; (( round <= warmup )) && kind=warmup
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  order=(idle backlog); (( round % 2 == 0 )) && order=(backlog idle)
  for name in "${order[@]}"; do
    folder=$(printf '%s/probe/a%02d' "$work" "$folder_index"); folder_index=$((folder_index + 1))
    result=$(probe_run "$name" "$folder")
    echo "isolation.sh: round $round ($kind) $name: $result" >&2
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$kind" "$name" "$result" "$load" >> "$work/results.tsv"
    sleep 2 # the probe's forwards finish before the other gateway's probe
  done
done
frames_after=$(depth "$gw_backlog_http" deblur.frames)
frames_idle=$(depth "$gw_idle_http" deblur.frames)
uptime_end="$(uptime)"

mkdir -p "$root/bench/results"
"$py" - "$work/results.tsv" "$root/bench/results" "$cpu" "$uptime_start" "$uptime_end" "$git_state" "$rounds" \
  "$warmup" "$frames" "$frame_size" "$probe" "$frames_before" "$frames_after" "$frames_idle" "$heap" <<'PY'
import json, statistics, sys, datetime
(tsv, out, cpu, up0, up1, git, rounds, warmup, frames, frame_size, probe, before, after, idle_frames, heap) = sys.argv[1:16]
rows = []
for line in open(tsv):
    rnd, kind, name, stats, load = line.rstrip("\n").split("\t")
    s = json.loads(stats)
    rows.append(dict(round=int(rnd), kind=kind, gateway=name, load=load, **s))
med = {}
for name in ("idle", "backlog"):
    runs = [r for r in rows if r["kind"] == "measured" and r["gateway"] == name]
    med[name] = {k: statistics.median(r[k] for r in runs) for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms")}
ratio = {k: med["backlog"][k] / med["idle"][k] for k in ("p50_ms", "p99_ms")}
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
md = ["# Ingest isolation from a deblur backlog\n",
      f"`bench/isolation.sh`, {now}, code {git}. CPU: {cpu} (2 cores, shared with other builds).\n",
      f"`uptime` at the start: `{up0.strip()}`  \n`uptime` at the end: `{up1.strip()}`\n",
      f"Two gateways, same jar and rules, `-Xmx{heap}`, `gateway.deblur.workers=0`, no worker process. The backlog gateway holds "
      f"{before} frames on `deblur.frames` before the rounds and {after} after ({frame_size}x{frame_size} 16-bit, one per "
      f"CR object; the idle gateway: {idle_frames}, it received {frames} OT objects of that size instead, passed). Each round: {probe} objects (256x256 16-bit OT, passed and forwarded "
      f"to a storescp) on one association into each gateway, one after the other, order alternating. {rounds} measured "
      f"rounds after {warmup} warm-up; per run the nearest-rank percentiles of the C-STORE round trips (storescu's log: "
      "Sending Store Request -> Received Store Response), then the median over the rounds.\n",
      "| gateway | p50 ms | p90 ms | p99 ms | max ms |", "|---|---|---|---|---|"]
for name in ("idle", "backlog"):
    m = med[name]
    md.append(f"| {name} | {m['p50_ms']:.1f} | {m['p90_ms']:.1f} | {m['p99_ms']:.1f} | {m['max_ms']:.1f} |")
md.append(f"\n**backlog / idle: p50 {ratio['p50_ms']:.2f}, p99 {ratio['p99_ms']:.2f}** (target: within 10 %, i.e. <= 1.10)\n")
md.append("## Every run\n")
md.append("| round | kind | gateway | C-STOREs | p50 ms | p90 ms | p99 ms | max ms | load (1/5/15 min) at the round's start |")
md.append("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    md.append(f"| {r['round']} | {r['kind']} | {r['gateway']} | {r['c_stores']} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | "
              f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['load']} |")
open(f"{out}/isolation.md", "w").write("\n".join(md) + "\n")
json.dump({"cpu": cpu, "uptime_start": up0, "uptime_end": up1, "code": git, "frames_before": before,
           "frames_after": after, "runs": rows, "medians": med, "ratio": ratio},
          open(f"{out}/isolation.json", "w"), indent=1)
print("\n".join(md))
PY
