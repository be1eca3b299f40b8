#!/usr/bin/env bash
# Console and observability benchmark (not a test):
#  1. console pages with INSTANCES instances (default 10,000) in the trail: server time per page (curl's time to the
#     last byte on loopback), p50 / p95 over REQUESTS requests each (default 50): Overview, Studies list, one study,
#     search by Accession Number, search by Patient ID; target p95 < 300 ms;
#  2. a /q/metrics scrape of the same gateway: p50 / p95, target < 50 ms; REQUESTS scrapes back to back, then
#     IDLE_SCRAPES (default 12) each 2.5 s after the last, as Prometheus scrapes (past the queue-depth refresh);
#  3. ingest with the trail and the gateway's meters on versus off (gateway.console.trail-enabled,
#     gateway.metrics.enabled), two gateways side by side in the same run, rounds alternating: ROUNDS (default 15)
#     rounds of OBJECTS (default 500) ~0.5 MB objects each; target: on within 5 % of off (medians), with the
#     per-round ratios and a bootstrap interval of the ratio written beside it so the noise can be judged; after each
#     "on" round, the trail events still waiting to be written (the Overview's count: how far the trail lags), and
#     at the end each gateway's CPU seconds by thread group (JIT compiler, trail writer, ...: where the cost is).
#
#   bench/console.sh            uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... INSTANCES=10000 REQUESTS=50 IDLE_SCRAPES=12 WARMUPS=3 ROUNDS=15 OBJECTS=500 bench/console.sh
#
# Writes bench/results/console.md (and console.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
instances="${INSTANCES:-10000}"
requests="${REQUESTS:-50}"
rounds="${ROUNDS:-15}"
objects="${OBJECTS:-500}"
idle_scrapes="${IDLE_SCRAPES:-12}"
warmups="${WARMUPS:-3}"
heap="${BENCH_HEAP:-1g}"
bench_require_jar
bench_require_tools "dcmtk" storescu storescp echoscu curl

work="$(mktemp -d /tmp/deblur-console-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
uptime_before="$(uptime)"

# A console user for the bench (admin / bench-password), as README "Console" says to make one.
hash=$(printf '%s' 'bench:DeblurGateway:bench-password' | sha512sum | cut -d' ' -f1)

start_gateway() { # name trail(true|false) metrics(true|false) rules-file -> sets gw_<name>_dicom/http, pid in pids
  local name="$1" trail="$2" metrics="$3" rules="$4" dicom http broker
  dicom=$(free_port); http=$(free_port); broker=$(free_port)
  GATEWAY_DICOM_PORT=$dicom GATEWAY_DATA_DIR="$work/$name-data" GATEWAY_RULES_FILE="$rules" \
  GATEWAY_BROKER_EMBEDDED_PORT=$broker QUARKUS_HTTP_PORT=$http QUARKUS_HTTP_HOST=127.0.0.1 \
  GATEWAY_CONSOLE_TRAIL_ENABLED=$trail GATEWAY_METRICS_ENABLED=$metrics GATEWAY_HEALTH_LOAD_RULE_MODELS=false \
  QUARKUS_SECURITY_USERS_EMBEDDED_USERS_BENCH=$hash QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_BENCH=admin \
    java -Xmx"$heap" $(bench_jvm_options) ${JAVA_OPTS:-} -jar "$jar" > "$work/$name.log" 2>&1 &
  pids+=($!)
  local pid=$!
  for _ in $(seq 1 480); do
    echoscu -aec DEBLUR -to 2 127.0.0.1 "$dicom" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "console.sh: gateway $name exited:" >&2; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  eval "gw_${name}_dicom=$dicom gw_${name}_http=$http gw_${name}_pid=$pid"
}

