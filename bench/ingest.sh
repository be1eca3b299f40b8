#!/usr/bin/env bash
# Ingest benchmark (not a test): how fast the gateway takes in C-STOREs compared with dcmtk's storescp (the fastest
# plain receiver at hand, no fsync) and with Orthanc (a real PACS), on the same files and machine, in one run.
#
#   bench/ingest.sh            uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... ROUNDS=5 OBJECTS=500 PARALLEL=4 PER_ASSOCIATION=250 WARMUP=1 bench/ingest.sh
#
# Objects: one generated 512x512 16-bit MONOCHROME2 image (~0.5 MB), copied with its own SOP Instance UID per file.
# Two scenarios per round: 1 association x OBJECTS, and PARALLEL associations at once x PER_ASSOCIATION each (distinct
# files). Each scenario runs gateway, storescp, Orthanc one after the other, so every round puts the three side by
# side under the same machine load. WARMUP rounds (default 1) run first and are reported but not counted (JIT).
#
# Receivers:
# - gateway: embedded broker (durable journal), receive spool under a temp folder; the only rule is `drop`, so each
#   object is made durable and announced before Success, then dropped: no forwarding competes for CPU or disk.
# - storescp: TCP_NODELAY=1 (without it dcmtk's Nagle interplay makes it ~30x slower), --fork (one process per
#   association, so parallel associations are served in parallel), output folder emptied before each of its runs.
# - Orthanc: foreground, temp storage and index, no plugins, OverwriteInstances true (every round stores again).
# Writes bench/results/ingest.md (and ingest.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
rounds="${ROUNDS:-5}"
objects="${OBJECTS:-500}"
parallel="${PARALLEL:-4}"
per_assoc="${PER_ASSOCIATION:-250}"
warmup="${WARMUP:-1}"
bench_require_jar
bench_require_tools "dcmtk and orthanc" storescu storescp echoscu Orthanc curl
# Read before anything is written: the results file names the code that was measured.
git_state="$(bench_git_state)"

work="$(mktemp -d /tmp/deblur-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [[ -n "${KEEP_LOGS:-}" ]] && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

count=$(( objects > parallel * per_assoc ? objects : parallel * per_assoc ))
echo "ingest.sh: generating $count objects in $work/objects" >&2
"$py" -W ignore "$root/bench/bench_objects.py" "$work/objects" "$count" "BENCH^INGEST"
object_bytes=$(stat -c %s "$work/objects/obj00000.dcm")
files_single=("$work"/objects/obj*.dcm); files_single=("${files_single[@]:0:$objects}")
mb_single=$(awk -v b="$object_bytes" -v n="$objects" 'BEGIN{printf "%.1f", b*n/1e6}')
mb_parallel=$(awk -v b="$object_bytes" -v n="$((parallel * per_assoc))" 'BEGIN{printf "%.1f", b*n/1e6}')

# Gateway: embedded broker (durable journal) and spool under $work/gateway-data; rules drop everything.
gw_port=$(free_port); http_port=$(free_port); broker_port=$(free_port); dead_port=$(free_port)
cat > "$work/rules.yaml" <<YAML
destinations:
  pacs: {ae-title: NOBODY, host: 127.0.0.1, port: $dead_port}
rules:
  - name: default
    action: drop
YAML
GATEWAY_DICOM_PORT=$gw_port GATEWAY_DICOM_AE_TITLE=DEBLUR GATEWAY_DICOM_BIND_ADDRESS=127.0.0.1 \
GATEWAY_DATA_DIR="$work/gateway-data" GATEWAY_RULES_FILE="$work/rules.yaml" GATEWAY_BROKER_EMBEDDED_PORT=$broker_port \
QUARKUS_HTTP_PORT=$http_port QUARKUS_HTTP_HOST=127.0.0.1 \
  java $(bench_jvm_options) ${JAVA_OPTS:-} -jar "$jar" > "$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=("$gateway_pid")

scp_port=$(free_port)
mkdir -p "$work/storescp-out"
TCP_NODELAY=1 storescp --fork -aet STORESCP -od "$work/storescp-out" "$scp_port" > "$work/storescp.log" 2>&1 &
pids+=("$!")

