#!/usr/bin/env bash
# CPU inference benchmark of the shipped models: for each model, fp32 and bf16, at 512x512 and 2048x2048, the
# median of 5 timed calls after one warm-up, ms per megapixel, and the peak resident memory (VmHWM) of a fresh
# process per configuration; 2 libtorch threads. Java = `bin/deblur bench` (Deblurrer.deblur end to end: 8-bit RGB
# frame, normalisation, tiles of 512 with 32 px overlap, blending). Peer = the same TorchScript file through
# Debian's /usr/bin/python3 + torch (raw forward on 1 x 3 x size x size, no tiling).
# Writes bench/results/model-cpu.md.
#   bench/model-cpu.sh                         all models in model/weights
#   BENCH_MODELS="rdsam-lite" BENCH_SIZES="512" BENCH_PRECISIONS="fp32" bench/model-cpu.sh
# Other knobs: BENCH_THREADS (2), BENCH_REPEATS (5), BENCH_BUDGET_S (stop timing after this many seconds, 180),
# BENCH_TIMEOUT_S (kill one configuration after this, 900), BENCH_OUT, DEBLUR_WEIGHTS_DIR, BENCH_CLI (bin/deblur).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
cd "$root"
weights="${DEBLUR_WEIGHTS_DIR:-model/weights}"
threads="${BENCH_THREADS:-2}"
repeats="${BENCH_REPEATS:-5}"
budget="${BENCH_BUDGET_S:-180}"
timeout_s="${BENCH_TIMEOUT_S:-900}"
sizes="${BENCH_SIZES:-512 2048}"
precisions="${BENCH_PRECISIONS:-fp32 bf16}"
out="${BENCH_OUT:-bench/results/model-cpu.md}"
cli="${BENCH_CLI:-bin/deblur}"

if [[ -n "${BENCH_MODELS:-}" ]]; then
  models="$BENCH_MODELS"
else
  models="$(for d in "$weights"/*/; do [[ -f "$d/model.json" ]] && basename "$d"; done | sort | tr '\n' ' ')"
fi
[[ -n "${models// }" ]] || { echo "model-cpu.sh: no models (model.json) in $weights" >&2; exit 1; }

export DEBLUR_WEIGHTS_DIR="$weights"
$cli info >&2   # builds the CLI when needed

# The peer: same TorchScript, raw forward in Python (one JSON line).
peer_py="$(mktemp --suffix=.py)"
trap 'rm -f "$peer_py"' EXIT
cat > "$peer_py" <<'PY'
import json, resource, statistics, sys, time
import torch
path, size, threads, repeats, budget = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
torch.set_num_threads(threads)
model = torch.jit.load(path, map_location="cpu").eval()
x = torch.rand(1, 3, size, size, generator=torch.Generator().manual_seed(42))
times = []
with torch.no_grad():
    t = time.perf_counter(); model(x); warm = (time.perf_counter() - t) * 1e3
    start = time.perf_counter()
    while len(times) < repeats and (not times or time.perf_counter() - start < budget):
        t = time.perf_counter(); model(x); times.append((time.perf_counter() - t) * 1e3)
