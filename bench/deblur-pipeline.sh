#!/usr/bin/env bash
# Deblur pipeline benchmark (not a test): the `deblur` routing action end to end, modality (storescu) -> gateway ->
# frame worker(s) -> derived instance -> PACS (Orthanc 1.10.1), rdsam-lite on the CPU.
#
#   bench/deblur-pipeline.sh          uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... ROUNDS=5 WARMUP=1 FRAMES=100 bench/deblur-pipeline.sh
#
# (a) Latency: one 2048x2048 16-bit (12 stored) MONOCHROME2 Computed Radiography frame that looks like a
#     motion-blurred chest radiograph (test-support's BenchObjects radiograph: body outline, lung fields, ribs, spine,
#     collimator edges, 15 px line blur at 20 degrees, sensor noise). Each round sends a copy with its own SOP
#     Instance UID in its own association; latency = from just before storescu starts (the first C-STORE) to the
#     moment Orthanc's REST API finds the derived SOP Instance UID (polled every 10 ms). Median of ROUNDS after
#     WARMUP rounds that are shown but not counted (the first frame of a JVM loads the model). The gateway's own
#     frame worker (GATEWAY_DEBLUR_WORKERS=1), embedded broker. The "network" column is the worker's own timing of
#     the model call for that frame (DGW-DB-020); the rest is the pipeline. Peer: the bare model on a frame of the
#     same size in a fresh JVM right after the rounds (DeblurCli bench, as bench/model-cpu.sh), i.e. the floor.
# (b) Throughput: FRAMES single-frame 512x512 objects of the same kind (copies, distinct SOP Instance UIDs) in one
#     association; frames/min = FRAMES / (last derived instance at the PACS - first C-STORE). Once with the gateway's
#     own single frame worker, once with two frame workers in the gateway's process (GATEWAY_DEBLUR_WORKERS=2: one
#     model, one predictor per worker), with 2 and with 1 libtorch thread, once with GATEWAY_DEBLUR_WORKERS=0 and
#     two worker processes (`bin/gateway worker` equivalent: -Dquarkus.profile=worker) joining the gateway's
#     embedded broker, and once more with one libtorch thread per worker process. A warm-up push of 4 objects
#     first (model loaded in every worker), not counted.
# Every rule forwards the original too (forward-original: true, the default). Writes
# bench/results/deblur-pipeline.md (and .json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
rounds="${ROUNDS:-5}"
warmup="${WARMUP:-1}"
frames="${FRAMES:-100}"
size="${SIZE:-2048}"
tput_size="${TPUT_SIZE:-512}"
model="${MODEL:-rdsam-lite}"
weights="${DEBLUR_WEIGHTS_DIR:-$root/model/weights}"
# The objects come from test-support (built with the gateway: bin/gateway build) and PixelMed (tools/bootstrap).
pixelmed_jar=$(ls "$root"/.mvn-repo/com/pixelmed/pixelmed/*/pixelmed-*.jar 2>/dev/null | head -1)
gen_cp="$root/test-support/target/classes:$pixelmed_jar"
[[ -d "$root/test-support/target/classes" && -n "$pixelmed_jar" ]] || { echo "deblur-pipeline.sh: test-support classes or PixelMed missing (bin/gateway build)" >&2; exit 2; }
gen() { java -cp "$gen_cp" org.deblurgateway.testsupport.BenchObjects "$@"; }
bench_require_jar
[[ -f "$weights/$model/model.json" ]] || { echo "deblur-pipeline.sh: no $model in $weights" >&2; exit 2; }
bench_require_tools "it" storescu echoscu curl Orthanc

work="$(mktemp -d /tmp/deblur-pipeline-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "deblur-pipeline.sh: $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- objects --------------------------------------------------------------------------------------------------
log "generating objects in $work"
gen radiograph "$work/cr-$size.dcm" "$size" 1 >/dev/null
gen copies "$work/cr-$size.dcm" "$work/latency" $((warmup + rounds)) >/dev/null
gen radiograph "$work/cr-$tput_size.dcm" "$tput_size" 2 >/dev/null
for batch in warm1 one warm2 two warm3 three warm4 four warm5 five; do
  n=$frames; [[ $batch == warm* ]] && n=4
  gen copies "$work/cr-$tput_size.dcm" "$work/$batch" "$n" >/dev/null
done

# --- the PACS: Orthanc, storage in $work ----------------------------------------------------------------------
orthanc_http=$(free_port); orthanc_dicom=$(free_port)
mkdir -p "$work/orthanc"
cat > "$work/orthanc/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$work/orthanc/storage", "IndexDirectory": "$work/orthanc/index",
  "Plugins": [], "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "HttpPort": $orthanc_http,
  "DicomPort": $orthanc_dicom, "DicomAet": "ORTHANC", "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true,
  "UnknownSopClassAccepted": true, "StorageCompression": false, "DicomScpTimeout": 30 }
JSON
Orthanc "$work/orthanc/orthanc.json" > "$work/orthanc.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$orthanc_http/system" >/dev/null && break; sleep 0.1; done

cat > "$work/rules.yaml" <<YAML
destinations:
  pacs: {ae-title: ORTHANC, host: 127.0.0.1, port: $orthanc_dicom}
rules:
  - name: deblur-all
    action: deblur
    model: $model
    forward-original: true
    destinations: [pacs]
YAML

# start_gateway NAME WORKERS [JVM OPTION...] -> sets gw_port, gw_pid, broker_port, gw_data
start_gateway() {
  local name="$1" workers="$2"; shift 2
  gw_data="$work/$name-data"
  gw_port=$(free_port); broker_port=$(free_port); local http_port; http_port=$(free_port)
  GATEWAY_DICOM_PORT=$gw_port GATEWAY_DICOM_AE_TITLE=DEBLUR GATEWAY_DICOM_BIND_ADDRESS=127.0.0.1 \
  GATEWAY_DATA_DIR="$work/$name-data" GATEWAY_RULES_FILE="$work/rules.yaml" GATEWAY_BROKER_EMBEDDED_PORT=$broker_port \
  GATEWAY_DEBLUR_WORKERS="$workers" GATEWAY_DEBLUR_WEIGHTS_DIR="$weights" QUARKUS_HTTP_PORT=$http_port QUARKUS_HTTP_HOST=127.0.0.1 \
    java $(bench_jvm_options) ${JAVA_OPTS:-} "$@" -jar "$jar" > "$work/$name.log" 2>&1 &
  gw_pid=$!; pids+=($gw_pid)
  for _ in $(seq 1 480); do
    echoscu -aec DEBLUR -to 2 127.0.0.1 "$gw_port" >/dev/null 2>&1 && return 0
    kill -0 "$gw_pid" 2>/dev/null || { log "gateway $name exited:"; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  log "gateway $name not ready"; exit 1
}
# start_worker NAME [JVM OPTION...] (joins the current gateway's embedded broker, with the login the gateway made)
start_worker() {
  local name="$1"; shift
  local http_port; http_port=$(free_port)
  GATEWAY_DATA_DIR="$work/$name-data" GATEWAY_RULES_FILE="$work/rules.yaml" GATEWAY_BROKER_EMBEDDED_PORT=$broker_port \
  GATEWAY_BROKER_CREDENTIALS_FILE="$gw_data/broker/credentials.properties" \
  GATEWAY_DEBLUR_WEIGHTS_DIR="$weights" GATEWAY_DEBLUR_WORKER_NAME="$name" QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_HTTP_PORT=$http_port _WORKER_QUARKUS_HTTP_PORT=$http_port \
    java $(bench_jvm_options) ${JAVA_OPTS:-} "$@" -Dquarkus.profile=worker -jar "$jar" > "$work/$name.log" 2>&1 &
  local pid=$!; pids+=($pid)
  for _ in $(seq 1 480); do
    curl -sf "http://127.0.0.1:$http_port/q/health/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "worker $name exited:"; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  log "worker $name not ready"; exit 1
}
stop_all_but_orthanc() {
  for pid in "${pids[@]:1}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  pids=("${pids[0]}")
}

# The clock: storescu, then poll Orthanc. Prints seconds (and for a batch, the first arrival too).
cat > "$work/measure.py" <<'PY'
import hashlib, json, os, subprocess, sys, time, urllib.request

def derived_uid(source_uid, model):
    """DerivedUids.instanceUid (dicom module): 2.25.<UUIDv8 of sha256(namespace NUL uid NUL model)>, last bit 1."""
    h = bytearray(hashlib.sha256(("org.deblurgateway/derived-instance/v1\0%s\0%s" % (source_uid, model)).encode()).digest()[:16])
    h[6] = (h[6] & 0x0F) | 0x80
    h[8] = (h[8] & 0x3F) | 0x80
    h[15] = (h[15] & 0xFE) | 1
    return "2.25." + str(int.from_bytes(bytes(h), "big"))

def lookup(port, uid):
    req = urllib.request.Request("http://127.0.0.1:%d/tools/lookup" % port, data=uid.encode(), method="POST")
    return json.load(urllib.request.urlopen(req, timeout=5))

def count(port):
    return json.load(urllib.request.urlopen("http://127.0.0.1:%d/statistics" % port, timeout=5))["CountInstances"]

mode, http, gw, model, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
files = sys.argv[6:]
import pydicom
uids = [str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID) for f in files]
targets = [derived_uid(u, model) for u in uids]
base = count(http)
t0 = time.perf_counter()
scu = subprocess.Popen(["storescu", "-aet", "BENCH", "-aec", "DEBLUR", "127.0.0.1", str(gw)] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ, TCP_NODELAY="1"))
first = None
while True:
    now = time.perf_counter() - t0
    if now > timeout:
        sys.exit("timed out after %.0f s (PACS holds %d new)" % (timeout, count(http) - base))
    if mode == "latency":
        if any(r.get("Type") == "Instance" for r in lookup(http, targets[0])):
            break
        time.sleep(0.01)
    else:
        n = count(http) - base
        if first is None and n > len(files):  # originals come first; one more is a derived instance
            first = now
        if n >= 2 * len(files) and all(any(r.get("Type") == "Instance" for r in lookup(http, t)) for t in targets):
            break
        time.sleep(0.2)
if scu.wait(timeout=60) != 0:
    sys.exit("storescu failed: " + scu.stderr.read().decode(errors="replace")[-2000:])
print("%.3f %s %s" % (now, "-" if first is None else "%.3f" % first, " ".join(targets)))
PY
measure() { "$py" -W ignore "$work/measure.py" "$@"; }
network_ms() { grep -h "DGW-DB-020 .* of job $2 " "$work"/$1*.log | sed -E 's/.* in ([0-9]+) ms.*/\1/' | tail -1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{ if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2 }'; }

