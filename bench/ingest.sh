#!/usr/bin/env bash
# Ingest benchmark (not a test): how fast the gateway takes in C-STOREs compared with dcmtk's storescp, the
# fastest plain receiver at hand, on the same files and machine.
#
#   bench/ingest.sh            uses gateway/target/quarkus-app/quarkus-run.jar (build it first: bin/gateway build)
#   GATEWAY_JAR=... ROUNDS=5 OBJECTS=500 WARMUP=1 bench/ingest.sh
#
# Objects: OBJECTS copies (default 500) of one generated 512x512 16-bit MONOCHROME2 image (~0.5 MB each), every copy
# with its own SOP Instance UID. Rounds alternate: storescu -> gateway (embedded broker, durable spool, rules drop
# everything so no forwarding competes for CPU), then storescu -> storescp (TCP_NODELAY=1, writing to a temp folder);
# the same files, one association per round. WARMUP rounds of each (default 1) run first and are reported but not
# counted: a gateway runs for days, so its JIT-compiled steady state is what matters. Writes bench/results/ingest.md
# (and ingest.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-5}"
objects="${OBJECTS:-500}"
warmup="${WARMUP:-1}"
jar="${GATEWAY_JAR:-$root/gateway/target/quarkus-app/quarkus-run.jar}"
py=/usr/bin/python3
[[ -f "$jar" ]] || { echo "ingest.sh: gateway jar not found: $jar (build first, or set GATEWAY_JAR)" >&2; exit 2; }
for tool in storescu storescp echoscu; do
  command -v "$tool" >/dev/null || { echo "ingest.sh: $tool missing (tools/bootstrap installs dcmtk)" >&2; exit 2; }
done

