#!/usr/bin/env bash
# Forward benchmark (not a test): how fast the gateway sends objects it already holds to a PACS, compared with dcmtk's
# storescu sending the same files directly, to dcmtk's storescp and to Orthanc, in one run, side by side.
#
#   bench/forward.sh            uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... ROUNDS=5 OBJECTS=300 WARMUP=1 bench/forward.sh
#
# Objects: one generated 512x512 16-bit MONOCHROME2 image (~0.5 MB), copied with its own SOP Instance UID per file.
#
# Contenders, per receiver and round, one after the other (the order rotates each round):
# - storescu: one association, every file (TCP_NODELAY=1): the time the process takes.
# - gateway (pooled): the shipped settings (8 concurrent senders, gateway.forward.association-idle-timeout=5s).
# - gateway (one association per object): the same jar with association-idle-timeout=0s, i.e. the sender as it was
#   before associations were kept open.
# "Already spooled": each gateway first receives the OBJECTS while both destinations are down; with
# gateway.forward.max-attempts=1 every send lands on the dead-letter queue at once, its outbound copy kept. Then the
# receivers start and a re-drive (POST /admin/dead-letters/redrive?destination=...) puts them back as first attempts:
# the time runs from that request until the receiver holds the last object (storescp: its files; Orthanc: its
# CountInstances), the re-drive's own moving of the messages included.
# Receivers: storescp --fork (one process per association, as a PACS serves associations in parallel), output folder
# emptied before each contender; Orthanc started afresh (empty storage) for each contender.
# Writes bench/results/forward.md (and forward.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
rounds="${ROUNDS:-5}"
objects="${OBJECTS:-300}"
warmup="${WARMUP:-1}"
bench_require_jar
bench_require_tools "dcmtk and orthanc" storescu storescp echoscu Orthanc curl
git_state="$(bench_git_state)"

