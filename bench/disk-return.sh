#!/usr/bin/env bash
# Disk-return benchmark (not a test): COUNT small objects through the packaged gateway (embedded broker) to Orthanc;
# shows that the receive spool, the outbound spool and the deblur job folders are empty again once everything is
# delivered and the retention sweep has run, and how much each folder of the data folder holds before and after.
#
#   bench/disk-return.sh                          10,000 objects over 10 associations, one in 20 deblurred
#   COUNT=10000 CONCURRENCY=10 DEBLUR_EVERY=20 JOB_RETENTION=1m bench/disk-return.sh
#
# Objects: 64x64 16-bit OT (9 KB) through a `pass` rule; one in DEBLUR_EVERY a 128x128 CR through a `deblur` rule
# (original forwarded too). The gateway runs with GATEWAY_DEBLUR_FINISHED_JOB_RETENTION=JOB_RETENTION (default 1m;
# shipped 24h) and GATEWAY_RETENTION_INTERVAL=1m so the finished jobs' marker folders go within the run; everything
# else as shipped. "Before" is the data folder of the started gateway before the first object; "after" once Orthanc
# holds everything, spool and outbound are empty and the deblur folder has been swept (or SWEEP_TIMEOUT s passed).
# du of each folder every SAMPLE_INTERVAL s (default 30). Writes bench/results/disk-return.md and disk-return.json;
# exits 1 if an object is lost or the spools do not return to empty.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${COUNT:-10000}"
concurrency="${CONCURRENCY:-10}"
deblur_every="${DEBLUR_EVERY:-20}"
job_retention="${JOB_RETENTION:-1m}"
sample_interval="${SAMPLE_INTERVAL:-30}"
drain_timeout="${DRAIN_TIMEOUT:-3600}"
sweep_timeout="${SWEEP_TIMEOUT:-300}"
work="$(mktemp -d /tmp/deblur-disk.XXXXXX)"
# shellcheck source=bench/load-common.sh
source "$root/bench/load-common.sh"
du_pid=""
disk_cleanup() {
  [[ -n "$du_pid" ]] && kill "$du_pid" 2>/dev/null && wait "$du_pid" 2>/dev/null || true
  bench_cleanup
}
trap disk_cleanup EXIT
bench_require
per_association=$(((count + concurrency - 1) / concurrency))
count=$((per_association * concurrency))

echo "disk-return.sh: generating $count objects in $work" >&2
"$py" "$driver" generate "$work/objects" --associations "$concurrency" --per-association "$per_association" \
  --deblur-every "$deblur_every" --pass-size 64 --deblur-size 128
write_rules
orthanc_configure
orthanc_start
gateway_start GATEWAY_DICOM_MAX_ASSOCIATIONS=$((concurrency + 4)) \
  GATEWAY_DEBLUR_FINISHED_JOB_RETENTION="$job_retention" GATEWAY_RETENTION_INTERVAL=1m
sleep 5
before_dir=$(data_dir_json)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s)
(
  while true; do
    echo "$(($(date +%s) - t0)) $(files_in spool) $(files_in outbound) $(files_in deblur) $(du -sb "$work/gateway-data" 2>/dev/null | cut -f1) $(du -sb "$work/gateway-data/spool" "$work/gateway-data/outbound" "$work/gateway-data/deblur" 2>/dev/null | awk '{s += $1} END {print s + 0}')" >> "$work/du.tsv"
    sleep "$sample_interval"
  done
) &
du_pid=$!

