#!/usr/bin/env bash
# Where the forward path's time goes (not a test): the gateway's CPU per thread group while it forwards objects it
# already holds to dcmtk's storescp --fork, for the shipped settings and for variants that each switch one cost off,
# side by side in every round, with dcmtk storescu sending the same files directly as the peer run.
#
#   bench/forward-cpu.sh        uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... ROUNDS=6 OBJECTS=200 bench/forward-cpu.sh
#
# Variants (one gateway process each, all started at once, taking turns within a round):
# - shipped: the defaults (8 concurrent senders, associations kept open).
# - no-bookkeeping: gateway.audit.enabled, gateway.console.trail-enabled and gateway.metrics.enabled false.
# - tiered: the JVM's own tiered compilation, C1 and C2 (GATEWAY_JIT=tiered; the shipped launcher stops at C1): how
#   much of the CPU the C2 compiler takes while it warms up in a young gateway, and what its code gains.
# - 4-senders: gateway.forward.concurrent-consumers=4 (the default before it was 8).
# Per round: each gateway receives every object while storescp is down (dead-lettered at once with
# gateway.forward.max-attempts=1), then storescu sends them directly, then each gateway is re-driven into a freshly
# started, empty storescp. Measured per re-drive: seconds from the request to storescp holding the last object, the
# gateway process's CPU seconds (user + system, /proc/<pid>/stat) and per thread group (/proc/<pid>/task/*/stat).
# Writes bench/results/forward-cpu.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
rounds="${ROUNDS:-6}"
objects="${OBJECTS:-200}"
bench_require_jar
bench_require_tools "dcmtk" storescu storescp echoscu curl
git_state="$(bench_git_state)"
work="$(mktemp -d /tmp/deblur-forward-cpu.XXXXXX)"
pids=()
scp_pid=""
cleanup() {
  [[ -n "$scp_pid" ]] && kill -- "-$scp_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cpu="$(bench_cpu_model)"
uptime_start="$(uptime)"

"$py" -W ignore "$root/bench/bench_objects.py" "$work/objects" "$objects" "BENCH^FORWARD"
files=("$work"/objects/obj*.dcm)
object_bytes=$(stat -c %s "${files[0]}")
scp_port=$(free_port)
cat > "$work/rules.yaml" <<YAML
destinations:
  storescp: {ae-title: STORESCP, host: 127.0.0.1, port: $scp_port}
rules:
  - name: default
    action: pass
    destinations: [storescp]
YAML
hash=$(printf '%s' 'bench:DeblurGateway:bench-password' | sha512sum | cut -d' ' -f1)
auth() { printf 'user = "bench:bench-password"\n'; }

variants=(shipped no-bookkeeping tiered 4-senders)
declare -A dicom_port http_port gateway_pid
variant_env() { # variant -> KEY=VALUE words for env
  case "$1" in
    shipped) echo "" ;;
    no-bookkeeping) echo "GATEWAY_AUDIT_ENABLED=false GATEWAY_CONSOLE_TRAIL_ENABLED=false GATEWAY_METRICS_ENABLED=false" ;;
    tiered) echo "" ;;
    4-senders) echo "GATEWAY_FORWARD_CONCURRENT_CONSUMERS=4" ;;
  esac
}
variant_jvm_options() { # variant -> the JIT options bin/gateway would start it with
  if [[ "$1" == tiered ]]; then GATEWAY_JIT=tiered bench_jvm_options; else bench_jvm_options; fi
}
for v in "${variants[@]}"; do
  dicom_port[$v]=$(free_port); http_port[$v]=$(free_port); broker=$(free_port)
  # shellcheck disable=SC2046
  env $(variant_env "$v") GATEWAY_DICOM_PORT=${dicom_port[$v]} GATEWAY_DATA_DIR="$work/$v-data" \
    GATEWAY_RULES_FILE="$work/rules.yaml" GATEWAY_BROKER_EMBEDDED_PORT=$broker QUARKUS_HTTP_PORT=${http_port[$v]} \
    QUARKUS_HTTP_HOST=127.0.0.1 GATEWAY_HEALTH_LOAD_RULE_MODELS=false GATEWAY_FORWARD_MAX_ATTEMPTS=1 \
    QUARKUS_SECURITY_USERS_EMBEDDED_USERS_BENCH=$hash QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_BENCH=admin \
    java $(variant_jvm_options "$v") ${JAVA_OPTS:-} -jar "$jar" > "$work/$v.log" 2>&1 &
  gateway_pid[$v]=$!; pids+=("$!")
