#!/usr/bin/env bash
# Soak benchmark (not a test): DURATION seconds of steady traffic into the packaged gateway on the standalone broker
# (tools/artemis-standalone), Orthanc as the PACS stopped ORTHANC_DOWN seconds of every CYCLE seconds, and the broker
# killed with SIGKILL once (at half time) and restarted after BROKER_DOWN seconds. Then checks at Orthanc that nothing
# acknowledged was lost and nothing was stored twice, that the heap stayed flat and that the spools are empty again.
#
#   bench/soak.sh                                         30 minutes, Orthanc down 30 s of every 120 s
#   DURATION=1800 CYCLE=120 ORTHANC_DOWN=30 BROKER_DOWN=15 ASSOCIATIONS=2 BATCH=10 PAUSE=2 DEBLUR_EVERY=10 bench/soak.sh
#
# Traffic: rounds of ASSOCIATIONS storescu at once, each sending BATCH new objects (bench/load_driver.py generate: own
# SOP Instance UIDs, one in DEBLUR_EVERY through a deblur rule), PAUSE seconds between rounds. A C-STORE the gateway
# refuses (e.g. while the broker is down it cannot commit, so it answers a failure status) is sent again in a later
# round, as a modality would; only objects that got Success count as acknowledged. After DURATION the senders stop,
# Orthanc is up, and the script waits until Orthanc holds everything and the spools are empty.
# Heap every HEAP_INTERVAL s (default 10) from /q/metrics. Writes bench/results/soak.md and soak.json; exits 1 if the
# check fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-1800}"
cycle="${CYCLE:-120}"
orthanc_down="${ORTHANC_DOWN:-30}"
broker_down="${BROKER_DOWN:-15}"
associations="${ASSOCIATIONS:-2}"
batch="${BATCH:-10}"
pause="${PAUSE:-2}"
deblur_every="${DEBLUR_EVERY:-10}"
heap_interval="${HEAP_INTERVAL:-10}"
drain_timeout="${DRAIN_TIMEOUT:-900}"
work="$(mktemp -d /tmp/deblur-soak.XXXXXX)"
# shellcheck source=bench/load-common.sh
source "$root/bench/load-common.sh"
sender_pid="" folders_pid="" gc_pid=""
soak_cleanup() {
  for pid in "$sender_pid" "$folders_pid" "$gc_pid"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  bench_cleanup
}
trap soak_cleanup EXIT
bench_require
[[ -x "$root/tools/artemis-standalone" ]] || { echo "soak.sh: tools/artemis-standalone missing" >&2; exit 2; }

write_rules
orthanc_configure
orthanc_start
broker_start
gateway_start GATEWAY_BROKER_URL="tcp://127.0.0.1:$broker_port" \
  GATEWAY_BROKER_CREDENTIALS_FILE="$work/broker/credentials.properties" \
  GATEWAY_DICOM_MAX_ASSOCIATIONS=$((associations + 4))
echo "soak.sh: gateway up on the standalone broker; $duration s of traffic" >&2

