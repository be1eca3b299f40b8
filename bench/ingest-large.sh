#!/usr/bin/env bash
# Large-object benchmark (not a test): one multi-frame object of about SIZE_MB (default 1024 MB) sent with storescu to a
# gateway whose Java heap is limited to HEAP (default 256m), through a deblur rule to dcmtk storescp as the PACS. The
# object has more samples than gateway.deblur.max-instance-pixels, so the deblur step passes it through unchanged
# (over-pixel-budget) after reading its header: receive spool -> ingest -> deblur planner -> outbound spool -> C-STORE
# SCU. Every stage must stream: a heap of HEAP cannot hold the object once. Writes bench/results/ingest-large.md.
#
#   bench/ingest-large.sh                       uses gateway/target/quarkus-app/quarkus-run.jar
#   GATEWAY_JAR=... SIZE_MB=1024 HEAP=256m bench/ingest-large.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
size_mb="${SIZE_MB:-1024}"
heap="${HEAP:-256m}"
bench_require_jar
bench_require_tools "dcmtk" storescu storescp echoscu
git_state="$(bench_git_state)"
work="$(mktemp -d /tmp/deblur-large.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [[ -n "${KEEP_LOGS:-}" ]] && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# 2048 x 2048 16-bit frames (8 MiB each), written in chunks: the generator never holds the object either.
frames=$(( size_mb / 8 ))
"$py" -W ignore - "$work/large.dcm" "$frames" <<'PY'
import os, struct, sys, uuid
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian
out, frames = sys.argv[1], int(sys.argv[2])
uid = lambda: "2.25." + str(uuid.uuid4().int)
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"  # Multi-frame Grayscale Word Secondary Capture
meta.MediaStorageSOPInstanceUID = uid()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = Dataset(); ds.file_meta = meta
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
ds.PatientName, ds.PatientID, ds.Modality = "BENCH^LARGE", "BENCH", "OT"
ds.StudyInstanceUID, ds.SeriesInstanceUID = uid(), uid()
ds.Rows = ds.Columns = 2048
ds.NumberOfFrames = frames
ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
ds.save_as(out, write_like_original=False)
frame = os.urandom(2048 * 2048 * 2)
with open(out, "ab") as f:
    f.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, len(frame) * frames))
    for _ in range(frames):
        f.write(frame)
PY
object_bytes=$(stat -c %s "$work/large.dcm")

pacs_port=$(free_port); mkdir -p "$work/pacs"
TCP_NODELAY=1 storescp -aet PACS -od "$work/pacs" "$pacs_port" > "$work/storescp.log" 2>&1 &
pids+=("$!")
gw_port=$(free_port); http_port=$(free_port); broker_port=$(free_port)
cat > "$work/rules.yaml" <<YAML
destinations:
  pacs: {ae-title: PACS, host: 127.0.0.1, port: $pacs_port}
rules:
  - name: deblur-all
    action: deblur
    destinations: [pacs]
YAML
GATEWAY_DICOM_PORT=$gw_port GATEWAY_DICOM_AE_TITLE=DEBLUR GATEWAY_DICOM_BIND_ADDRESS=127.0.0.1 \
GATEWAY_DATA_DIR="$work/gateway-data" GATEWAY_RULES_FILE="$work/rules.yaml" GATEWAY_BROKER_EMBEDDED_PORT=$broker_port \
GATEWAY_DEBLUR_WEIGHTS_DIR="$root/model/weights" QUARKUS_HTTP_PORT=$http_port QUARKUS_HTTP_HOST=127.0.0.1 \
  java -Xmx"$heap" -XX:+ExitOnOutOfMemoryError -Xlog:gc:file="$work/gc.log" $(bench_jvm_options) ${JAVA_OPTS:-} -jar "$jar" \
  > "$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=("$gateway_pid")