done
for v in "${variants[@]}"; do
  for _ in $(seq 1 480); do
    echoscu -aec DEBLUR -to 2 127.0.0.1 "${dicom_port[$v]}" >/dev/null 2>&1 && break
    kill -0 "${gateway_pid[$v]}" 2>/dev/null || { echo "forward-cpu.sh: gateway $v exited:" >&2; tail -30 "$work/$v.log" >&2; exit 1; }
    sleep 0.5
  done
done

dead_letters() { # http port -> dead-lettered sends for storescp
  curl -sS -K - "http://127.0.0.1:$1/admin/dead-letters" < <(auth) \
    | "$py" -c 'import json,sys; print(json.load(sys.stdin)["perDestination"].get("storescp", 0))'
}
start_storescp() {
  rm -rf "$work/scp-out"; mkdir -p "$work/scp-out"
  TCP_NODELAY=1 setsid storescp --fork -aet STORESCP -od "$work/scp-out" "$scp_port" > "$work/storescp.log" 2>&1 &
  scp_pid=$!
  for _ in $(seq 1 100); do echoscu -aec STORESCP -to 2 127.0.0.1 "$scp_port" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "forward-cpu.sh: storescp not ready" >&2; exit 1
}
stop_storescp() { kill -- "-$scp_pid" 2>/dev/null; wait "$scp_pid" 2>/dev/null || true; scp_pid=""; }
held() { find "$work/scp-out" -maxdepth 1 -type f -name 'SC.*' | wc -l; }
now() { date +%s.%N; }
# Per-thread CPU ticks of a process: "tid user system name" (the name sits in parentheses and may hold spaces).
threads() {
  "$py" - "$1" <<'PY'
import os, sys
pid = sys.argv[1]
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
    except OSError:
        continue
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    print(tid, fields[11], fields[12], name.replace(" ", "_"))
PY
}

: > "$work/results.tsv"
for ((round = 1; round <= rounds; round++)); do
  for v in "${variants[@]}"; do
    TCP_NODELAY=1 storescu -aet BENCH -aec DEBLUR 127.0.0.1 "${dicom_port[$v]}" "${files[@]}" > "$work/fill.log" 2>&1 \
      || { echo "forward-cpu.sh: filling gateway $v failed" >&2; tail -20 "$work/fill.log" >&2; exit 1; }
  done
  for v in "${variants[@]}"; do
    n=-1
    for _ in $(seq 1 1200); do n=$(dead_letters "${http_port[$v]}" || echo -1); [[ "$n" == "$objects" ]] && break; sleep 0.25; done
    [[ "$n" == "$objects" ]] || { echo "forward-cpu.sh: gateway $v has dead-lettered $n of $objects" >&2; exit 1; }
  done
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  start_storescp
  t0=$(now); TCP_NODELAY=1 storescu -aet BENCH -aec STORESCP 127.0.0.1 "$scp_port" "${files[@]}" > "$work/direct.log" 2>&1; t1=$(now)
  stop_storescp
  printf '%s\tstorescu\t%s\t-\t%s\n' "$round" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" "$load" >> "$work/results.tsv"
  for v in "${variants[@]}"; do
    start_storescp
    pid=${gateway_pid[$v]}
    threads "$pid" > "$work/before"
    t0=$(now)
    curl -sS --fail-with-body -K - -X POST "http://127.0.0.1:${http_port[$v]}/admin/dead-letters/redrive?destination=storescp" \
      < <(auth) > "$work/redrive.json" &
    sender=$!
    for _ in $(seq 1 60000); do [[ "$(held)" -ge "$objects" ]] && break; sleep 0.01; done
    t1=$(now)
    threads "$pid" > "$work/after"
    wait "$sender" || { echo "forward-cpu.sh: re-drive of $v failed" >&2; exit 1; }
    stop_storescp
    groups=$("$py" - "$work/before" "$work/after" <<'PY'
import re, sys, json
def load(path):
    return {l.split()[0]: l.split() for l in open(path)}
before, after = load(sys.argv[1]), load(sys.argv[2])
groups = {}
for tid, (_, user, system, name) in after.items():
    _, u0, s0, _ = before.get(tid, (tid, "0", "0", name))
    ticks = int(user) + int(system) - int(u0) - int(s0)
    if name.startswith("C2_Compiler") or name.startswith("C1_Compiler"):
        group = "jit"
    elif name.startswith("Camel"):
        group = "forward senders"
    elif name.startswith("trail-writer") or name.startswith("H2") or name.startswith("MVStore"):
        group = "trail"
    elif "activemq" in name or name.startswith("Thread-") or name.startswith("Artemis"):
        group = "broker"
    elif name.startswith("GC") or name.startswith("G1"):
        group = "gc"
    else:
        group = "other"
    groups[group] = groups.get(group, 0) + ticks
print(json.dumps({k: v / 100 for k, v in groups.items()}))
PY
)
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$v" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" "$groups" "$load" >> "$work/results.tsv"
    echo "forward-cpu.sh: round $round $v: $(tail -1 "$work/results.tsv" | cut -f3-4)" >&2
  done