work="$(mktemp -d /tmp/deblur-bench.XXXXXX)"
gateway_pid="" scp_pid=""
cleanup() {
  [[ -n "$gateway_pid" ]] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  [[ -n "$scp_pid" ]] && kill "$scp_pid" 2>/dev/null && wait "$scp_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "ingest.sh: generating $objects objects in $work/objects" >&2
"$py" -W ignore - "$work/objects" "$objects" <<'PY'
import os, sys, uuid
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
uid = lambda: "2.25." + str(uuid.uuid4().int)
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = Dataset()
ds.file_meta = meta
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID = meta.MediaStorageSOPClassUID
ds.PatientName, ds.PatientID, ds.Modality = "BENCH^INGEST", "BENCH", "OT"
ds.StudyInstanceUID, ds.SeriesInstanceUID = uid(), uid()
ds.Rows = ds.Columns = 512
ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
rng = np.random.default_rng(7)
ds.PixelData = rng.integers(0, 4096, size=(512, 512), dtype=np.uint16).tobytes()
for i in range(count):
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID = uid()
    ds.InstanceNumber = i + 1
    ds.save_as(os.path.join(out, "obj%05d.dcm" % i), write_like_original=False)
PY
total_bytes=$(du -cb "$work"/objects/*.dcm | tail -1 | cut -f1)
mb=$(awk -v b="$total_bytes" 'BEGIN{printf "%.1f", b/1e6}')

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
  java ${JAVA_OPTS:-} -jar "$jar" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 240); do
  echoscu -aec DEBLUR -to 2 127.0.0.1 "$gw_port" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { echo "ingest.sh: gateway exited:" >&2; tail -30 "$work/gateway.log" >&2; exit 1; }
  sleep 0.5
done
echoscu -aec DEBLUR -to 2 127.0.0.1 "$gw_port" >/dev/null 2>&1 || { echo "ingest.sh: gateway not ready" >&2; exit 1; }

# storescp: the reference receiver. TCP_NODELAY=1, or dcmtk's Nagle interplay makes it ~30x slower.
scp_port=$(free_port)
mkdir -p "$work/storescp-out"
TCP_NODELAY=1 storescp -aet STORESCP -od "$work/storescp-out" "$scp_port" > "$work/storescp.log" 2>&1 &
scp_pid=$!
for _ in $(seq 1 40); do echoscu -aec STORESCP -to 2 127.0.0.1 "$scp_port" >/dev/null 2>&1 && break; sleep 0.25; done

one_round() { # called-ae port -> prints seconds
  local aec="$1" port="$2" log="$work/round.log" t0 t1 ok
  t0=$(date +%s.%N)
  TCP_NODELAY=1 storescu -v -aet BENCH -aec "$aec" 127.0.0.1 "$port" "$work"/objects/*.dcm > "$log" 2>&1 || true
  t1=$(date +%s.%N)
  ok=$(grep -c "Received Store Response (Success)" "$log" || true)
  if [[ "$ok" -ne "$objects" ]]; then
    echo "ingest.sh: $aec acknowledged $ok of $objects objects; storescu log tail:" >&2; tail -20 "$log" >&2; exit 1
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}

# The durability floor: the gateway answers Success only after an fsync of the object, an atomic rename and an
# fsync of the folder (plus the broker's journal sync). Measure that alone, on the same file system, per object.
fsync_ms=$("$py" - "$work" "$(du -b "$work/objects/obj00000.dcm" | cut -f1)" <<'PY'
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
print("%.2f" % ((time.time() - start) / n * 1000))
PY
)
rm -rf "$work/fsync-probe"

warm_gw=() warm_scp=()
for r in $(seq 1 "$warmup"); do
  warm_gw+=("$(one_round DEBLUR "$gw_port")")
  rm -rf "$work/storescp-out"/*
  warm_scp+=("$(one_round STORESCP "$scp_port")")
  echo "ingest.sh: warm-up $r gateway ${warm_gw[-1]} s, storescp ${warm_scp[-1]} s" >&2
done

gw_times=() scp_times=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$rounds"); do
  gw_times+=("$(one_round DEBLUR "$gw_port")")
  rm -rf "$work/storescp-out"/*
  scp_times+=("$(one_round STORESCP "$scp_port")")
  echo "ingest.sh: round $r gateway ${gw_times[-1]} s, storescp ${scp_times[-1]} s" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{ if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2 }'; }
gw_median=$(median "${gw_times[@]}")
scp_median=$(median "${scp_times[@]}")
# Throughput ratio gateway/storescp = storescp time / gateway time.
ratio=$(awk -v g="$gw_median" -v s="$scp_median" 'BEGIN{printf "%.2f", s/g}')
mbps() { awk -v m="$mb" -v t="$1" 'BEGIN{printf "%.1f", m/t}'; }

out="$root/bench/results"
mkdir -p "$out"
{
  echo "# Ingest benchmark"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)  "
  echo "Java: $(java -version 2>&1 | head -1); dcmtk: $(storescu --version 2>&1 | head -1 | sed 's/^\$dcmtk: //; s/ \$$//')  "
  echo "Load average (1/5/15 min) before: $load_before, after: $load_after (the machine is shared; other jobs ran)  "
  echo "Gateway: \`$jar\` (git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ', uncommitted changes'))"
  echo
  echo "Objects: $objects x $(awk -v b="$total_bytes" -v n="$objects" 'BEGIN{printf "%.0f", b/n/1000}') KB (512x512 16-bit MONOCHROME2 Secondary Capture, explicit VR little endian), $mb MB per round, one association per round."
  echo
  echo "| round | gateway s | gateway MB/s | storescp s | storescp MB/s |"
  echo "|---:|---:|---:|---:|---:|"
  for i in "${!warm_gw[@]}"; do
    echo "| warm-up $((i+1)) (not counted) | ${warm_gw[$i]} | $(mbps "${warm_gw[$i]}") | ${warm_scp[$i]} | $(mbps "${warm_scp[$i]}") |"
  done
  for i in "${!gw_times[@]}"; do
    echo "| $((i+1)) | ${gw_times[$i]} | $(mbps "${gw_times[$i]}") | ${scp_times[$i]} | $(mbps "${scp_times[$i]}") |"
  done
  echo "| **median** | **$gw_median** | **$(mbps "$gw_median")** | **$scp_median** | **$(mbps "$scp_median")** |"
  echo
  echo "**Throughput ratio gateway / storescp: $ratio** (target >= 0.6)."
  floor=$(awk -v f="$fsync_ms" -v n="$objects" 'BEGIN{printf "%.2f", f*n/1000}')
  echo
  echo "Durability floor on this disk: writing one object, fsync, rename and fsync of its folder alone took"
  echo "$fsync_ms ms per object (200 tries, same file system), i.e. $floor s for $objects objects, before any DICOM"
  echo "or broker work; storescp does no fsync. With one association a C-STORE waits for its own durability, so the"
  echo "best ratio a gateway that syncs every object can reach here is about"
  echo "$(awk -v s="$scp_median" -v f="$floor" 'BEGIN{printf "%.2f", s/(s+f)}') (storescp time / (storescp time + floor))."
  echo
  echo "Set-up:"
  echo "- gateway: embedded Artemis broker with its persistent journal, spool under a temp folder; the rules file's"
  echo "  only rule is \`action: drop\` (a destination is declared on port $dead_port where nothing listens, never used),"
  echo "  so each object is spooled and committed before Success and then dropped, with no forwarding competing for CPU."
  echo "- storescp: \`TCP_NODELAY=1 storescp -aet STORESCP -od <tmp> <port>\`, output folder emptied before each of its rounds."
  echo "- sender, each round: \`TCP_NODELAY=1 storescu -v -aet BENCH -aec <DEBLUR|STORESCP> 127.0.0.1 <port> <$objects files>\`;"
  echo "  a round counts only if every object got Success. Rounds alternate gateway, storescp. The gateway rounds"
  echo "  resend the same SOP Instance UIDs each round."
  echo "- $warmup warm-up round(s) of each receiver first (JIT), shown above but not in the medians."
  echo "- command: \`ROUNDS=$rounds OBJECTS=$objects WARMUP=$warmup bench/ingest.sh\`"
} > "$out/ingest.md"
{
  printf '{"date":"%s","objects":%s,"megabytes":%s,"rounds":%s,"warmup_rounds":%s,' "$(date -u +%FT%TZ)" "$objects" "$mb" "$rounds" "$warmup"
  printf '"gateway_seconds":[%s],"storescp_seconds":[%s],' "$(IFS=,; echo "${gw_times[*]}")" "$(IFS=,; echo "${scp_times[*]}")"
  printf '"gateway_median_s":%s,"storescp_median_s":%s,"ratio":%s,"fsync_ms_per_object":%s,' \
    "$gw_median" "$scp_median" "$ratio" "$fsync_ms"
  printf '"load_before":"%s","load_after":"%s"}\n' "$load_before" "$load_after"
} > "$out/ingest.json"
cat "$out/ingest.md"