mkdir -p "$work/rounds"
: > "$work/acked.txt"
# Files generated so far minus files acknowledged with Success.
unacked() { comm -23 <(cat "$work"/rounds/*/all.txt 2>/dev/null | sort) <(sort "$work/acked.txt"); }
send_round() { # $1 = round number: new objects, plus every earlier object still not acknowledged
  local r="$1" dir="$work/rounds/$(printf 'r%05d' "$1")" retry pids=()
  retry=$(unacked)
  "$py" "$driver" generate "$dir" --associations "$associations" --per-association "$batch" \
    --deblur-every "$deblur_every" --prefix "r$(printf '%05d' "$r")-" --seed "$r"
  find "$dir" -name '*.dcm' | sort > "$dir/all.txt"
  for a in $(seq 0 $((associations - 1))); do
    send_association "$dir/assoc-$a.log" "SOAK$a" "$dir/a$(printf '%02d' "$a")"/*.dcm &
    pids+=($!)
  done
  if [[ -n "$retry" ]]; then
    # shellcheck disable=SC2086
    send_association "$dir/retry.log" SOAKRETRY $retry &
    pids+=($!)
  fi
  wait "${pids[@]}"
  "$py" "$driver" acks "$dir"/*.log | "$py" -c 'import json,sys; print("\n".join(json.load(sys.stdin)["acked"]))' \
    | sed '/^$/d' >> "$work/acked.txt"
}

t_start=$(date +%s)
(
  r=0
  while [[ $(($(date +%s) - t_start)) -lt "$duration" ]]; do
    r=$((r + 1))
    send_round "$r"
    sleep "$pause"
  done
) &
sender_pid=$!

heap_sampler_start "$heap_interval" "$work/heap.tsv"
# Data folder figures every minute: "epoch spool_files outbound_files deblur_files data_dir_bytes".
(
  while true; do
    echo "$(date +%s) $(files_in spool) $(files_in outbound) $(files_in deblur) $(du -sb "$work/gateway-data" 2>/dev/null | cut -f1)" >> "$work/folders.tsv"
    sleep 60
  done
) &
folders_pid=$!
# The live set: heap used right after a full GC (jcmd GC.run), every HEAP_GC_EVERY s (default 300): "t_s MiB".
(
  while true; do
    sleep "${HEAP_GC_EVERY:-300}"
    echo "$(($(date +%s) - t_start)) $(heap_after_full_gc_mib)" >> "$work/gc.tsv"
  done
) &
gc_pid=$!
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
events=()
broker_killed=0
# Chaos: Orthanc down ORTHANC_DOWN s in the middle of every CYCLE; the broker killed once at half time.
while [[ $(($(date +%s) - t_start)) -lt "$duration" ]]; do
  elapsed=$(($(date +%s) - t_start))
  if [[ "$broker_killed" -eq 0 && "$elapsed" -ge $((duration / 2)) ]]; then
    broker_kill9
    events+=("$elapsed s: standalone broker killed (SIGKILL)")
    sleep "$broker_down"
    broker_start
    events+=("$(($(date +%s) - t_start)) s: standalone broker restarted (journal kept)")
    broker_killed=1
    continue
  fi
  if [[ $((elapsed % cycle)) -ge $((cycle / 2)) && $((elapsed % cycle)) -lt $((cycle / 2 + 5)) ]]; then
    orthanc_stop
    events+=("$elapsed s: Orthanc stopped")
    sleep "$orthanc_down"
    orthanc_start
    events+=("$(($(date +%s) - t_start)) s: Orthanc started")
  fi
  sleep 1
done
wait "$sender_pid" || true
sender_pid=""
[[ -n "$orthanc_pid" ]] || orthanc_start
# Whatever never got Success (the last rounds, or a refusal at the very end) is sent again until acknowledged.
for attempt in 1 2 3 4 5; do
  left=$(unacked)
  [[ -z "$left" ]] && break
  # shellcheck disable=SC2086
  send_association "$work/final-$attempt.log" SOAKFINAL $left
  "$py" "$driver" acks "$work/final-$attempt.log" | "$py" -c 'import json,sys; print("\n".join(json.load(sys.stdin)["acked"]))' \
    | sed '/^$/d' >> "$work/acked.txt"
done
t_sent=$(date +%s)
manifests=("$work"/rounds/*/manifest.json)
deblurred=$("$py" -c '
import json, sys
print(sum(o["deblur"] for m in sys.argv[1:] for o in json.load(open(m))["objects"]))' "${manifests[@]}")
generated=$(cat "$work"/rounds/*/all.txt | wc -l)
drained=ok
drain_s=$(wait_delivered $((generated + deblurred)) "$drain_timeout") || drained=timeout
sleep 15
heap_sampler_stop
kill "$folders_pid" "$gc_pid" 2>/dev/null; wait "$folders_pid" "$gc_pid" 2>/dev/null || true
echo "$(date +%s) $(files_in spool) $(files_in outbound) $(files_in deblur) $(du -sb "$work/gateway-data" | cut -f1)" >> "$work/folders.tsv"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
after_dir=$(data_dir_json)
heap_after_gc=$(heap_after_full_gc_mib)
sort -u "$work/acked.txt" > "$work/acked-unique.txt"
"$py" -c 'import json,sys; print(json.dumps({"acked": [l.strip() for l in open(sys.argv[1]) if l.strip()]}))' \
  "$work/acked-unique.txt" > "$work/acks.json"
"$py" "$driver" acks "$work"/rounds/*/*.log "$work"/final-*.log 2>/dev/null > "$work/trips.json" || \
  "$py" "$driver" acks "$work"/rounds/*/*.log > "$work/trips.json"
"$py" "$driver" verify "$orthanc_url" "${manifests[@]}" --acked "$work/acks.json" \
  --deliveries "$work"/orthanc-*.log > "$work/verify.json"
"$py" "$driver" stats --acks "$work/trips.json" --heap "$work/heap.tsv" > "$work/stats.json"
printf '%s\n' "${events[@]}" > "$work/events.txt"

out="$root/bench/results"
mkdir -p "$out"
"$py" - "$work" "$out" <<PY
import json, sys
work, out = sys.argv[1], sys.argv[2]
verify = json.load(open(work + "/verify.json"))
stats = json.load(open(work + "/stats.json"))
trips = json.load(open(work + "/trips.json"))
after = json.loads('''$after_dir''')
events = [l.rstrip() for l in open(work + "/events.txt") if l.strip()]
try:
    gcs = [l.split() for l in open(work + "/gc.tsv") if len(l.split()) == 2]
except FileNotFoundError:
    gcs = []
folders = [l.split() for l in open(work + "/folders.tsv") if l.strip()]
t0 = $t_start
result = {
    "date": "$(date -u +%FT%TZ)", "machine": "$(bench_machine_line)", "gateway": "$(git_line)",
    "duration_s": $duration, "cycle_s": $cycle, "orthanc_down_s": $orthanc_down, "broker_down_s": $broker_down,
    "associations": $associations, "batch": $batch, "pause_s": $pause, "deblur_every": $deblur_every,
    "generated": $generated, "acked": verify["acked"], "failure_statuses": len(trips["failed"]),
    "send_s": $t_sent - t0, "drain_after_last_send_s": float("$drain_s" or 0), "drained": "$drained",
    "events": events, "verify": verify, "stats": stats, "heap_after_full_gc_mib_end": float("${heap_after_gc:-0}" or 0),
    "folders_every_minute": [{"t_s": int(f[0]) - t0, "spool_files": int(f[1]), "outbound_files": int(f[2]),
                               "deblur_files": int(f[3]), "data_dir_bytes": int(f[4] or 0)} for f in folders],
    "heap_after_full_gc_mib_every": [{"t_s": int(g[0]), "mib": float(g[1])} for g in gcs],
    "data_dir_after": after, "load_before": "$load_before", "load_after": "$load_after",
}
json.dump(result, open(out + "/soak.json", "w"), indent=1)
v, s = verify, stats
ok = v["ok"] and "$drained" == "ok"
first, last = result["folders_every_minute"][0], result["folders_every_minute"][-1]
def folder(k):
    e = after.get(k, {"files": 0, "bytes_on_disk": 0})
    return "%d files, %.1f MB" % (e["files"], e["bytes_on_disk"] / 1e6)
lines = [
    "# Soak benchmark: %d min, Orthanc down %d s of every %d s, standalone broker killed once" % ($duration // 60, $orthanc_down, $cycle),
    "",
    "Date: %s  " % result["date"],
    "Machine: %s  " % result["machine"],
    "Software: $(versions_line); Artemis ${ARTEMIS_VERSION:-2.56.0} standalone  ",
    "Load average (1/5/15 min) before: %s, after: %s (the machine is shared; other jobs ran)  " % (result["load_before"], result["load_after"]),
    "Gateway: \`$jar\` (%s), \`-Xmx${GATEWAY_HEAP:-1g}\`" % result["gateway"],
    "",
    "## Result: %s" % ("**0 lost, 0 duplicated, spools empty again**" if ok else "**FAILED**"),
    "",
    "| check | value |",
    "|---|---:|",
    "| objects generated / acknowledged Success | %d / %d |" % ($generated, v["acked"]),
    "| failure statuses answered (sent again later) | %d |" % result["failure_statuses"],
    "| acknowledged but missing at Orthanc (lost) | **%d** |" % len(v["lost"]),
    "| SOP Instance UID stored more than once | **%d** |" % len(v["stored_more_than_once"]),
    "| deblurred sources / derived instances stored | %d / %d |" % (v["deblur_sources"], v["derived_stored"]),
    "| deblurred sources without a derived instance / with several | **%d** / **%d** |" % (len(v["deblur_sources_without_derived"]), len(v["deblur_sources_with_several_derived"])),
    "| instances at Orthanc not sent nor derived (unexpected) | **%d** |" % len(v["unexpected"]),
    "| not acknowledged but stored (a refused C-STORE whose object still got through) | %d |" % v["unacked_but_stored"],
    "| C-STOREs Orthanc received / UIDs received more than once (re-sent after Orthanc stopped mid-send) | %d / %d |" % (v["c_stores_received"], v["uids_received_more_than_once"]),
    "| C-STORE round trip p50 / p90 / p99 / max (all rounds) | %s / %s / %s / %s ms |" % (s.get("p50_ms"), s.get("p90_ms"), s.get("p99_ms"), s.get("max_ms")),
    "| drain after the last send (Orthanc holds all, spools empty) | %s s (%s) |" % (result["drain_after_last_send_s"], "$drained"),
    "| heap used, every ${heap_interval} s (%d samples): first-quarter median / last-quarter median / max | %s / %s / %s MiB |" % (s.get("heap_samples", 0), s.get("heap_used_mib_first_quartile_median"), s.get("heap_used_mib_last_quartile_median"), s.get("heap_used_mib_max")),
    "| live after GC (jvm_gc_live_data_size_bytes, every ${heap_interval} s): first-quarter median / last-quarter median / max | %s / %s / %s MiB |" % (s.get("live_after_gc_mib_first_quartile_median"), s.get("live_after_gc_mib_last_quartile_median"), s.get("live_after_gc_mib_max")),
    "| heap after a full GC (jcmd GC.run) every ${HEAP_GC_EVERY:-300} s during the run, then at the end | %s -> %s MiB |" % (" / ".join(g[1] for g in gcs) or "-", result["heap_after_full_gc_mib_end"]),
    "| spool / outbound / deblur files: first minute -> end | %d / %d / %d -> %d / %d / %d |" % (first["spool_files"], first["outbound_files"], first["deblur_files"], last["spool_files"], last["outbound_files"], last["deblur_files"]),
    "",
    "Events (seconds from the start of traffic):",
    "",
] + ["- " + e for e in events] + [
    "",
    "Data folder at the end: " + ", ".join("\`%s/\` %s" % (k, folder(k)) for k in sorted(after) if k != "total_bytes_on_disk") + ".",
    "",
    "Set-up:",
    "- gateway on the standalone broker (\`GATEWAY_BROKER_URL\`, its generated login), rules: Modality CR -> \`deblur\`",
    "  (rdsam-lite, original forwarded too), everything else -> \`pass\`, one destination (Orthanc); forward retries at",
    "  their defaults (8 tries, 1 s doubling to 60 s).",
    "- traffic: rounds of $associations storescu at once x $batch new objects (256x256 OT; one in $deblur_every a 128x128 CR),",
    "  $pause s apart, plus one more association with every earlier object not yet acknowledged.",
    "- Orthanc stopped with SIGTERM and started again on the same storage; the broker JVM killed with SIGKILL.",
    "- heap: Micrometer's \`jvm_memory_used_bytes\` (heap pools) and \`jvm_gc_live_data_size_bytes\` from /q/metrics.",
    "- command: \`DURATION=$duration CYCLE=$cycle ORTHANC_DOWN=$orthanc_down BROKER_DOWN=$broker_down ASSOCIATIONS=$associations BATCH=$batch PAUSE=$pause DEBLUR_EVERY=$deblur_every bench/soak.sh\`",
]
open(out + "/soak.md", "w").write("\n".join(lines) + "\n")
sys.exit(0 if ok else 1)
PY
cat "$out/soak.md"