work="$(mktemp -d /tmp/deblur-forward.XXXXXX)"
pids=()
scp_pid="" orthanc_pid=""
cleanup() {
  [[ -n "$scp_pid" ]] && kill -- "-$scp_pid" 2>/dev/null
  for p in "${pids[@]}" $orthanc_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [[ -n "${KEEP_LOGS:-}" ]] && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cpu="$(bench_cpu_model)"
uptime_start="$(uptime)"

echo "forward.sh: generating $objects objects in $work/objects" >&2
"$py" -W ignore "$root/bench/bench_objects.py" "$work/objects" "$objects" "BENCH^FORWARD"
files=("$work"/objects/obj*.dcm)
object_bytes=$(stat -c %s "${files[0]}")
mb=$(awk -v b="$object_bytes" -v n="$objects" 'BEGIN{printf "%.1f", b*n/1e6}')

scp_port=$(free_port); orthanc_port=$(free_port); orthanc_http=$(free_port)
cat > "$work/rules.yaml" <<YAML
destinations:
  storescp: {ae-title: STORESCP, host: 127.0.0.1, port: $scp_port}
  orthanc: {ae-title: ORTHANC, host: 127.0.0.1, port: $orthanc_port}
rules:
  - name: default
    action: pass
    destinations: [storescp, orthanc]
YAML

# A console user for the re-drive (admin / bench-password), as README "Console" says to make one.
hash=$(printf '%s' 'bench:DeblurGateway:bench-password' | sha512sum | cut -d' ' -f1)
auth() { printf 'user = "bench:bench-password"\n'; }

start_gateway() { # name idle-timeout -> gw_<name>_dicom / gw_<name>_http
  local name="$1" idle="$2" dicom http broker pid
  dicom=$(free_port); http=$(free_port); broker=$(free_port)
  GATEWAY_DICOM_PORT=$dicom GATEWAY_DATA_DIR="$work/$name-data" GATEWAY_RULES_FILE="$work/rules.yaml" \
  GATEWAY_BROKER_EMBEDDED_PORT=$broker QUARKUS_HTTP_PORT=$http QUARKUS_HTTP_HOST=127.0.0.1 \
  GATEWAY_HEALTH_LOAD_RULE_MODELS=false GATEWAY_FORWARD_MAX_ATTEMPTS=1 \
  GATEWAY_FORWARD_ASSOCIATION_IDLE_TIMEOUT="$idle" \
  QUARKUS_SECURITY_USERS_EMBEDDED_USERS_BENCH=$hash QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_BENCH=admin \
    java $(bench_jvm_options) ${JAVA_OPTS:-} -jar "$jar" > "$work/$name.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 1 480); do
    echoscu -aec DEBLUR -to 2 127.0.0.1 "$dicom" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "forward.sh: gateway $name exited:" >&2; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  eval "gw_${name}_dicom=$dicom gw_${name}_http=$http"
}
start_gateway pooled 5s
start_gateway single 0s

dead_letters() { # http destination -> count
  curl -sS -K - "http://127.0.0.1:$1/admin/dead-letters" < <(auth) \
    | "$py" -c 'import json,sys; print(json.load(sys.stdin)["perDestination"].get(sys.argv[1], 0))' "$2"
}

# Every object into both gateways while the receivers are down: each send is dead-lettered with its copy kept.
fill() {
  local name http dicom
  for name in pooled single; do
    eval "dicom=\$gw_${name}_dicom http=\$gw_${name}_http"
    TCP_NODELAY=1 storescu -aet BENCH -aec DEBLUR 127.0.0.1 "$dicom" "${files[@]}" > "$work/fill-$name.log" 2>&1 \
      || { echo "forward.sh: filling gateway $name failed:" >&2; tail -20 "$work/fill-$name.log" >&2; exit 1; }
  done
  for name in pooled single; do
    wait_dead_letters "$name"
  done
}

wait_dead_letters() { # gateway name: until each destination has every object's send dead-lettered
  local http s=-1 o=-1
  eval "http=\$gw_${1}_http"
  for _ in $(seq 1 1200); do
    s=$(dead_letters "$http" storescp || echo -1); o=$(dead_letters "$http" orthanc || echo -1)
    [[ "$s" == "$objects" && "$o" == "$objects" ]] && return 0
    sleep 0.25
  done
  echo "forward.sh: gateway $1 has dead-lettered $s (storescp) and $o (orthanc) of $objects sends" >&2
  exit 1
}

start_storescp() {
  rm -rf "$work/scp-out"; mkdir -p "$work/scp-out"
  # A session of its own: stopping it stops the children --fork made too (each holds the listening port).
  TCP_NODELAY=1 setsid storescp --fork -v -aet STORESCP -od "$work/scp-out" "$scp_port" > "$work/storescp.log" 2>&1 &
  scp_pid=$!
  for _ in $(seq 1 100); do echoscu -aec STORESCP -to 2 127.0.0.1 "$scp_port" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "forward.sh: storescp not ready" >&2; exit 1
}
stop_storescp() { kill -- "-$scp_pid" 2>/dev/null; wait "$scp_pid" 2>/dev/null || true; scp_pid=""; }
start_orthanc() {
  rm -rf "$work/orthanc"; mkdir -p "$work/orthanc"
  cat > "$work/orthanc/orthanc.json" <<JSON
{
  "Name": "bench", "StorageDirectory": "$work/orthanc/storage", "IndexDirectory": "$work/orthanc/index",
  "Plugins": [], "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "HttpPort": $orthanc_http, "DicomPort": $orthanc_port, "DicomAet": "ORTHANC", "DicomCheckCalledAet": false,
  "DicomAlwaysAllowStore": true, "StorageCompression": false, "OverwriteInstances": true, "DicomScpTimeout": 30
}
JSON
  Orthanc "$work/orthanc/orthanc.json" > "$work/orthanc.log" 2>&1 &
  orthanc_pid=$!
  for _ in $(seq 1 240); do
    echoscu -aec ORTHANC -to 2 127.0.0.1 "$orthanc_port" >/dev/null 2>&1 && return 0
    kill -0 "$orthanc_pid" 2>/dev/null || { echo "forward.sh: Orthanc exited:" >&2; tail -20 "$work/orthanc.log" >&2; exit 1; }
    sleep 0.25
  done
  echo "forward.sh: Orthanc not ready" >&2; exit 1
}
stop_orthanc() { kill "$orthanc_pid" 2>/dev/null; wait "$orthanc_pid" 2>/dev/null || true; orthanc_pid=""; }
held() { # receiver -> objects it holds
  if [[ "$1" == storescp ]]; then
    find "$work/scp-out" -maxdepth 1 -type f -name 'SC.*' | wc -l
  else
    curl -sf "http://127.0.0.1:$orthanc_http/statistics" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'
  fi
}
now() { date +%s.%N; }

# One contender to one receiver (already started and empty) -> "seconds first-to-last associations": seconds from
# the start (storescu started, re-drive requested) to the receiver holding the last object; first-to-last from its
# first object to its last (the steady rate, without the re-drive's moving of messages ahead of the first send).
measure() { # receiver contender
  local receiver="$1" contender="$2" t0 t1 tfirst="" http port aec associations sender n
  [[ "$receiver" == storescp ]] && { port=$scp_port; aec=STORESCP; } || { port=$orthanc_port; aec=ORTHANC; }
  t0=$(now)
  if [[ "$contender" == storescu ]]; then
    TCP_NODELAY=1 storescu -aet BENCH -aec "$aec" 127.0.0.1 "$port" "${files[@]}" > "$work/direct.log" 2>&1 &
  else
    eval "http=\$gw_${contender}_http"
    curl -sS --fail-with-body -K - -X POST -G --data-urlencode "destination=$receiver" \
      "http://127.0.0.1:$http/admin/dead-letters/redrive" < <(auth) > "$work/redrive.json" &
  fi
  sender=$!
  for _ in $(seq 1 60000); do
    n=$(held "$receiver")
    [[ -z "$tfirst" && "$n" -ge 1 ]] && tfirst=$(now)
    [[ "$n" -ge "$objects" ]] && break
    sleep 0.02
  done
  t1=$(now)
  wait "$sender" || { echo "forward.sh: $contender to $receiver failed" >&2; tail -20 "$work/direct.log" >&2; exit 1; }
  [[ "$(held "$receiver")" -ge "$objects" ]] || { echo "forward.sh: $receiver holds $(held "$receiver") of $objects after $contender" >&2; exit 1; }
  associations="-"
  # storescp's log counts the readiness C-ECHO's association too.
  [[ "$receiver" == storescp ]] && associations=$(( $(grep -c "Association Acknowledged" "$work/storescp.log" || true) - 1 ))
  awk -v a="$t0" -v f="$tfirst" -v b="$t1" -v n="$associations" 'BEGIN{printf "%.3f %.3f %s", b-a, b-f, n}'
}

contenders=(storescu pooled single)
: > "$work/results.tsv"
for ((round = 1; round <= warmup + rounds; round++)); do
  kind=measured; (( round <= warmup )) && kind=warmup
  echo "forward.sh: round $round ($kind): filling both gateways" >&2
  fill
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  shift_by=$(( round % 3 ))
  order=("${contenders[@]:$shift_by}" "${contenders[@]:0:$shift_by}")
  for receiver in storescp orthanc; do
    for contender in "${order[@]}"; do
      if [[ "$receiver" == storescp ]]; then start_storescp; else start_orthanc; fi
      result=$(measure "$receiver" "$contender")
      if [[ "$receiver" == storescp ]]; then stop_storescp; else stop_orthanc; fi
      echo "forward.sh: round $round $receiver $contender: $result" >&2
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$kind" "$receiver" "$contender" "$result" "$load" >> "$work/results.tsv"
    done
  done
  # A contender whose sends did not all come back would leave dead letters: none may remain.
  for name in pooled single; do
    eval "http=\$gw_${name}_http"
    for receiver in storescp orthanc; do
      left=$(dead_letters "$http" "$receiver")
      [[ "$left" -eq 0 ]] || { echo "forward.sh: gateway $name still has $left dead letters for $receiver" >&2; exit 1; }
    done
  done
done
uptime_end="$(uptime)"

mkdir -p "$root/bench/results"
"$py" - "$work/results.tsv" "$root/bench/results" "$objects" "$object_bytes" "$mb" "$cpu" "$uptime_start" "$uptime_end" \
  "$git_state" "$rounds" "$warmup" <<'PY'
import json, statistics, sys, datetime
tsv, out, objects, object_bytes, mb, cpu, up0, up1, git, rounds, warmup = sys.argv[1:12]
objects, object_bytes, mb = int(objects), int(object_bytes), float(mb)
rows = []
for line in open(tsv):
    rnd, kind, receiver, contender, fields, load = line.rstrip("\n").split("\t")
    seconds, steady, associations = fields.split(" ")
    rows.append(dict(round=int(rnd), kind=kind, receiver=receiver, contender=contender, seconds=float(seconds),
                     steady=float(steady), associations=associations, load=load))
names = {"storescu": "dcmtk storescu, direct (1 association)",
         "pooled": "gateway, associations kept open (shipped: 5s idle)",
         "single": "gateway, one association per object (idle timeout 0s)"}
summary = {}
for receiver in ("storescp", "orthanc"):
    for contender in ("storescu", "pooled", "single"):
        runs = [r for r in rows if r["kind"] == "measured" and r["receiver"] == receiver and r["contender"] == contender]
        summary[(receiver, contender)] = (statistics.median(r["seconds"] for r in runs),
                                          statistics.median(r["steady"] for r in runs))
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
md = []
md.append("# Forward throughput: gateway vs dcmtk storescu, to storescp and Orthanc\n")
md.append(f"`bench/forward.sh`, {now}, code {git}. CPU: {cpu} (2 cores, shared with other builds).\n")
md.append(f"`uptime` at the start: `{up0.strip()}`  \n`uptime` at the end: `{up1.strip()}`\n")
md.append(f"{objects} objects of {object_bytes} bytes ({mb} MB), 512x512 16-bit Secondary Capture, explicit VR little endian. "
          f"{rounds} measured rounds after {warmup} warm-up round(s); medians. Each round: both gateways receive every object "
          "while the receivers are down (dead-lettered at once with `gateway.forward.max-attempts=1`), then per receiver the three "
          "contenders one after the other (order rotated per round), each into a freshly started, empty receiver. Gateway: from "
          "`POST /admin/dead-letters/redrive?destination=...` to the receiver holding the last object; storescu: the process.\n")
for receiver, label in (("storescp", "storescp `--fork` (TCP_NODELAY=1)"), ("orthanc", "Orthanc")):
    md.append(f"\n## To {label}\n")
    md.append("| contender | median s, start to last object | MB/s | objects/s | ratio to storescu | median s, first to last object | ratio to storescu |")
    md.append("|---|---|---|---|---|---|---|")
    base, base_steady = summary[(receiver, "storescu")]
    for contender in ("storescu", "pooled", "single"):
        s, steady = summary[(receiver, contender)]
        md.append(f"| {names[contender]} | {s:.2f} | {mb / s:.1f} | {objects / s:.1f} | **{base / s:.2f}** | {steady:.2f} | {base_steady / steady:.2f} |")
md.append("\n## Ratio to storescu per round (the machine's load changed within the run; each round's contenders ran "
          "minutes apart at most)\n")
md.append("| receiver | contender | per round (start to last object) | median |")
md.append("|---|---|---|---|")
per_round = {}
for receiver in ("storescp", "orthanc"):
    for contender in ("pooled", "single"):
        ratios = []
        for rnd in sorted({r["round"] for r in rows if r["kind"] == "measured"}):
            got = {r["contender"]: r["seconds"] for r in rows if r["round"] == rnd and r["receiver"] == receiver}
            ratios.append(got["storescu"] / got[contender])
        per_round[f"{receiver}/{contender}"] = ratios
        md.append(f"| {receiver} | {names[contender]} | {' / '.join(f'{x:.2f}' for x in ratios)} | "
                  f"**{statistics.median(ratios):.2f}** |")
md.append("\n## Every run\n")
md.append("| round | kind | receiver | contender | s, start to last | s, first to last | associations at storescp | load (1/5/15 min) at the round's start |")
md.append("|---|---|---|---|---|---|---|---|")
for r in rows:
    md.append(f"| {r['round']} | {r['kind']} | {r['receiver']} | {r['contender']} | {r['seconds']:.3f} | {r['steady']:.3f} | {r['associations']} | {r['load']} |")
open(f"{out}/forward.md", "w").write("\n".join(md) + "\n")
json.dump({"cpu": cpu, "uptime_start": up0, "uptime_end": up1, "objects": objects, "object_bytes": object_bytes,
           "code": git, "runs": rows, "ratio_per_round": per_round,
           "medians": {f"{k[0]}/{k[1]}": {"seconds": v[0], "first_to_last": v[1]} for k, v in summary.items()}}, open(f"{out}/forward.json", "w"), indent=1)
print("\n".join(md))
PY