for _ in $(seq 1 480); do
  echoscu -aec DEBLUR -to 2 127.0.0.1 "$gw_port" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { echo "ingest-large.sh: gateway exited:" >&2; tail -30 "$work/gateway.log" >&2; exit 1; }
  sleep 0.5
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s.%N)
TCP_NODELAY=1 storescu -v -aet BENCH -aec DEBLUR 127.0.0.1 "$gw_port" "$work/large.dcm" > "$work/storescu.log" 2>&1 || true
t1=$(date +%s.%N)
grep -q "Received Store Response (Success)" "$work/storescu.log" \
  || { echo "ingest-large.sh: the gateway did not answer Success:" >&2; tail -20 "$work/storescu.log" >&2; tail -30 "$work/gateway.log" >&2; exit 1; }
# Delivered: the gateway logs the destination's Success (DGW-FWD-001); storescp's file is then complete.
delivered=""
for _ in $(seq 1 1200); do
  if grep -q "DGW-FWD-001" "$work/gateway.log"; then delivered=$(find "$work/pacs" -type f | head -1); break; fi
  kill -0 "$gateway_pid" 2>/dev/null || { echo "ingest-large.sh: gateway exited:" >&2; tail -30 "$work/gateway.log" >&2; exit 1; }
  sleep 0.5
done
t2=$(date +%s.%N)
[[ -n "$delivered" ]] || { echo "ingest-large.sh: not delivered to storescp in 10 minutes" >&2; tail -30 "$work/gateway.log" >&2; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
delivered_bytes=$(stat -c %s "$delivered")
rss_peak_kb=$(awk '/VmHWM/{print $2}' "/proc/$gateway_pid/status")
# Heap in use after each collection, and before it, the most of the whole run (-Xlog:gc lines: "123M->45M(256M)").
heap_peak=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
heap_after_peak=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/gc.log" | sed 's/.*M->//; s/M(.*//' | sort -n | tail -1)
gcs=$(grep -c 'Pause' "$work/gc.log" || true)
oom=$(grep -c 'OutOfMemoryError' "$work/gateway.log" || true)
pass_line=$(grep -o 'DGW-DB-010.*' "$work/gateway.log" | head -1 | cut -c1-200)
summary=$(grep "association ended" "$work/gateway.log" | tail -1 | sed 's/.*association ended: //')

out="$root/bench/results"; mkdir -p "$out"
{
  echo "# Large-object benchmark"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Machine: $(bench_machine_line)  "
  echo "Java: $(java -version 2>&1 | head -1)  "
  echo "Load average (1/5/15 min) before: $load_before, after: $load_after (the machine is shared; other jobs ran)  "
  echo "Gateway: \`$jar\` (git $git_state), **heap limited to -Xmx$heap** (-XX:+ExitOnOutOfMemoryError)"
  echo
  echo "Object: one Multi-frame Grayscale Word Secondary Capture, $frames frames of 2048x2048 16-bit, explicit VR little"
  echo "endian, $(awk -v b="$object_bytes" 'BEGIN{printf "%.1f MB (%d bytes)", b/1e6, b}'). Rule: \`deblur\` to storescp; the object"
  echo "exceeds gateway.deblur.max-instance-pixels, so it passes through unchanged after its header is read."
  echo
  echo "| what | result |"
  echo "|---|---|"
  echo "| C-STORE into the gateway (storescu start to Success) | $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f s", b-a}') ($(awk -v a="$t0" -v b="$t1" -v n="$object_bytes" 'BEGIN{printf "%.1f", n/1e6/(b-a)}') MB/s) |"
  echo "| Success to the copy complete at storescp | $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f s", b-a}') |"
  echo "| bytes at storescp | $delivered_bytes |"
  echo "| OutOfMemoryError in the gateway log | $oom |"
  echo "| heap in use before a collection, most of the run (-Xlog:gc) | ${heap_peak:-?} MB of $heap |"
  echo "| heap in use after a collection, most of the run | ${heap_after_peak:-?} MB |"
  echo "| collections | $gcs |"
  echo "| gateway process peak resident memory (VmHWM) | $(awk -v k="${rss_peak_kb:-0}" 'BEGIN{printf "%.0f MB", k/1024}') |"
  echo
  echo "Pass-through line: \`${pass_line:-not found}\`  "
  echo "Association's own account: $summary"
  echo
  echo "Command: \`SIZE_MB=$size_mb HEAP=$heap bench/ingest-large.sh\`"
} > "$out/ingest-large.md"
cat "$out/ingest-large.md"