orthanc_port=$(free_port); orthanc_http=$(free_port)
mkdir -p "$work/orthanc"
cat > "$work/orthanc/orthanc.json" <<JSON
{
  "Name": "bench", "StorageDirectory": "$work/orthanc/storage", "IndexDirectory": "$work/orthanc/index",
  "Plugins": [], "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "HttpPort": $orthanc_http, "DicomPort": $orthanc_port, "DicomAet": "ORTHANC", "DicomCheckCalledAet": false,
  "DicomAlwaysAllowStore": true, "StorageCompression": false, "OverwriteInstances": true, "DicomScpTimeout": 30
}
JSON
Orthanc "$work/orthanc/orthanc.json" > "$work/orthanc.log" 2>&1 &
orthanc_pid=$!; pids+=("$orthanc_pid")

wait_echo() { # aet port what pid
  for _ in $(seq 1 240); do
    echoscu -aec "$1" -to 2 127.0.0.1 "$2" >/dev/null 2>&1 && return 0
    kill -0 "$4" 2>/dev/null || { echo "ingest.sh: $3 exited:" >&2; tail -30 "$work/$3.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "ingest.sh: $3 not ready" >&2; exit 1
}
wait_echo DEBLUR "$gw_port" gateway "$gateway_pid"
wait_echo STORESCP "$scp_port" storescp "${pids[1]}"
wait_echo ORTHANC "$orthanc_port" orthanc "$orthanc_pid"

# One scenario for one receiver: N storescu processes at once, each with its own files -> prints seconds.
run_scenario() { # aec port associations files...
  local aec="$1" port="$2" n="$3"; shift 3
  local files=("$@") per=$(( $# / n )) t0 t1 i ok total=0 senders=()
  [[ "$aec" == STORESCP ]] && rm -rf "$work/storescp-out" && mkdir -p "$work/storescp-out"
  t0=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    TCP_NODELAY=1 storescu -v -aet BENCH -aec "$aec" 127.0.0.1 "$port" "${files[@]:$((i * per)):$per}" \
      > "$work/round-$i.log" 2>&1 &
    senders+=("$!")
  done
  for p in "${senders[@]}"; do wait "$p" || true; done
  t1=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    ok=$(grep -c "Received Store Response (Success)" "$work/round-$i.log" || true)
    total=$((total + ok))
  done
  if [[ "$total" -ne $((per * n)) ]]; then
    echo "ingest.sh: $aec acknowledged $total of $((per * n)) objects; storescu log tail:" >&2
    tail -20 "$work/round-0.log" >&2; exit 1
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}

files_parallel=("$work"/objects/obj*.dcm); files_parallel=("${files_parallel[@]:0:$((parallel * per_assoc))}")
receivers=(gateway storescp orthanc)
declare -A aec=([gateway]=DEBLUR [storescp]=STORESCP [orthanc]=ORTHANC)
declare -A port=([gateway]=$gw_port [storescp]=$scp_port [orthanc]=$orthanc_port)
declare -A times_single times_parallel
one_round() { # label
  local r
  for r in "${receivers[@]}"; do
    times_single[$r]+="$(run_scenario "${aec[$r]}" "${port[$r]}" 1 "${files_single[@]}") "
  done
  for r in "${receivers[@]}"; do
    times_parallel[$r]+="$(run_scenario "${aec[$r]}" "${port[$r]}" "$parallel" "${files_parallel[@]}") "
  done
  echo "ingest.sh: $1 done; 1 association: ${times_single[*]}; parallel: ${times_parallel[*]}" >&2
}

# The durability floors on this file system, per 0.5 MB object, 200 tries each: the whole chain one after the other
# (a new file, fsync, rename, fsync of its folder: what the spool did before) and one fsync of a new file alone (the
# longest of the syncs that now run at the same time as the broker commit).
read -r floor_file_ms floor_append_ms < <("$py" - "$work" "$object_bytes" <<'PY'
import os, sys, time
folder = os.path.join(sys.argv[1], "fsync-probe"); os.makedirs(folder)
data, n = os.urandom(int(sys.argv[2])), 200
start = time.time()
for i in range(n):
    part = os.path.join(folder, "%d.part" % i)
    with open(part, "wb") as f:
        f.write(data); f.flush(); os.fsync(f.fileno())
    os.rename(part, os.path.join(folder, "%d.dcm" % i))
    fd = os.open(folder, os.O_RDONLY); os.fsync(fd); os.close(fd)
per_file = (time.time() - start) / n * 1000
start = time.time()
for i in range(n):
    with open(os.path.join(folder, "n%d" % i), "wb") as f:
        f.write(data); f.flush(); os.fsync(f.fileno())
per_new = (time.time() - start) / n * 1000
print("%.2f %.2f" % (per_file, per_new))
PY
)
rm -rf "$work/fsync-probe"

for r in $(seq 1 "$warmup"); do one_round "warm-up $r"; done
declare -A warm_single warm_parallel
for r in "${receivers[@]}"; do warm_single[$r]="${times_single[$r]}"; warm_parallel[$r]="${times_parallel[$r]}"; times_single[$r]=""; times_parallel[$r]=""; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$rounds"); do one_round "round $r"; done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
spool_left=$(find "$work/gateway-data/spool/incoming" -type f 2>/dev/null | wc -l)
gw_summary=$(grep "association ended" "$work/gateway.log" | tail -1 | sed 's/.*association ended: //')

median() { printf '%s\n' $@ | sort -g | awk '{a[NR]=$1} END{ if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2 }'; }
rate() { awk -v x="$1" -v t="$2" 'BEGIN{printf "%.1f", x/t}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b/a}'; } # throughput of the first / of the second = t2/t1
declare -A med_single med_parallel
for r in "${receivers[@]}"; do
  med_single[$r]=$(median ${times_single[$r]}); med_parallel[$r]=$(median ${times_parallel[$r]})
done

out="$root/bench/results"
mkdir -p "$out"
table() { # scenario-name objects mb assoc-array-name warm-array-name median-array-name
  local n="$2" mb="$3"; local -n all="$4" warm="$5" med="$6"
  echo "| receiver | runs (s) | warm-up (s, not counted) | median s | MB/s | objects/s | gateway / this |"
  echo "|---|---|---|---:|---:|---:|---:|"
  for r in "${receivers[@]}"; do
    echo "| $r | $(echo ${all[$r]} | tr ' ' '/') | $(echo ${warm[$r]} | tr ' ' '/') | ${med[$r]} | $(rate "$mb" "${med[$r]}") | $(rate "$n" "${med[$r]}") | $(ratio "${med[gateway]}" "${med[$r]}") |"
  done
}
{
  echo "# Ingest benchmark"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Machine: $(bench_machine_line), $(df -T "$work" | awk 'NR==2{print $2}') on $(df "$work" | awk 'NR==2{print $1}')  "
  echo "Java: $(java -version 2>&1 | head -1); dcmtk: $(storescu --version 2>&1 | head -1 | sed 's/^\$dcmtk: //; s/ \$$//'); $(Orthanc --version 2>&1 | head -1)  "
  echo "Load average (1/5/15 min) before the counted rounds: $load_before, after: $load_after (the machine is shared; other jobs ran)  "
  echo "Gateway: \`$jar\` (git $git_state)"
  echo
  echo "Objects: $(awk -v b="$object_bytes" 'BEGIN{printf "%.0f", b/1000}') KB each (512x512 16-bit MONOCHROME2 Secondary Capture, explicit VR little endian). Medians of $rounds rounds; in every round each scenario ran gateway, storescp, Orthanc one after the other. \"gateway / this\" is the gateway's throughput divided by that receiver's (1.00 for the gateway itself)."
  echo
  echo "## 1 association x $objects objects ($mb_single MB)"
  echo
  table single "$objects" "$mb_single" times_single warm_single med_single
  echo
  echo "## $parallel associations at once x $per_assoc objects ($mb_parallel MB)"
  echo
  table parallel "$((parallel * per_assoc))" "$mb_parallel" times_parallel warm_parallel med_parallel
  echo
  echo "**Gateway / storescp: $(ratio "${med_single[gateway]}" "${med_single[storescp]}") on one association (target >= 0.6), $(ratio "${med_parallel[gateway]}" "${med_parallel[storescp]}") on $parallel (target >= 0.8). Gateway / Orthanc: $(ratio "${med_single[gateway]}" "${med_single[orthanc]}") and $(ratio "${med_parallel[gateway]}" "${med_parallel[orthanc]}") (target > 1).**"
  echo
  echo "Durability floor on this file system, per object (200 tries, Python, same folder as the receivers):"
  echo "a new file + fsync + rename + fsync of its folder, one after the other (the spool before) $floor_file_ms ms; one"
  echo "fsync of a new file alone $floor_append_ms ms (the gateway now runs the file's fsync, its folder's and the broker"
  echo "commit at the same time). storescp and this Orthanc set-up answer before any sync. On one association every"
  echo "C-STORE waits for its own sync, so with that floor the best gateway / storescp ratio there is about"
  echo "$(awk -v s="${med_single[storescp]}" -v f="$floor_append_ms" -v n="$objects" 'BEGIN{printf "%.2f", s/(s+f*n/1000)}') (storescp time / (storescp time + $objects x floor))."
  echo
  echo "Gateway at the end: last association's own account: $gw_summary. Received files left in spool/incoming after"
  echo "all rounds (every object dropped): $spool_left."
  echo
  echo "Set-up:"
  echo "- gateway: embedded Artemis broker with its persistent journal, receive spool under a temp folder; the rules file's"
  echo "  only rule is \`action: drop\` (a destination is declared on port $dead_port where nothing listens, never used),"
  echo "  so each object is made durable and announced before Success and then dropped, with no forwarding competing."
  echo "- storescp: \`TCP_NODELAY=1 storescp --fork -aet STORESCP -od <tmp> <port>\`, output folder emptied before each run."
  echo "- Orthanc: \`Orthanc orthanc.json\` (storage and index in a temp folder, no plugins, StorageCompression false,"
  echo "  OverwriteInstances true, so every round stores every object again)."
  echo "- sender: \`TCP_NODELAY=1 storescu -v -aet BENCH -aec <AE> 127.0.0.1 <port> <files>\`, one process per association,"
  echo "  started together; a run counts only if every object got Success. The same SOP Instance UIDs are sent each round."
  echo "- $warmup warm-up round(s) first (JIT), shown but not in the medians."
  echo "- command: \`ROUNDS=$rounds OBJECTS=$objects PARALLEL=$parallel PER_ASSOCIATION=$per_assoc WARMUP=$warmup bench/ingest.sh\`"
} > "$out/ingest.md"
json_list() { echo "$1" | xargs | tr ' ' ','; }
{
  printf '{"date":"%s","git":"%s","object_bytes":%s,"rounds":%s,"warmup_rounds":%s,' "$(date -u +%FT%TZ)" "$git_state" "$object_bytes" "$rounds" "$warmup"
  printf '"single":{"objects":%s,' "$objects"
  for r in "${receivers[@]}"; do printf '"%s_seconds":[%s],"%s_median_s":%s,' "$r" "$(json_list "${times_single[$r]}")" "$r" "${med_single[$r]}"; done
  printf '"associations":1},"parallel":{"objects":%s,' "$((parallel * per_assoc))"
  for r in "${receivers[@]}"; do printf '"%s_seconds":[%s],"%s_median_s":%s,' "$r" "$(json_list "${times_parallel[$r]}")" "$r" "${med_parallel[$r]}"; done
  printf '"associations":%s},"floor_file_ms":%s,"floor_append_ms":%s,' "$parallel" "$floor_file_ms" "$floor_append_ms"
  printf '"load_before":"%s","load_after":"%s"}\n' "$load_before" "$load_after"
} > "$out/ingest.json"
cat "$out/ingest.md"
