# Shared by bench/load.sh, bench/soak.sh and bench/disk-return.sh (sourced, not run): the packaged gateway, Orthanc as
# the PACS (with a Lua filter that logs every C-STORE it receives, duplicates included), the standalone broker,
# timed storescu senders, heap sampling, data folder figures and the wait until everything is delivered.
# The caller sets: root, work (a scratch folder), and calls bench_cleanup from its EXIT trap.
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
driver="$root/bench/load_driver.py"
gateway_pid="" orthanc_pid="" broker_pid="" sampler_pid=""
orthanc_starts=0

bench_require() {
  bench_require_jar "build first: bin/gateway build, or set GATEWAY_JAR"
  bench_require_tools "dcmtk, orthanc, curl" storescu echoscu curl jcmd /usr/sbin/Orthanc
  "$py" -c 'import pydicom, numpy' 2>/dev/null || { echo "$(basename "$0"): python3-pydicom / numpy missing (tools/bootstrap)" >&2; exit 2; }
}

bench_cleanup() {
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
  [[ -n "$gateway_pid" ]] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  [[ -n "$orthanc_pid" ]] && kill "$orthanc_pid" 2>/dev/null && wait "$orthanc_pid" 2>/dev/null || true
  if [[ -n "$broker_pid" ]]; then pkill -9 -P "$broker_pid" 2>/dev/null || true; kill -9 "$broker_pid" 2>/dev/null || true; fi
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "$(basename "$0"): work folder kept: $work" >&2; else rm -rf "$work"; fi
}

versions_line() {
  echo "$(java -version 2>&1 | head -1 | tr -d '"'); dcmtk $(storescu --version 2>&1 | head -1 | awk '{print $3}'); Orthanc $(/usr/sbin/Orthanc --version 2>&1 | head -1 | awk '{print $NF}')"
}

git_line() { echo "git $(bench_git_state)"; }

# Orthanc: storage under $work/orthanc, same ports on every (re)start; its log files $work/orthanc-N.log.
orthanc_http=$(free_port) orthanc_dicom=$(free_port)
orthanc_url="http://127.0.0.1:$orthanc_http"
# The runs' rules: CR objects deblurred with rdsam-lite, everything else passed, all to Orthanc.
write_rules() {
cat > "$work/rules.yaml" <<YAML
destinations:
  pacs: {ae-title: ORTHANC, host: 127.0.0.1, port: $orthanc_dicom}
rules:
  - name: deblur-cr
    match: {modality: CR}
    action: deblur
    model: rdsam-lite
    destinations: [pacs]
  - name: default
    action: pass
    destinations: [pacs]
YAML
}

orthanc_configure() {
  mkdir -p "$work/orthanc"
  cat > "$work/orthanc/count-deliveries.lua" <<'LUA'
-- Called for every received instance, before Orthanc decides whether it is new: counts re-sent copies too.
function ReceivedInstanceFilter(dicom, origin, info)
   print('BENCH-DELIVERY ' .. tostring(dicom.SOPInstanceUID))
   return true
end
LUA
  cat > "$work/orthanc/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$work/orthanc/storage", "IndexDirectory": "$work/orthanc/index",
  "Plugins": [], "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "HttpPort": $orthanc_http, "DicomPort": $orthanc_dicom, "DicomAet": "ORTHANC", "DicomCheckCalledAet": false,
  "DicomAlwaysAllowEcho": true, "DicomAlwaysAllowStore": true, "UnknownSopClassAccepted": true,
  "StorageCompression": false, "OverwriteInstances": false, "DicomScpTimeout": 30,
  "LuaScripts": ["$work/orthanc/count-deliveries.lua"] }