generate() { # folder count studies rows -> DICOM files, studies x (count/studies) instances, 2 studies per patient
  "$py" -W ignore - "$@" <<'PY'
import os, sys, uuid
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

out, count, studies, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out)
uid = lambda: "2.25." + str(uuid.uuid4().int)
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture
meta.TransferSyntaxUID = ExplicitVRLittleEndian
rng = np.random.default_rng(7)
pixels = rng.integers(0, 4096, size=(rows, rows), dtype=np.uint16).tobytes()
per_study = max(1, count // studies)
for i in range(count):
    s = i // per_study
    if i % per_study == 0:
        study, series = uid(), uid()
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID = uid()
    ds.PatientName, ds.PatientID = "BENCH^P%04d" % (s // 2), "BENCH-P%04d" % (s // 2)
    ds.AccessionNumber, ds.Modality = "BA%06d" % s, "OT"
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.StudyDescription = study, series, "bench study %d" % s
    ds.InstanceNumber = i % per_study + 1
    ds.Rows = ds.Columns = rows
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels
    ds.save_as(os.path.join(out, "obj%05d.dcm" % i), write_like_original=False)
PY
}

send_all() { # port folder -> every object acknowledged with Success, or exit
  local port="$1" folder="$2" log="$work/send.log" n
  n=$(ls "$folder" | wc -l)
  TCP_NODELAY=1 storescu -v -aet BENCH -aec DEBLUR +sd 127.0.0.1 "$port" "$folder" > "$log" 2>&1 || true
  local ok
  ok=$(grep -c "Received Store Response (Success)" "$log" || true)
  [[ "$ok" -eq "$n" ]] || { echo "console.sh: $ok of $n objects acknowledged; log tail:" >&2; tail -20 "$log" >&2; exit 1; }
}

# --- 1 and 2: a gateway whose trail holds $instances instances (forwarded to a storescp: 3 entries each) ---------
pacs_port=$(free_port)
mkdir -p "$work/pacs"
TCP_NODELAY=1 storescp -aet PACS -od "$work/pacs" "$pacs_port" > "$work/storescp.log" 2>&1 &
pids+=($!)
cat > "$work/rules-pass.yaml" <<YAML
destinations:
  pacs: {ae-title: PACS, host: 127.0.0.1, port: $pacs_port}
rules:
  - name: default
    action: pass
    destinations: [pacs]
YAML
echo "console.sh: generating $instances small objects (200 studies, 100 patients)" >&2
generate "$work/trail-objects" "$instances" 200 64
start_gateway console true true "$work/rules-pass.yaml"
echo "console.sh: sending $instances objects to the console gateway" >&2
t0=$(date +%s.%N)
send_all "$gw_console_dicom" "$work/trail-objects"
t1=$(date +%s.%N)
seed_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
rm -rf "$work/pacs"/*

base="http://127.0.0.1:$gw_console_http"
jar_file="$work/cookies"
curl -s -o /dev/null -c "$jar_file" -d 'j_username=bench&j_password=bench-password' "$base/j_security_check"
# Wait until the trail has every instance (the writer is asynchronous): the study list's instance counts add up.
for _ in $(seq 1 240); do
  delivered=$(curl -s -b "$jar_file" "$base/console" | "$py" -c '
import re, sys
page = sys.stdin.read()
m = re.search(r"last 24 hours.*?<th>forwarded</th><td class=\"n\">(\d+)</td>", page, re.S)
print(m.group(1) if m else 0)')
  [[ "$delivered" -ge "$instances" ]] && break
  sleep 1
done
study=$(curl -s -b "$jar_file" "$base/console/studies" | grep -o '/console/studies/[0-9.]*' | head -1)
[[ -n "$study" ]] || { echo "console.sh: no study on the Studies page" >&2; exit 1; }

declare -A pages=(
  [overview]="/console"
  [studies]="/console/studies"
  [study]="$study"
  [search-accession]="/console/studies?by=accession-number&q=BA000123"
  [search-patient-id]="/console/studies?by=patient-id&q=BENCH-P0042"
)
timings="$work/timings.txt"
: > "$timings"
for name in overview studies study search-accession search-patient-id; do
  for i in $(seq 1 "$requests"); do
    code_time=$(curl -s -o /dev/null -b "$jar_file" -w '%{http_code} %{time_total}' "$base${pages[$name]}")
    [[ "${code_time%% *}" == 200 ]] || { echo "console.sh: $name answered ${code_time%% *}" >&2; exit 1; }
    echo "$name ${code_time#* }" >> "$timings"
  done
done
for i in $(seq 1 "$requests"); do
  code_time=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base/q/metrics")
  [[ "${code_time%% *}" == 200 ]] || { echo "console.sh: /q/metrics answered ${code_time%% *}" >&2; exit 1; }
  echo "metrics-scrape ${code_time#* }" >> "$timings"
done
# As Prometheus scrapes (every 15 s or so): each scrape after a pause longer than the queue-depth refresh (2 s).
for i in $(seq 1 "$idle_scrapes"); do
  sleep 2.5
  code_time=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base/q/metrics")
  [[ "${code_time%% *}" == 200 ]] || { echo "console.sh: /q/metrics answered ${code_time%% *}" >&2; exit 1; }
  echo "metrics-scrape-idle ${code_time#* }" >> "$timings"
done
metrics_bytes=$(curl -s "$base/q/metrics" | wc -c)
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

# --- 3: ingest, trail and meters on versus off --------------------------------------------------------------------
cat > "$work/rules-drop.yaml" <<YAML
destinations:
  pacs: {ae-title: NOBODY, host: 127.0.0.1, port: $(free_port)}
rules:
  - name: default
    action: drop
YAML
generate "$work/ingest-objects" "$objects" 1 512
start_gateway on true true "$work/rules-drop.yaml"
start_gateway off false false "$work/rules-drop.yaml"
ingest="$work/ingest.txt"
lag="$work/lag.txt"
: > "$ingest"
: > "$lag"
curl -s -o /dev/null -c "$work/cookies-on" -d 'j_username=bench&j_password=bench-password' \
  "http://127.0.0.1:$gw_on_http/j_security_check"
trail_waiting() { # -> "<events waiting> <dropped since start>" from the "on" gateway's Overview
  curl -s -b "$work/cookies-on" "http://127.0.0.1:$gw_on_http/console" \
    | sed -n 's/.*Trail writer: \([0-9]*\) event(s) waiting, \([0-9]*\) dropped.*/\1 \2/p'
}
round() { # label port -> seconds (after an "on" round, what its trail still has to write)
  local t0 t1
  t0=$(date +%s.%N); send_all "$2" "$work/ingest-objects"; t1=$(date +%s.%N)
  echo "$1 $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" >> "$ingest"
  [[ "$2" != "$gw_on_dicom" ]] || echo "$1 $(trail_waiting)" >> "$lag"
}
thread_cpu() { # pid -> "<seconds> <thread group>" lines: user + system CPU of the process's threads by name
  local t
  for t in /proc/"$1"/task/*; do
    echo "$(sed 's/[0-9]\+/N/g; s/ /_/g' "$t/comm" 2>/dev/null) $(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done | awk -v hz="$(getconf CLK_TCK)" 'NF == 2 {a[$1] += $2} END {for (k in a) printf "%.2f %s\n", a[k] / hz, k}' | sort -rn
}
echo "console.sh: $warmups ingest warm-up rounds, then $rounds rounds of $objects objects, alternating on / off" >&2
# Several warm-up rounds: the first rounds of the "on" gateway are its JIT compiling the database's code paths.
for w in $(seq 1 "$warmups"); do round warmup-on "$gw_on_dicom"; round warmup-off "$gw_off_dicom"; done
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then round on "$gw_on_dicom"; round off "$gw_off_dicom"
  else round off "$gw_off_dicom"; round on "$gw_on_dicom"; fi
done
# Caught up once ingest stops: the trail holds every event.
for _ in $(seq 1 120); do
  read -r waiting dropped <<< "$(trail_waiting)"
  [[ "${waiting:-1}" == 0 ]] && break
  sleep 0.5
done
echo "final $waiting $dropped" >> "$lag"
thread_cpu "$gw_on_pid" > "$work/cpu-on.txt"
thread_cpu "$gw_off_pid" > "$work/cpu-off.txt"
# The "on" gateway really kept a trail and counted; the "off" one did neither.
on_received=$(curl -s "http://127.0.0.1:$gw_on_http/q/metrics" | awk '/^deblur_gateway_objects_received_total/ {s+=$2} END {print s+0}')
off_received=$(curl -s "http://127.0.0.1:$gw_off_http/q/metrics" | awk '/^deblur_gateway_objects_received_total/ {s+=$2} END {print s+0}')
ls -d "$work/on-data/console" >/dev/null
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
uptime_after="$(uptime)"

"$py" - "$timings" "$ingest" "$root/bench/results" "$lag" "$work/cpu-on.txt" "$work/cpu-off.txt" <<PY
import json, os, statistics, subprocess, sys, datetime
timings, ingest, out, lagfile, cpu_on_file, cpu_off_file = sys.argv[1:7]
lags = {}
for line in open(lagfile):
    parts = line.split()
    lags.setdefault(parts[0], []).append([int(x) for x in parts[1:3]] if len(parts) >= 3 else None)
def thread_groups(path):
    groups = {}
    for line in open(path):
        seconds, name = line.split(None, 1)
        groups[name.strip()] = float(seconds)
    return groups
cpu_on, cpu_off = thread_groups(cpu_on_file), thread_groups(cpu_off_file)
def pct(values, p):
    v = sorted(values); k = (len(v) - 1) * p / 100; f = int(k); c = min(f + 1, len(v) - 1)
    return v[f] + (v[c] - v[f]) * (k - f)
pages = {}
for line in open(timings):
    name, t = line.split(); pages.setdefault(name, []).append(float(t) * 1000)
runs = {}
for line in open(ingest):
    name, t = line.split(); runs.setdefault(name, []).append(float(t))
cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
rev = subprocess.run(["git", "-C", "$root", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "-C", "$root", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
mb = $objects * os.path.getsize(os.path.join("$work/ingest-objects", "obj00000.dcm")) / 1e6
result = {
    "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu, "cores": os.cpu_count(),
    "git": rev + (" (uncommitted changes)" if dirty else ""), "instances": $instances, "requests": $requests,
    "seed_seconds": float("$seed_s"), "metrics_bytes": int("$metrics_bytes"),
    "pages_ms": {k: {"p50": round(statistics.median(v), 1), "p95": round(pct(v, 95), 1), "max": round(max(v), 1)} for k, v in pages.items()},
    "ingest": {"objects": $objects, "mb_per_round": round(mb, 1), "rounds": runs,
               "median_on_s": on, "median_off_s": off, "on_vs_off": round(on / off, 3),
               "objects_counted_on": int(float("$on_received")), "objects_counted_off": int(float("$off_received")),
               "trail_waiting_after_round": lags, "cpu_seconds_by_thread_group": {"on": cpu_on, "off": cpu_off}},
    "load_before": "$load_before", "load_after": "$load_after",
    "uptime_before": "$uptime_before".strip(), "uptime_after": "$uptime_after".strip(),
}
pairs = [a / b for a, b in zip(runs["on"], runs["off"])]
result["ingest"]["pair_ratios"] = [round(r, 3) for r in pairs]
result["ingest"]["pair_ratio_median"] = round(statistics.median(pairs), 3)
q = statistics.quantiles(pairs, n=4) if len(pairs) >= 2 else [pairs[0]] * 3
result["ingest"]["pair_ratio_iqr"] = [round(q[0], 3), round(q[2], 3)]
# Spread of the median ratio itself: bootstrap over the rounds (fixed seed), 2.5th..97.5th percentile.
import random
rnd = random.Random(1)
boot = []
for _ in range(2000):
    idx = [rnd.randrange(len(pairs)) for _ in pairs]
    boot.append(statistics.median([runs["on"][i] for i in idx]) / statistics.median([runs["off"][i] for i in idx]))
boot.sort()
result["ingest"]["on_vs_off_95"] = [round(boot[49], 3), round(boot[1949], 3)]
json.dump(result, open(os.path.join(out, "console.json"), "w"), indent=2)
L = []
L.append("# Console and observability benchmark\n")
L.append("Date: %s  " % result["date"])
L.append("CPU: %s, %d cores (shared machine: other jobs ran; load average 1/5/15 min before %s, after %s)  " % (cpu, result["cores"], result["load_before"], result["load_after"]))
L.append("uptime before: \`%s\`; after: \`%s\`  " % (result["uptime_before"], result["uptime_after"]))
L.append("Gateway: git %s, heap $heap; command: \`INSTANCES=$instances REQUESTS=$requests IDLE_SCRAPES=$idle_scrapes WARMUPS=$warmups ROUNDS=$rounds OBJECTS=$objects bench/console.sh\`\n" % result["git"])
L.append("## Console pages with %d instances in the trail\n" % $instances)
L.append("The trail was filled through the pipeline: %d objects (64x64 Secondary Capture; 200 studies of %d instances, 100 patients) sent with storescu to a gateway whose one rule passes everything to a storescp, so each instance has received, rule-matched and forward-delivered entries (%.1f s to send). Times are curl's time_total on loopback (request to last byte, logged in as an admin), %d requests per page, one after another.\n" % ($instances, $instances // 200, result["seed_seconds"], $requests))
L.append("| page | p50 ms | p95 ms | max ms | target |")
L.append("|---|---:|---:|---:|---|")
labels = {"overview": "Overview (\`/console\`)", "studies": "Studies list (\`/console/studies\`)", "study": "a study (50 instances)", "search-accession": "search by Accession Number", "search-patient-id": "search by Patient ID (2 studies)", "metrics-scrape": "\`/q/metrics\` scrape, back to back (%d bytes, no login)" % result["metrics_bytes"], "metrics-scrape-idle": "\`/q/metrics\` scrape 2.5 s after the last (as Prometheus does), %d times" % $idle_scrapes}
for k in ["overview", "studies", "study", "search-accession", "search-patient-id", "metrics-scrape", "metrics-scrape-idle"]:
    v = result["pages_ms"][k]; target = 50 if k.startswith("metrics-scrape") else 300
    L.append("| %s | %.1f | %.1f | %.1f | p95 < %d ms: %s |" % (labels[k], v["p50"], v["p95"], v["max"], target, "met" if v["p95"] < target else "**missed**"))
L.append("\n## Ingest with the trail and meters on versus off\n")
L.append("Two gateways side by side in the same run, each with its embedded broker and spool, rules \`action: drop\`; one with the trail and the gateway's meters on (the defaults), one with \`gateway.console.trail-enabled=false\` and \`gateway.metrics.enabled=false\`. Each round sends the same %d objects (512x512 16-bit, %.1f MB) in one association with storescu; rounds alternate (on first in odd rounds, off first in even ones) after $warmups warm-up rounds each. Objects counted by \`deblur_gateway_objects_received_total\` afterwards: on %d, off %d.\n" % ($objects, mb, result["ingest"]["objects_counted_on"], result["ingest"]["objects_counted_off"]))
L.append("| round | on s | off s | trail events waiting after the on round |")
L.append("|---:|---:|---:|---:|")
def waiting(name, i):
    v = lags.get(name, [])
    return str(v[i][0]) if i < len(v) and v[i] else "?"
for w, (a, b) in enumerate(zip(runs["warmup-on"], runs["warmup-off"]), 1):
    L.append("| warm-up %d (not counted) | %.3f | %.3f | %s |" % (w, a, b, waiting("warmup-on", w - 1)))
for i, (a, b) in enumerate(zip(runs["on"], runs["off"]), 1):
    L.append("| %d | %.3f | %.3f | %s |" % (i, a, b, waiting("on", i - 1)))
L.append("| **median** | **%.3f** | **%.3f** | |" % (on, off))
L.append("\n**On / off: %.3f** (%+.1f %%; target within 5 %%: %s).\n" % (on / off, (on / off - 1) * 100, "met" if on / off <= 1.05 else "**missed**"))
ing = result["ingest"]
L.append("Spread: rounds took %.3f-%.3f s (on) and %.3f-%.3f s (off). Per round, on / off of the same round: median %.3f, quartiles %.3f-%.3f. The ratio of the medians, bootstrapped over the rounds (2,000 resamples): 95 %% of resamples between %.3f and %.3f.\n" % (min(runs["on"]), max(runs["on"]), min(runs["off"]), max(runs["off"]), ing["pair_ratio_median"], ing["pair_ratio_iqr"][0], ing["pair_ratio_iqr"][1], ing["on_vs_off_95"][0], ing["on_vs_off_95"][1]))
final = (lags.get("final") or [None])[0]
L.append("After the last round the trail had %s event(s) still waiting and had dropped %s since start.\n" % tuple(final if final else ("?", "?")))
L.append("CPU seconds by thread group over the whole ingest part (warm-ups included), user + system from /proc; the gateway's start not subtracted:\n")
L.append("| thread group | on s | off s |")
L.append("|---|---:|---:|")
for name in sorted(set(cpu_on) | set(cpu_off), key=lambda k: -(cpu_on.get(k, 0) + cpu_off.get(k, 0)))[:12]:
    L.append("| %s | %.2f | %.2f |" % (name.replace("_", " ").replace("|", "/"), cpu_on.get(name, 0), cpu_off.get(name, 0)))
L.append("| **all threads** | **%.2f** | **%.2f** |\n" % (sum(cpu_on.values()), sum(cpu_off.values())))
open(os.path.join(out, "console.md"), "w").write("\n".join(L) + "\n")
print("\n".join(L))
PY
