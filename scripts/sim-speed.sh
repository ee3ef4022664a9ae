#!/usr/bin/env bash
# The simulator's own speed, before and after, in one run: builds BASE next to the working tree, then runs the two
# builds in turn ROUNDS times (base first in odd rounds, new first in even ones), so both see the same machine load:
#   1. `bolt ycsb` (load + ops, checked): wall ops/s, load wall time, process CPU per op;
#   2. `Bolt.Benchmarks cpu` (serving only, no driver): the serving thread's CPU per op, the process's CPU per op,
#      GC collections and bytes allocated while serving.
# Prints every run and, at the end, the median of each figure per build and their ratio. CPU per op is the figure to
# trust on a shared machine; wall figures move with the load. The modeled figures of both builds must agree (same
# simulator output); the script fails if they do not, or if either build reports a mismatch.
# BASE is a commit (default: the merge-base with main), or `revert:C1,C2,...`: this tree's HEAD with those commits
# undone (newest first) — the way to isolate speed changes when other work that changes the model landed between.
# The base is built with this tree's tests/Bolt.Benchmarks/{CpuPerOp,Program}.cs, so both run the same harness.
# Usage: scripts/sim-speed.sh [BASE] [ROUNDS, default 3] [extra ycsb options...]
#        scripts/sim-speed.sh --bdn [BASE] [BenchmarkDotNet options...]: instead, one BenchmarkDotNet run of
#        SimulatorSpeedBenchmarks with a "base" job built against BASE and a "new" job built against this tree
#        (ratio column: new / base time per op; 2^16 and 2^20 keys).
# Environment: CPU_ARGS (harness arguments, default "20 1000000 1": log2 N, ops, rounds per run).
# Example: scripts/sim-speed.sh eab31b9 5 --capacity 1048576 --ops 1000000 --batch 64
set -euo pipefail
cd "$(dirname "$0")/.."
bdn=false
if [ "${1:-}" = --bdn ]; then bdn=true; shift; fi
base="${1:-$(git merge-base HEAD main)}"
if [ "$bdn" = true ]; then
  shift $(( $# > 0 ? 1 : 0 ))
  rounds=0
else
  rounds="${2:-3}"
  shift $(( $# > 2 ? 2 : $# ))
fi
args=("$@")
if [ "$bdn" = false ] && [ ${#args[@]} -eq 0 ]; then args=(--capacity 1048576 --ops 1000000 --batch 64); fi
read -r -a cpu_args <<<"${CPU_ARGS:-20 1000000 1}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ "$base" == revert:* ]]; then
  git archive HEAD | tar -x -C "$work"
  IFS=, read -r -a undo <<<"${base#revert:}"
  for commit in "${undo[@]}"; do git diff "$commit^" "$commit" | git -C "$work" apply -R; done
else
  git archive "$base" | tar -x -C "$work"
fi
cp tests/Bolt.Benchmarks/CpuPerOp.cs tests/Bolt.Benchmarks/Program.cs "$work/tests/Bolt.Benchmarks/"
echo "building base $base and the working tree" >&2
for tree in "$work" .; do
  if [ "$bdn" = false ]; then dotnet build "$tree/host/Bolt.Cli" -c Release -nologo -clp:ErrorsOnly >/dev/null; fi
  dotnet build "$tree/tests/Bolt.Benchmarks" -c Release -nologo -clp:ErrorsOnly >/dev/null
done
if [ "$bdn" = true ]; then
  BOLT_BASELINE_BIN="$(cd "$work/tests/Bolt.Benchmarks/bin/Release/net10.0" && pwd)" \
    dotnet tests/Bolt.Benchmarks/bin/Release/net10.0/Bolt.Benchmarks.dll --filter '*SimulatorSpeedBenchmarks*' "${args[@]}"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
word() { grep -o "$1 [0-9.]*" | head -1 | cut -d' ' -f2; }
modeled() { grep -o '"modeled_[a-z0-9_]*":[0-9.]*' | sort | tr '\n' ' '; }
declare -A figures
declare -A models
run_side() {
  local side="$1" tree="$2"
  local out ops init mism cpu harness
  out="$("$tree/host/Bolt.Cli/bin/Release/net10.0/bolt" ycsb "${args[@]}" --json 2>/dev/null)"
  ops="$(field wall_ops_per_second <<<"$out")"
  init="$(field init_wall_seconds <<<"$out")"
  cpu="$(field cpu_us_per_op <<<"$out")"
  mism="$(field mismatches <<<"$out")"
  [ "$mism" = 0 ] || { echo "mismatches in the $side run" >&2; exit 1; }
  models[$side]="$(modeled <<<"$out")"
  harness="$(dotnet "$tree/tests/Bolt.Benchmarks/bin/Release/net10.0/Bolt.Benchmarks.dll" cpu "${cpu_args[@]}" | grep '^round' | tail -1)"
  figures[$side.ops]+="$ops "
  figures[$side.init]+="$init "
  figures[$side.cpu]+="$cpu "
  figures[$side.serving]+="$(word serving_ns_per_op <<<"$harness") "
  figures[$side.process]+="$(word process_ns_per_op <<<"$harness") "
  echo "round $r $side: ycsb wall ops/s $ops, load wall $init s, CPU $cpu us/op | harness: $harness"
}
for ((r = 1; r <= rounds; r++)); do
  if (( r % 2 )); then order=(base new); else order=(new base); fi
  for side in "${order[@]}"; do
    if [ "$side" = base ]; then run_side base "$work"; else run_side new .; fi
  done
  [ "${models[base]}" = "${models[new]}" ] || { echo "modeled figures differ: base [${models[base]}] new [${models[new]}]" >&2; exit 1; }
done

median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report() {
  local name="$1" key="$2" better="$3" b n
  b="$(median "${figures[base.$key]}")"; n="$(median "${figures[new.$key]}")"
  if [ "$better" = higher ]; then
    echo "median $name: base $b, new $n, speed-up (new / base) $(awk -v a="$n" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
  else
    echo "median $name: base $b, new $n, speed-up (base / new) $(awk -v a="$b" -v b="$n" 'BEGIN { printf "%.2f", a / b }')"
  fi
}
report "ycsb wall ops/s" ops higher
report "ycsb load wall (s)" init lower
report "ycsb process CPU (us/op)" cpu lower
report "harness serving-thread CPU (ns/op)" serving lower
report "harness process CPU (ns/op)" process lower
echo "modeled figures identical: ${models[new]}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
