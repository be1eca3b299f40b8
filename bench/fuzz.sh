#!/usr/bin/env bash
# Fuzz campaign (not a test): at least 100,000 mutated inputs against the DICOM listener over TCP, the data set
# reader and the pixel decoder, seeded from ../shared/data/dicom and ../shared/data/dicom-bad (generated seeds only
# when the shared data is absent). The runner and its targets are test code (dicom/src/test/java/.../fuzz); this runs
# them through surefire in a JVM with a bounded heap and writes bench/results/fuzz.md and fuzz.json.
#
#   bench/fuzz.sh                       # 62,000 reader + 10,000 pixel decoder + 28,000 listener cases, -Xmx512m
#   READER=1000 PIXELS=500 LISTENER=500 HEAP=256m SEED=7 NAME=fuzz-small bench/fuzz.sh -o   # extra arguments go to Maven
#
# Every case is reproducible from (SEED, target, case index) alone; failing inputs are kept under
# target/fuzz-work/failures/. The run fails (exit != 0) when any case crashed, hung, or the listener stopped serving.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seed="${SEED:-20261207}"
reader="${READER:-62000}"
pixels="${PIXELS:-10000}"
listener="${LISTENER:-28000}"
heap="${HEAP:-512m}"
max_seed="${MAX_SEED_BYTES:-262144}"
external_every="${EXTERNAL_EVERY:-20}"
name="${NAME:-fuzz}"
work="$root/dicom/target/fuzz-work"
rm -rf "$work"
command="NAME=$name SEED=$seed READER=$reader PIXELS=$pixels LISTENER=$listener HEAP=$heap MAX_SEED_BYTES=$max_seed EXTERNAL_EVERY=$external_every bench/fuzz.sh"
echo "fuzz.sh: $command" >&2
./mvnw -B -q -pl dicom -am verify "$@" \
  -Dtest=FuzzCampaignTest -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx$heap" \
  -Dfuzz.results="$root/bench/results" -Dfuzz.results-name="$name" -Dfuzz.work="$work" -Dfuzz.command="$command" \
  -Dfuzz.seed="$seed" -Dfuzz.reader="$reader" -Dfuzz.pixels="$pixels" -Dfuzz.listener="$listener" \
  -Dfuzz.max-seed-bytes="$max_seed" -Dfuzz.external-every="$external_every"
echo "fuzz.sh: results in bench/results/$name.md and $name.json" >&2