done
uptime_end="$(uptime)"

mkdir -p "$root/bench/results"
"$py" - "$work/results.tsv" "$root/bench/results" "$objects" "$object_bytes" "$cpu" "$uptime_start" "$uptime_end" \
  "$git_state" "$rounds" "$(bench_jvm_options)" <<'PY'
import json, statistics, sys, datetime
tsv, out, objects, object_bytes, cpu, up0, up1, git, rounds, jit = sys.argv[1:11]
objects = int(objects)
rows = []
for line in open(tsv):
    rnd, contender, seconds, groups, load = line.rstrip("\n").split("\t")
    rows.append(dict(round=int(rnd), contender=contender, seconds=float(seconds),
                     groups=None if groups == "-" else json.loads(groups), load=load))
variants = ["shipped", "no-bookkeeping", "tiered", "4-senders"]
group_names = ["jit", "forward senders", "trail", "broker", "gc", "other"]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
md = ["# Forward path: where the gateway's time goes (CPU per thread group), to storescp --fork\n",
      f"`bench/forward-cpu.sh`, {now}, code {git}. CPU: {cpu} (2 cores, shared with other builds).\n",
      f"`uptime` at the start: `{up0.strip()}`  \n`uptime` at the end: `{up1.strip()}`\n",
      f"{objects} objects of {object_bytes} bytes, {rounds} rounds, medians. Per round each gateway re-drives the "
      "objects it holds into a fresh storescp; dcmtk storescu sends the same files directly in the same round. "
      "CPU: the gateway process's user + system seconds during its re-drive, by thread group (jit: the C1/C2 "
      "compiler threads; forward senders: the Camel consumers of `dicom.outbound`, which read the file, send the "
      "C-STORE, wait for the answer, record the events and commit; trail: the trail writer and H2; broker: the "
      "embedded Artemis; gc). JIT options: every variant but `tiered` runs with the launcher's "
      f"(`bin/gateway jvm-options`: `{jit or 'none'}`), `tiered` with none (the JVM's C1 + C2).\n",
      "| contender | median s | ratio to storescu (median per round) | gateway CPU s | " + " | ".join(group_names) + " |",
      "|---|---|---|---|" + "---|" * len(group_names)]
direct = {r["round"]: r["seconds"] for r in rows if r["contender"] == "storescu"}
md.append(f"| dcmtk storescu, direct | {statistics.median(direct.values()):.3f} | 1.00 | - |" + " - |" * len(group_names))
for v in variants:
    runs = [r for r in rows if r["contender"] == v]
    ratio = statistics.median(direct[r["round"]] / r["seconds"] for r in runs)
    total = statistics.median(sum(r["groups"].values()) for r in runs)
    per_group = [statistics.median(r["groups"].get(g, 0) for r in runs) for g in group_names]
    md.append(f"| {v} | {statistics.median(r['seconds'] for r in runs):.3f} | **{ratio:.2f}** | {total:.2f} | "
              + " | ".join(f"{x:.2f}" for x in per_group) + " |")
md.append("\n## Every run\n")
md.append("| round | contender | s | gateway CPU s by group | load (1/5/15 min) before the round's sends |")
md.append("|---|---|---|---|---|")
for r in rows:
    g = "-" if r["groups"] is None else ", ".join(f"{k} {v:.2f}" for k, v in sorted(r["groups"].items()))
    md.append(f"| {r['round']} | {r['contender']} | {r['seconds']:.3f} | {g} | {r['load']} |")
open(f"{out}/forward-cpu.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