echo "disk-return.sh: $concurrency associations x $per_association objects" >&2
pids=()
for a in $(seq 0 $((concurrency - 1))); do
  send_association "$work/assoc-$a.log" "$(printf 'DISK%02d' "$a")" "$(printf '%s/objects/a%02d' "$work" "$a")"/*.dcm &
  pids+=($!)
done
wait "${pids[@]}"
t_sent=$(date +%s)
deblurred=$("$py" -c 'import json,sys; print(sum(o["deblur"] for o in json.load(open(sys.argv[1]))["objects"]))' "$work/objects/manifest.json")
drained=ok
wait_delivered $((count + deblurred)) "$drain_timeout" >/dev/null || drained=timeout
t_delivered=$(date +%s)
# The finished jobs' marker folders go with the retention sweep (JOB_RETENTION after they finished, swept every minute).
swept=ok
for _ in $(seq 1 "$sweep_timeout"); do
  [[ "$(files_in deblur)" -eq 0 ]] && break
  sleep 1
done
[[ "$(files_in deblur)" -eq 0 ]] || swept=timeout
t_swept=$(date +%s)
sleep 2
kill "$du_pid" 2>/dev/null; wait "$du_pid" 2>/dev/null || true
du_pid=""
echo "$(($(date +%s) - t0)) $(files_in spool) $(files_in outbound) $(files_in deblur) $(du -sb "$work/gateway-data" | cut -f1) $(du -sb "$work/gateway-data/spool" "$work/gateway-data/outbound" "$work/gateway-data/deblur" 2>/dev/null | awk '{s += $1} END {print s + 0}')" >> "$work/du.tsv"
after_dir=$(data_dir_json)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
"$py" "$driver" acks "$work"/assoc-*.log > "$work/acks.json"
"$py" "$driver" verify "$orthanc_url" "$work/objects/manifest.json" --acked "$work/acks.json" \
  --deliveries "$work"/orthanc-*.log > "$work/verify.json"
job_folders_removed=$(grep -h -o 'DGW-RET-004 removed [0-9]*' "$work"/gateway-*.log | awk '{s += $3} END {print s + 0}')

out="$root/bench/results"
mkdir -p "$out"
"$py" - "$work" "$out" <<PY
import json, sys
work, out = sys.argv[1], sys.argv[2]
verify = json.load(open(work + "/verify.json"))
acks = json.load(open(work + "/acks.json"))
before, after = json.loads('''$before_dir'''), json.loads('''$after_dir''')
samples = [l.split() for l in open(work + "/du.tsv") if l.strip()]
pipeline = ("spool", "outbound", "deblur")
def pipeline_bytes(d):
    return sum(d.get(k, {}).get("bytes_on_disk", 0) for k in pipeline)
def pipeline_files(d):
    return sum(d.get(k, {}).get("files", 0) for k in pipeline)
back = pipeline_files(after) == pipeline_files(before) and pipeline_bytes(after) <= pipeline_bytes(before)
ok = verify["ok"] and "$drained" == "ok" and "$swept" == "ok" and back
result = {
    "date": "$(date -u +%FT%TZ)", "machine": "$(bench_machine_line)", "gateway": "$(git_line)",
    "objects": $count, "concurrency": $concurrency, "deblur_every": $deblur_every, "job_retention": "$job_retention",
    "acked": len(acks["acked"]), "send_s": $t_sent - $t0, "delivered_s": $t_delivered - $t0, "swept_s": $t_swept - $t0,
    "drained": "$drained", "swept": "$swept", "job_folders_removed_by_sweep": $job_folders_removed,
    "verify": verify, "data_dir_before": before, "data_dir_after": after, "pipeline_back_to_start": back,
    "samples": [{"t_s": int(s[0]), "spool_files": int(s[1]), "outbound_files": int(s[2]), "deblur_files": int(s[3]),
                 "data_dir_bytes": int(s[4] or 0), "pipeline_bytes": int(s[5] or 0)} for s in samples],
    "load_before": "$load_before", "load_after": "$load_after",
}
json.dump(result, open(out + "/disk-return.json", "w"), indent=1)
def folder(d, k):
    e = d.get(k, {"files": 0, "bytes_on_disk": 0})
    return "%d files, %.2f MB" % (e["files"], e["bytes_on_disk"] / 1e6)
peak = max(samples, key=lambda s: int(s[5] or 0))
v = verify
lines = [
    "# Disk return: %d objects through the gateway" % $count,
    "",
    "Date: %s  " % result["date"],
    "Machine: %s  " % result["machine"],
    "Software: $(versions_line)  ",
    "Load average (1/5/15 min) before: %s, after: %s (the machine is shared; other jobs ran)  " % (result["load_before"], result["load_after"]),
    "Gateway: \`$jar\` (%s), \`-Xmx${GATEWAY_HEAP:-1g}\`, embedded broker" % result["gateway"],
    "",
    "## Result: %s" % ("**spool, outbound and job folders back to their start; 0 lost**" if ok else "**FAILED**"),
    "",
    "| check | value |",
    "|---|---:|",
    "| objects sent / acknowledged | %d / %d |" % ($count, result["acked"]),
    "| lost / stored more than once / unexpected | **%d** / **%d** / **%d** |" % (len(v["lost"]), len(v["stored_more_than_once"]), len(v["unexpected"])),
    "| deblurred sources / derived instances stored | %d / %d |" % (v["deblur_sources"], v["derived_stored"]),
    "| all associations done | %d s |" % result["send_s"],
    "| everything at Orthanc, spool and outbound empty | %d s (%s) |" % (result["delivered_s"], result["drained"]),
    "| deblur job folders swept (JOB_RETENTION $job_retention, sweep every minute) | %d s (%s; %d folders removed, DGW-RET-004) |" % (result["swept_s"], result["swept"], result["job_folders_removed_by_sweep"]),
    "| spool + outbound + deblur at the peak (t = %s s) | %s files (spool %s, outbound %s, deblur %s), %.1f MB |" % (peak[0], int(peak[1]) + int(peak[2]) + int(peak[3]), peak[1], peak[2], peak[3], int(peak[5]) / 1e6),
    "",
    "Data folder per top-level folder (files, bytes on disk) before the first object and at the end:",
    "",
    "| folder | before | after |",
    "|---|---:|---:|",
]
for k in sorted(set(before) | set(after)):
    if k != "total_bytes_on_disk":
        lines.append("| \`%s/\` | %s | %s |" % (k, folder(before, k), folder(after, k)))
lines.append("| total | %.2f MB | %.2f MB |" % (before["total_bytes_on_disk"] / 1e6, after["total_bytes_on_disk"] / 1e6))
lines += [
    "",
    "What stays by design: \`broker/\` is the embedded broker's journal: 10 MiB files, more of them created while",
    "the queues were deep, and kept for reuse rather than deleted (Artemis' journal-pool-files is not set, so the pool",
    "is unbounded; the gateway's broker settings are not part of this benchmark), \`console/\` the trail database (entries kept",
    "\`gateway.console.trail-retention\`, 30 days), \`previews/\` the viewer's before/after previews (at most",
    "\`gateway.console.previews.max-instances\` 200 / \`max-bytes\` 2G).",
    "",
    "Spool, outbound and deblur files over time (every ${sample_interval} s; t from the first association; MB by",
    "\`du -sb\`, which counts the folders' own entries too: a folder that once listed thousands of files stays larger, as",
    "ext4 does not shrink directories, hence the last MB with no file left):",
    "",
    "| t s | spool | outbound | deblur | spool+outbound+deblur MB | data folder MB |",
    "|---:|---:|---:|---:|---:|---:|",
] + ["| %s | %s | %s | %s | %.1f | %.1f |" % (s[0], s[1], s[2], s[3], int(s[5] or 0) / 1e6, int(s[4] or 0) / 1e6) for s in samples] + [
    "",
    "- command: \`COUNT=$count CONCURRENCY=$concurrency DEBLUR_EVERY=$deblur_every JOB_RETENTION=$job_retention bench/disk-return.sh\`",
]
open(out + "/disk-return.md", "w").write("\n".join(lines) + "\n")
sys.exit(0 if ok else 1)
PY
cat "$out/disk-return.md"
