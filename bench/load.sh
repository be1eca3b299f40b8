#!/usr/bin/env bash
# Load benchmark (not a test): CONCURRENCY associations at once, each sending PER_ASSOCIATION objects, into the packaged
# gateway (embedded broker) and on to Orthanc; then checks at Orthanc's REST API that nothing was lost or duplicated.
#
#   bench/load.sh                                   20 x 100, every 10th object through a deblur rule
#   CONCURRENCY=20 PER_ASSOCIATION=100 DEBLUR_EVERY=10 WARMUP=40 bench/load.sh
#
# Objects (bench/load_driver.py generate): each with its own SOP Instance UID; Modality OT 256x256 16-bit (131 KB)
# go through a `pass` rule; every DEBLUR_EVERY-th is Modality CR 128x128 and goes through a `deblur` rule
# (rdsam-lite, original forwarded too, one in-process frame worker with GATEWAY_DEBLUR_THREADS=1 libtorch thread).
# Each association is one storescu whose time-stamped log times every C-STORE round trip (request sent ->
# response received). WARMUP objects go first over one association (JIT), are verified but not timed.
# Checks: every acknowledged object stored once, each deblurred source has exactly one derived instance, nothing
# unexpected; the C-STOREs Orthanc received per UID (its Lua filter) show re-sends. Heap sampled every
# HEAP_INTERVAL s (default 2) from /q/metrics. Writes bench/results/load.md and load.json; exits 1 if the check fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
concurrency="${CONCURRENCY:-20}"
per_association="${PER_ASSOCIATION:-100}"
deblur_every="${DEBLUR_EVERY:-10}"
warmup="${WARMUP:-40}"
heap_interval="${HEAP_INTERVAL:-2}"
drain_timeout="${DRAIN_TIMEOUT:-900}"
work="$(mktemp -d /tmp/deblur-load.XXXXXX)"
# shellcheck source=bench/load-common.sh
source "$root/bench/load-common.sh"
peer_pid=""
trap '[[ -n "$peer_pid" ]] && kill "$peer_pid" 2>/dev/null; bench_cleanup' EXIT
bench_require

echo "load.sh: generating $concurrency x $per_association objects (+ $warmup warm-up) in $work" >&2
"$py" "$driver" generate "$work/objects" --associations "$concurrency" --per-association "$per_association" \
  --deblur-every "$deblur_every"
"$py" "$driver" generate "$work/warmup" --associations 1 --per-association "$warmup" --deblur-every "$deblur_every" \
  --prefix warm --seed 11

write_rules
orthanc_configure
orthanc_start
# The association pool must take every sender at once (default 16).
gateway_start GATEWAY_DICOM_MAX_ASSOCIATIONS=$((concurrency + 4))