med = statistics.median(times)
print(json.dumps({"torch": torch.__version__, "runs": len(times), "warmup_ms": round(warm, 1), "median_ms": round(med, 1),
                  "ms_per_megapixel": round(med / (size * size / 1e6), 1),
                  "vmhwm_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
PY

field() { # json key -> value (flat JSON line on stdin)
  "$py" -c 'import json,sys; d=json.loads(sys.stdin.read()); v=d.get(sys.argv[1]); print("" if v is None else v)' "$1"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
rows=()
for m in $models; do
  for p in $precisions; do
    for s in $sizes; do
      echo "model-cpu.sh: $m $p ${s}x${s} ..." >&2
      j="$(timeout "$timeout_s" $cli bench --model "$m" --precision "$p" --size "$s" --threads "$threads" \
            --repeats "$repeats" --budget-s "$budget" 2>/dev/null | tail -1 || true)"
      file="model.pt"; [[ $p == bf16 ]] && file="model-bf16.pt"
      q="$(timeout "$timeout_s" "$py" "$peer_py" "$weights/$m/$file" "$s" "$threads" "$repeats" "$budget" \
            2>/dev/null | tail -1 || true)"
      if [[ "$j" == \{* ]]; then
        jm="$(field ms_per_megapixel <<<"$j")"; jr="$(field runs <<<"$j")"; jh="$(field vmhwm_kb <<<"$j")"
        jw="$(field warmup_ms <<<"$j")"
      else
        jm="timeout/failed"; jr="-"; jh=""; jw="-"
      fi
      if [[ "$q" == \{* ]]; then
        qm="$(field ms_per_megapixel <<<"$q")"; qr="$(field runs <<<"$q")"; qh="$(field vmhwm_kb <<<"$q")"
      else
        qm="timeout/failed"; qr="-"; qh=""
      fi
      ratio="-"; mps="-"
      if [[ "$jm" =~ ^[0-9.]+$ ]]; then mps="$(awk -v a="$jm" 'BEGIN{printf "%.3f", 1000/a}')"; fi
      if [[ "$jm" =~ ^[0-9.]+$ && "$qm" =~ ^[0-9.]+$ ]]; then ratio="$(awk -v a="$jm" -v b="$qm" 'BEGIN{printf "%.2f", a/b}')"; fi
      mb() { [[ -n "$1" && "$1" != -1 ]] && awk -v k="$1" 'BEGIN{printf "%.0f", k/1024}' || echo "-"; }
      rows+=("| $m | $p | ${s}x${s} | $jm | $mps | $jr | $jw | $(mb "$jh") | $qm | $qr | $(mb "$qh") | $ratio |")
      echo "  java $j" >&2
      echo "  peer $q" >&2
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

mkdir -p "$(dirname "$out")"
{
  echo "# CPU inference benchmark (bench/model-cpu.sh)"
  echo
  echo "- Run: $started to $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- Machine: $(bench_cpu_model), $(nproc) cores, $(bench_memory);" \
       "SIMD: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_bf16|amx_bf16)$' | tr '\n' ' ')"
  echo "- Load average (1/5/15 min) before: $load_before, after: $load_after (other jobs share these cores)"
  echo "- Java $(java -version 2>&1 | head -1), DJL 0.32.0 + libtorch 2.5.1 (CPU); peer: $("$py" -c 'import torch; print("torch", torch.__version__)' 2>/dev/null || echo 'no torch')"
  echo "- Threads: $threads intra-op; timed runs: median of up to $repeats after 1 warm-up (fewer when a configuration exceeded ${budget} s)"
  echo "- Command: \`BENCH_MODELS=\"$models\" BENCH_SIZES=\"$sizes\" BENCH_PRECISIONS=\"$precisions\" BENCH_BUDGET_S=$budget BENCH_TIMEOUT_S=$timeout_s bench/model-cpu.sh\` (weights: $weights)"
  echo "- Java column: \`bin/deblur bench --model M --precision P --size S --threads $threads --repeats $repeats\` in a fresh JVM"
  echo "  per configuration: Deblurrer.deblur end to end on an 8-bit RGB frame (tiles 512, overlap 32, padding only after the frame to the size multiple)."
  echo "  Peer column: the same TorchScript file, \`torch.jit.load\` + forward on 1x3xSxS in a fresh /usr/bin/python3."
  echo "  Ratio = Java ms/MP / peer ms/MP (above 1: Java slower; includes tiling overlap on frames larger than a tile)."
  echo "- VmHWM = peak resident memory of the whole process (JVM heap + libtorch + activations)."
  echo
  echo "| model | precision | size | Java ms/MP | Java MP/s | runs | warm-up ms | Java VmHWM MB | peer ms/MP | peer runs | peer VmHWM MB | Java/peer |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > "$out.part"
mv "$out.part" "$out"
echo "model-cpu.sh: wrote $out" >&2
