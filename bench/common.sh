# Sourced (not run) by the benchmark scripts in bench/ once they have set root (load.sh, soak.sh and disk-return.sh
# through load-common.sh): the Python and gateway jar they use, their checks for what a run needs, free ports, and the
# code / CPU / machine figures their results files name, kept in one place so every script checks and reports alike.
py=/usr/bin/python3
jar="${GATEWAY_JAR:-$root/gateway/target/quarkus-app/quarkus-run.jar}"

# Exits 2 when the gateway jar is missing; $1, optional, says what to do (default: build first, or set GATEWAY_JAR).
bench_require_jar() {
  [[ -f "$jar" ]] || { echo "$(basename "$0"): gateway jar not found: $jar (${1:-build first, or set GATEWAY_JAR})" >&2; exit 2; }
}

# bench_require_tools HINT TOOL...: exits 2 at the first TOOL not found; HINT names what tools/bootstrap installs.
bench_require_tools() {
  local hint="$1" tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$(basename "$0"): $tool missing (tools/bootstrap installs $hint)" >&2; exit 2; }
  done
}

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The measured code: short revision, ", uncommitted changes" when the worktree or index differs from HEAD.
bench_git_state() {
  echo "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ', uncommitted changes')"
}

bench_cpu_model() { grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'; }
bench_memory() { awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo; }
# e.g. "2 cores, AMD EPYC, 24 GiB RAM, kernel 6.18.44-fc-v1272"
bench_machine_line() { echo "$(nproc) cores, $(bench_cpu_model), $(bench_memory) RAM, kernel $(uname -r)"; }

# The JIT options bin/gateway starts the gateway with (GATEWAY_JIT=tiered for the JVM's own C1 + C2), so every
# benchmark measures the JVM the product runs; JAVA_OPTS still come after them.
bench_jvm_options() { "$root/bin/gateway" jvm-options; }
bench_jvm_options > /dev/null || exit 2