deblurred() { "$py" -c 'import json,sys; print(sum(o["deblur"] for o in json.load(open(sys.argv[1]))["objects"]))' "$1"; }
warm_expected=$((warmup + $(deblurred "$work/warmup/manifest.json")))
send_association "$work/warmup.log" WARMUP "$work"/warmup/a00/*.dcm
wait_delivered "$warm_expected" "$drain_timeout" >/dev/null
before_dir=$(data_dir_json)
heap_before_gc=$(heap_after_full_gc_mib)

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
heap_sampler_start "$heap_interval" "$work/heap.tsv"
echo "load.sh: $concurrency associations x $per_association objects" >&2
t0=$(date +%s.%N)
pids=()
for a in $(seq 0 $((concurrency - 1))); do
  dir=$(printf '%s/objects/a%02d' "$work" "$a")
  send_association "$work/assoc-$a.log" "$(printf 'LOAD%02d' "$a")" "$dir"/*.dcm &
  pids+=($!)
done
wait "${pids[@]}"
t_sent=$(date +%s.%N)
total=$((concurrency * per_association))
expected=$((warm_expected + total + $(deblurred "$work/objects/manifest.json")))
drained=ok
wait_delivered "$expected" "$drain_timeout" >/dev/null || drained=timeout
t_delivered=$(date +%s.%N)
heap_sampler_stop
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
sleep 2
after_dir=$(data_dir_json)
heap_after_gc=$(heap_after_full_gc_mib)

# The peer, side by side in the same run: the same senders with the same files into dcmtk's storescp (a plain
# receiver: no fsync, no broker, no forwarding), so the round trips above can be read against what the senders and
# this machine manage at all.
peer_port=$(free_port)
mkdir -p "$work/storescp-out"
TCP_NODELAY=1 storescp -aet STORESCP -od "$work/storescp-out" "$peer_port" > "$work/storescp.log" 2>&1 &
peer_pid=$!
for _ in $(seq 1 40); do echoscu -aec STORESCP -to 2 127.0.0.1 "$peer_port" >/dev/null 2>&1 && break; sleep 0.25; done
peer_t0=$(date +%s.%N)
pids=()
for a in $(seq 0 $((concurrency - 1))); do
  dir=$(printf '%s/objects/a%02d' "$work" "$a")
  TCP_NODELAY=1 storescu -lc "$root/bench/storescu-log.cfg" -to 30 -ta 30 -td 120 -aet "$(printf 'PEER%02d' "$a")" \
    -aec STORESCP 127.0.0.1 "$peer_port" "$dir"/*.dcm > "$work/peer-$a.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}" || true
peer_s=$(awk -v a="$peer_t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}')
kill "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null || true
peer_pid=""
"$py" "$driver" acks "$work"/peer-*.log > "$work/peer-acks.json"
"$py" "$driver" stats --acks "$work/peer-acks.json" > "$work/peer-stats.json"

"$py" "$driver" acks "$work"/assoc-*.log > "$work/acks.json"
"$py" "$driver" acks "$work"/assoc-*.log "$work/warmup.log" > "$work/acks-all.json"
"$py" "$driver" verify "$orthanc_url" "$work/warmup/manifest.json" "$work/objects/manifest.json" \
  --acked "$work/acks-all.json" --deliveries "$work"/orthanc-*.log > "$work/verify.json"
"$py" "$driver" stats --acks "$work/acks.json" --heap "$work/heap.tsv" > "$work/stats.json"

out="$root/bench/results"
mkdir -p "$out"
"$py" - "$work" "$out" <<PY
import json, sys
work, out = sys.argv[1], sys.argv[2]
acks = json.load(open(work + "/acks.json"))
verify = json.load(open(work + "/verify.json"))
stats = json.load(open(work + "/stats.json"))
peer = json.load(open(work + "/peer-stats.json"))
peer_acked = len(json.load(open(work + "/peer-acks.json"))["acked"])
before, after = json.loads('''$before_dir'''), json.loads('''$after_dir''')
send_s = $t_sent - $t0
deliver_s = $t_delivered - $t0
acked = len(acks["acked"])
result = {
    "date": "$(date -u +%FT%TZ)", "machine": "$(bench_machine_line)", "gateway": "$(git_line)",
    "concurrency": $concurrency, "per_association": $per_association, "deblur_every": $deblur_every,
    "objects": $total, "acked": acked, "failed_status": len(acks["failed"]),
    "send_seconds": round(send_s, 2), "received_objects_per_second": round(acked / send_s, 1),
    "delivered_seconds": round(deliver_s, 2), "delivered_objects_per_second": round($total / deliver_s, 1),
    "drained": "$drained", "stats": stats, "verify": verify,
    "peer_storescp": {"acked": peer_acked, "seconds": $peer_s, "stats": peer},
    "heap_after_full_gc_mib": {"before": float("${heap_before_gc:-0}" or 0), "after": float("${heap_after_gc:-0}" or 0)},
    "data_dir_before": before, "data_dir_after": after,
    "load_before": "$load_before", "load_after": "$load_after",
}
json.dump(result, open(out + "/load.json", "w"), indent=1)
v, s = verify, stats
def folder(d, k):
    e = d.get(k, {"files": 0, "bytes_on_disk": 0})
    return "%d files, %.1f MB" % (e["files"], e["bytes_on_disk"] / 1e6)
lines = [
    "# Load benchmark: %d concurrent associations x %d objects" % ($concurrency, $per_association),
    "",
    "Date: %s  " % result["date"],
    "Machine: %s  " % result["machine"],
    "Software: $(versions_line)  ",
    "Load average (1/5/15 min) before: %s, after: %s (the machine is shared; other jobs ran)  " % (result["load_before"], result["load_after"]),
    "Gateway: \`$jar\` (%s), \`-Xmx${GATEWAY_HEAP:-1g}\`, embedded broker" % result["gateway"],
    "",
    "## Result: %s" % ("**0 lost, 0 duplicated**" if v["ok"] and not v["lost"] else "**FAILED**"),
    "",
    "| check | value |",
    "|---|---:|",
    "| objects sent (timed) | %d (+ $warmup warm-up) |" % $total,
    "| acknowledged Success | %d (failure status: %d) |" % (acked, result["failed_status"]),
    "| acknowledged but missing at Orthanc (lost) | **%d** |" % len(v["lost"]),
    "| SOP Instance UID stored more than once | **%d** |" % len(v["stored_more_than_once"]),
    "| deblurred sources / derived instances stored | %d / %d |" % (v["deblur_sources"], v["derived_stored"]),
    "| deblurred sources without a derived instance / with several | **%d** / **%d** |" % (len(v["deblur_sources_without_derived"]), len(v["deblur_sources_with_several_derived"])),
    "| instances at Orthanc not sent nor derived (unexpected) | **%d** |" % len(v["unexpected"]),
    "| C-STOREs Orthanc received (Lua filter) / UIDs received more than once | %d / %d |" % (v["c_stores_received"], v["uids_received_more_than_once"]),
    "| C-STORE round trip p50 / p90 / p99 / max | %s / %s / %s / %s ms |" % (s.get("p50_ms"), s.get("p90_ms"), s.get("p99_ms"), s.get("max_ms")),
    "| peer, same senders and files into storescp: p50 / p90 / p99 / max | %s / %s / %s / %s ms |" % (peer.get("p50_ms"), peer.get("p90_ms"), peer.get("p99_ms"), peer.get("max_ms")),
    "| all %d associations done | %.1f s (%.1f objects/s acknowledged; storescp peer: %.1f s, %d acknowledged) |" % ($concurrency, send_s, result["received_objects_per_second"], $peer_s, peer_acked),
    "| everything at Orthanc (spool and outbound empty) | %.1f s after the first association (%.1f objects/s end to end; %s) |" % (deliver_s, result["delivered_objects_per_second"], result["drained"]),
    "| heap used during the run (every ${heap_interval} s, %d samples): median / max | %s / %s MiB |" % (s.get("heap_samples", 0), s.get("heap_used_mib_median"), s.get("heap_used_mib_max")),
    "| heap after a full GC (jcmd GC.run) before / after the run | %s / %s MiB |" % (result["heap_after_full_gc_mib"]["before"], result["heap_after_full_gc_mib"]["after"]),
    "",
    "Data folder (files and bytes on disk per folder) after the warm-up and after the run:",
    "",
    "| folder | before | after |",
    "|---|---:|---:|",
]
for k in sorted(set(before) | set(after)):
    if k != "total_bytes_on_disk":
        lines.append("| \`%s/\` | %s | %s |" % (k, folder(before, k), folder(after, k)))
lines.append("| total | %.1f MB | %.1f MB |" % (before["total_bytes_on_disk"] / 1e6, after["total_bytes_on_disk"] / 1e6))
lines += [
    "",
    "Set-up:",
    "- objects (\`bench/load_driver.py generate\`): Secondary Capture, Modality OT, 256x256 16-bit (131 KB), through the",
    "  \`pass\` rule; one object in ${deblur_every} Computed Radiography, Modality CR, 128x128, through a \`deblur\` rule",
    "  (rdsam-lite, original forwarded too: two instances at Orthanc). Each with its own SOP Instance UID.",
    "- gateway: \`GATEWAY_DICOM_MAX_ASSOCIATIONS=$((concurrency + 4))\` (the default pool of 16 refuses senders beyond 16",
    "  associations), otherwise defaults: 4 forward consumers, 1 in-process frame worker (\`GATEWAY_DEBLUR_THREADS=${DEBLUR_THREADS:-1}\`).",
    "- senders: $concurrency storescu at once (\`TCP_NODELAY=1 storescu -lc bench/storescu-log.cfg ...\`), one association",
    "  each; a C-STORE's round trip is the time from its \"Sending Store Request\" log line to \"Received Store Response\"",
    "  (millisecond time stamps), so it includes sending the data set.",
    "- peer: the same $concurrency senders with the same files into \`TCP_NODELAY=1 storescp\` (writes to a temp folder, no",
    "  fsync, no broker, no forwarding) right after the gateway's run, while the gateway idles.",
    "- check (\`bench/load_driver.py verify\`): Orthanc's \`/instances?expand\` against the generated manifests; derived",
    "  instances matched to their source through SourceImageSequence; Orthanc's Lua ReceivedInstanceFilter logs every",
    "  C-STORE, so a re-sent copy would be counted although Orthanc keeps one instance per UID.",
    "- command: \`CONCURRENCY=$concurrency PER_ASSOCIATION=$per_association DEBLUR_EVERY=$deblur_every WARMUP=$warmup bench/load.sh\`",
]
open(out + "/load.md", "w").write("\n".join(lines) + "\n")
PY
cat "$out/load.md"
"$py" -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["verify"]["ok"] else 1)' "$out/load.json"