# --- (a) latency ----------------------------------------------------------------------------------------------
start_gateway latency 1
lat_load_before=$(loadavg)
lat_rows=() lat_times=() lat_net=()
i=0
for f in "$work"/latency/*.dcm; do
  i=$((i + 1))
  read -r secs _ job < <(measure latency "$orthanc_http" "$gw_port" "$model" 180 "$f")
  net=$(network_ms latency "$job")
  if (( i <= warmup )); then
    lat_rows+=("| warm-up $i (not counted) | $secs | $net |")
  else
    lat_rows+=("| $((i - warmup)) | $secs | $net |"); lat_times+=("$secs"); lat_net+=("$net")
  fi
  log "latency round $i: $secs s (network $net ms)"
  sleep 1
done
lat_load_after=$(loadavg)
lat_median=$(median "${lat_times[@]}")
net_median=$(median "${lat_net[@]}" | cut -d. -f1)
stop_all_but_orthanc

# The peer: the bare model on a frame of the same size, in a fresh JVM, right after the rounds (same machine
# state): the CLI's bench (Deblurrer.deblur on a random RGB frame, same tiling, 2 libtorch threads).
peer_load_before=$(loadavg)
peer_json=$(java ${JAVA_OPTS:-} -Ddeblur.weights.dir="$weights" -cp "$(dirname "$jar")/lib/main/*" \
  org.deblurgateway.model.cli.DeblurCli bench --model "$model" --size "$size" --repeats 3 --threads 2 2>/dev/null | tail -1)
peer_load_after=$(loadavg)
peer_ms=$(echo "$peer_json" | "$py" -c 'import json,sys; print("%.0f" % json.load(sys.stdin)["median_ms"])')
log "bare model, ${size}x${size}: $peer_ms ms ($peer_json)"

# --- (b) throughput -------------------------------------------------------------------------------------------
tput() { # label warm-set set -> "seconds first"
  measure batch "$orthanc_http" "$gw_port" "$model" 300 "$work/$2"/*.dcm >/dev/null
  local out; out=$(measure batch "$orthanc_http" "$gw_port" "$model" 1800 "$work/$3"/*.dcm)
  echo "$out" | cut -d' ' -f1-2
}
start_gateway one-worker 1
one_load_before=$(loadavg)
read -r one_s one_first < <(tput one warm1 one)
one_load_after=$(loadavg)
log "1 worker: $frames frames in $one_s s"
stop_all_but_orthanc

# Two frame workers in the gateway's own process: one loaded model, one predictor per worker thread.
start_gateway in-process-2 2
four_load_before=$(loadavg)
read -r four_s four_first < <(tput four warm4 four)
four_load_after=$(loadavg)
log "2 workers in one process: $frames frames in $four_s s"
stop_all_but_orthanc

start_gateway in-process-2-1t 2 -Dgateway.deblur.threads=1
five_load_before=$(loadavg)
read -r five_s five_first < <(tput five warm5 five)
five_load_after=$(loadavg)
log "2 workers in one process, 1 libtorch thread: $frames frames in $five_s s"
stop_all_but_orthanc

start_gateway two-workers 0
start_worker worker-a
start_worker worker-b
two_load_before=$(loadavg)
read -r two_s two_first < <(tput two warm2 two)
two_load_after=$(loadavg)
worker_split() { grep -ho "deblurred by worker-[$1]" "$work"/worker-*.log | sort | uniq -c | awk '{printf "%s%s %s", sep, $4, $1; sep=", "}'; }
split2=$(worker_split ab)
log "2 workers: $frames frames in $two_s s ($split2, warm-up included)"
stop_all_but_orthanc

# The same with one libtorch thread per worker process: two processes x two threads oversubscribe two cores.
start_gateway two-workers-1t 0
start_worker worker-c -Dgateway.deblur.threads=1
start_worker worker-d -Dgateway.deblur.threads=1
three_load_before=$(loadavg)
read -r three_s three_first < <(tput three warm3 three)
three_load_after=$(loadavg)
split3=$(worker_split cd)
log "2 workers, 1 thread each: $frames frames in $three_s s ($split3, warm-up included)"
stop_all_but_orthanc

fpm() { awk -v n="$frames" -v s="$1" 'BEGIN{printf "%.1f", n/s*60}'; }
out="$root/bench/results"
mkdir -p "$out"
# Read before the results file is rewritten (an open, truncated results file would count as a change).
git_state="$(bench_git_state)"
{
  echo "# Deblur pipeline benchmark"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Machine: $(nproc) cores, $(bench_cpu_model), $(bench_memory) RAM  "
  echo "Java: $(java -version 2>&1 | head -1); Orthanc $(Orthanc --version 2>&1 | head -1 | awk '{print $2}'); dcmtk $(storescu --version 2>&1 | head -1 | sed 's/^\$dcmtk: //; s/ \$$//')  "
  echo "Gateway: \`$jar\` (git $git_state); model $model, fp32, CPU, tiles 512 / overlap 32 / batch 4 (defaults)  "
  echo "The machine is shared with other builds: load average (1/5/15 min) is given next to each measurement."
  echo
  echo "## (a) Latency, one ${size}x${size} frame: first C-STORE -> derived instance at the PACS"
  echo
  echo "Load average before: $lat_load_before, after: $lat_load_after"
  echo
  echo "| round | latency s | network ms (DGW-DB-020) |"
  echo "|---:|---:|---:|"
  printf '%s\n' "${lat_rows[@]}"
  echo "| **median** | **$lat_median** | **$net_median** |"
  echo
  echo "Peer, the bare model right after the rounds (fresh JVM, \`DeblurCli bench --size $size --repeats 3 --threads 2\`:"
  echo "Deblurrer.deblur on a random RGB frame, same tiling): median **$peer_ms ms** (load before $peer_load_before, after"
  echo "$peer_load_after). The network column above is the same call inside the gateway's frame worker."
  echo
  echo "Target: <= 6 s on this 2-core machine. Pipeline overhead (median latency - median network time):"
  echo "$(awk -v l="$lat_median" -v n="$net_median" 'BEGIN{printf "%.2f", l-n/1000}') s (receive + spool + commit, decode, blur score, frame message through the broker,"
  echo "result message, assembly of the derived instance, C-STORE to Orthanc, Orthanc indexing; and the wait for the poll)."
  echo
  echo "## (b) Throughput, $frames single-frame ${tput_size}x${tput_size} objects in one association"
  echo
  echo "| frame workers | load before | load after | first derived s | all $frames derived s | frames/min |"
  echo "|---|---|---|---:|---:|---:|"
  echo "| 1 (the gateway's own) | $one_load_before | $one_load_after | $one_first | $one_s | **$(fpm "$one_s")** |"
  echo "| 2 in the gateway's process (workers=2), 2 libtorch threads (default) | $four_load_before | $four_load_after | $four_first | $four_s | **$(fpm "$four_s")** |"
  echo "| 2 in the gateway's process (workers=2), 1 libtorch thread | $five_load_before | $five_load_after | $five_first | $five_s | **$(fpm "$five_s")** |"
  echo "| 2 worker processes (gateway workers=0), 2 libtorch threads each (default) | $two_load_before | $two_load_after | $two_first | $two_s | **$(fpm "$two_s")** |"
  echo "| 2 worker processes (gateway workers=0), 1 libtorch thread each | $three_load_before | $three_load_after | $three_first | $three_s | **$(fpm "$three_s")** |"
  echo
  echo "Frames per worker process (warm-up push included): $split2; with 1 thread each: $split3."
  echo
  echo "Set-up:"
  echo "- Orthanc 1.10.1 as the PACS (storage in a temp folder); the gateway's embedded broker; rules: one catch-all"
  echo "  \`action: deblur\` rule, \`model: $model\`, \`forward-original: true\`, destination Orthanc."
  echo "- Objects: \`BenchObjects radiograph\` of test-support (CR, 16 bits allocated, 12 stored),"
  echo "  copies with distinct SOP Instance UIDs (\`BenchObjects copies\`), explicit VR little endian, sent by"
  echo "  \`storescu\` (TCP_NODELAY=1). Arrival: Orthanc's REST API (POST /tools/lookup of the derived SOP Instance UID,"
  echo "  DerivedUids.instanceUid computed the same way in Python; every 10 ms for (a), every 200 ms for (b))."
  echo "- Two worker processes on 2 cores: by default each libtorch uses 2 intra-op threads (one per core), so they"
  echo "  compete for the same two cores as the gateway and each other; the last row gives each worker JVM"
  echo "  \`-Dgateway.deblur.threads=1\`. \"first derived\" is approximate: the first arrival beyond the originals."
  echo "- Two workers in one process share one loaded model; each worker thread runs its own DJL predictor (before,"
  echo "  one synchronized predictor served every worker of a process, so a second worker only queued on its lock)."
  echo "- Command: \`ROUNDS=$rounds WARMUP=$warmup FRAMES=$frames SIZE=$size TPUT_SIZE=$tput_size bench/deblur-pipeline.sh\`"
} > "$out/deblur-pipeline.md"
{
  printf '{"date":"%s","model":"%s","size":%s,"latency_s":[%s],"latency_median_s":%s,"network_ms":[%s],' \
    "$(date -u +%FT%TZ)" "$model" "$size" "$(IFS=,; echo "${lat_times[*]}")" "$lat_median" "$(IFS=,; echo "${lat_net[*]}")"
  printf '"peer_model_ms":%s,' "$peer_ms"
  printf '"throughput_frames":%s,"throughput_size":%s,"one_worker_s":%s,"two_workers_s":%s,"two_workers_1thread_s":%s,' \
    "$frames" "$tput_size" "$one_s" "$two_s" "$three_s"
  printf '"in_process_2_workers_s":%s,"in_process_2_workers_1thread_s":%s,' "$four_s" "$five_s"
  printf '"load_latency":"%s / %s","load_one":"%s / %s","load_two":"%s / %s","load_two_1thread":"%s / %s"}\n' \
    "$lat_load_before" "$lat_load_after" "$one_load_before" "$one_load_after" "$two_load_before" "$two_load_after" \
    "$three_load_before" "$three_load_after"
} > "$out/deblur-pipeline.json"
cat "$out/deblur-pipeline.md"