JSON
}
orthanc_start() {
  orthanc_starts=$((orthanc_starts + 1))
  /usr/sbin/Orthanc "$work/orthanc/orthanc.json" > "$work/orthanc-$orthanc_starts.log" 2>&1 &
  orthanc_pid=$!
  for _ in $(seq 1 150); do
    curl -sf "$orthanc_url/system" >/dev/null 2>&1 && echoscu -aec ORTHANC -to 2 127.0.0.1 "$orthanc_dicom" >/dev/null 2>&1 && return 0
    kill -0 "$orthanc_pid" 2>/dev/null || { echo "Orthanc exited at start:" >&2; tail -20 "$work/orthanc-$orthanc_starts.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "Orthanc not answering" >&2; exit 1
}
orthanc_stop() { # SIGTERM, as an operator stopping the PACS would
  [[ -n "$orthanc_pid" ]] || return 0
  kill "$orthanc_pid" 2>/dev/null || true
  wait "$orthanc_pid" 2>/dev/null || true
  orthanc_pid=""
}
orthanc_count() { curl -sf "$orthanc_url/statistics" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'; }

# Standalone broker (tools/artemis-standalone): instance under $work/broker, log $work/broker-N.log.
broker_port=$(free_port)
broker_starts=0
broker_start() {
  broker_starts=$((broker_starts + 1))
  "$root/tools/artemis-standalone" "$work/broker" "$broker_port" > "$work/broker-$broker_starts.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 1200); do
    (echo > "/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null && return 0
    kill -0 "$broker_pid" 2>/dev/null || { echo "standalone broker exited at start:" >&2; tail -20 "$work/broker-$broker_starts.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "standalone broker not listening on $broker_port" >&2; exit 1
}
broker_kill9() { # SIGKILL the broker JVM (a child of the launcher script) and the script
  pkill -9 -P "$broker_pid" 2>/dev/null || true
  kill -9 "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=""
}

# The gateway: data folder $work/gateway-data, rules $work/rules.yaml (the caller writes it), log $work/gateway-N.log.
gw_port=$(free_port) http_port=$(free_port) embedded_port=$(free_port)
gateway_starts=0
gateway_start() { # extra VAR=value arguments go into its environment
  gateway_starts=$((gateway_starts + 1))
  env GATEWAY_DICOM_PORT="$gw_port" GATEWAY_DICOM_AE_TITLE=DEBLUR GATEWAY_DICOM_BIND_ADDRESS=127.0.0.1 \
    GATEWAY_DATA_DIR="$work/gateway-data" GATEWAY_RULES_FILE="$work/rules.yaml" GATEWAY_BROKER_EMBEDDED_PORT="$embedded_port" \
    GATEWAY_DEBLUR_WEIGHTS_DIR="$root/model/weights" GATEWAY_DEBLUR_THREADS="${DEBLUR_THREADS:-1}" \
    QUARKUS_HTTP_PORT="$http_port" QUARKUS_HTTP_HOST=127.0.0.1 "$@" \
    java "-Xmx${GATEWAY_HEAP:-1g}" $(bench_jvm_options) ${JAVA_OPTS:-} -jar "$jar" > "$work/gateway-$gateway_starts.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 480); do
    curl -sf "http://127.0.0.1:$http_port/q/health/ready" >/dev/null 2>&1 \
      && echoscu -aec DEBLUR -to 2 127.0.0.1 "$gw_port" >/dev/null 2>&1 && return 0
    kill -0 "$gateway_pid" 2>/dev/null || { echo "gateway exited:" >&2; tail -30 "$work/gateway-$gateway_starts.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "gateway not ready" >&2; exit 1
}

# Heap of the gateway JVM every $1 seconds into $2: "epoch heap_used_bytes live_after_gc_bytes" (Micrometer's
# jvm_memory_used_bytes summed over the heap pools, jvm_gc_live_data_size_bytes: the old generation after the last GC).
heap_sampler_start() {
  local interval="$1" out="$2"
  (
    while true; do
      curl -sf "http://127.0.0.1:$http_port/q/metrics" 2>/dev/null | awk -v t="$(date +%s)" '
        /^jvm_memory_used_bytes\{.*area="heap"/ {used += $NF; seen = 1}
        /^jvm_gc_live_data_size_bytes/ {live = $NF}
        END {if (seen) printf "%s %.0f %.0f\n", t, used, live}' >> "$out" || true
      sleep "$interval"
    done
  ) &
  sampler_pid=$!
}
heap_sampler_stop() { [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""; }

# Heap used after a full GC (jcmd GC.run, then GC.heap_info), in MiB: the live set, without garbage waiting.
heap_after_full_gc_mib() {
  jcmd "$gateway_pid" GC.run >/dev/null 2>&1 || true
  jcmd "$gateway_pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen|heap total/ {
      for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K,?/, "", v); printf "%.1f", v/1024; exit}}'
}

# Files and bytes per top-level folder of the gateway's data folder, as JSON.
data_dir_json() {
  "$py" - "$work/gateway-data" <<'PY'
import json, os, sys
base = sys.argv[1]
out = {}
for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
    files = size = 0
    top = os.path.join(base, name)
    for dirpath, _, filenames in os.walk(top):
        for f in filenames:
            try:
                st = os.lstat(os.path.join(dirpath, f))
            except FileNotFoundError:
                continue
            files += 1
            size += st.st_blocks * 512
    out[name] = {"files": files, "bytes_on_disk": size}
out["total_bytes_on_disk"] = sum(v["bytes_on_disk"] for v in out.values())
json.dump(out, sys.stdout)
PY
}
files_in() { find "$work/gateway-data/$1" -type f 2>/dev/null | wc -l; }

# One timed association: storescu sends every file named after $2 (the log); its time stamps time each C-STORE.
send_association() {
  local log="$1" aet="$2"
  shift 2
  TCP_NODELAY=1 storescu -lc "$root/bench/storescu-log.cfg" -to 30 -ta 30 -td 120 -aet "$aet" -aec DEBLUR \
    127.0.0.1 "$gw_port" "$@" > "$log" 2>&1 || true
}

# Waits until Orthanc holds $1 instances and the gateway's receive spool, outbound spool and job frames are empty
# (at most $2 seconds); prints the seconds waited.
wait_delivered() {
  local expected="$1" limit="$2" t0 n
  t0=$(date +%s.%N)
  for _ in $(seq 1 $((limit * 2))); do
    n=$(orthanc_count 2>/dev/null || echo 0)
    if [[ "$n" -ge "$expected" && "$(files_in spool)" -eq 0 && "$(files_in outbound)" -eq 0 ]]; then
      awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'
      return 0
    fi
    sleep 0.5
  done
  echo "wait_delivered: Orthanc holds $(orthanc_count 2>/dev/null || echo '?') of $expected, spool $(files_in spool) files, outbound $(files_in outbound) files after $limit s" >&2
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'
  return 1
}
