#!/usr/bin/env bash
# Instructions per access of the kernel as PoCL compiles it on this host: the C-simulation testbench around
# bolt_kernel built with clang -O2 -march=x86-64-v3 -maes -mpclmul (so the AES-NI crypto formulation, as PoCL's
# kernel), run under valgrind callgrind over one plaintext workload, counting only inside bolt_execute. The count is
# deterministic, so before/after comparisons hold on a loaded machine (wall and kernel times do not).
#   scripts/kernel-instructions.sh [-n N] [-o OPS] [REV ...]
# REV: a git revision whose hardware/ is measured (default: this checkout's working tree, "."). Needs a Release build
# of host/Bolt.Cli (it writes the workload), clang++-15 or clang++, valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
n=16384
ops=1000
while getopts "n:o:" opt; do
    case $opt in
    n) n=$OPTARG ;;
    o) ops=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
revs=("$@")
[ ${#revs[@]} -eq 0 ] && revs=(.)
cxx=$(command -v clang++-15 || command -v clang++)
bolt=host/Bolt.Cli/bin/Release/net10.0/bolt.dll
[ -f "$bolt" ] || { echo "build host/Bolt.Cli first: dotnet build host/Bolt.Cli -c Release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The workload: bolt cosim writes the C-simulation's input; a wrapper keeps a copy and runs the real testbench.
make -s -C hardware/csim build/bolt-csim
cat > "$work/wrap.sh" <<WRAP
#!/bin/sh
cp "\$1" "$work/input.bin"
exec "$PWD/hardware/csim/build/bolt-csim" "\$@"
WRAP
chmod +x "$work/wrap.sh"
dotnet "$bolt" cosim --capacity "$n" --ops "$ops" --no-opencl --no-sealed --csim "$work/wrap.sh" > /dev/null

for rev in "${revs[@]}"; do
    tree="$work/tree-$(echo "$rev" | tr -c 'A-Za-z0-9\n' _)"
    mkdir -p "$tree"
    if [ "$rev" = . ]; then cp -r hardware "$tree/"; else git archive "$rev" hardware | tar -x -C "$tree"; fi
    "$cxx" -std=c++17 -O2 -march=x86-64-v3 -maes -mpclmul -g -o "$tree/csim" "$tree/hardware/csim/bolt_csim.cpp"
    mkdir -p "$tree/out"
    valgrind --tool=callgrind --callgrind-out-file="$tree/cg.out" --toggle-collect='bolt_execute(*' \
        "$tree/csim" "$work/input.bin" "$tree/out" > /dev/null 2> "$tree/valgrind.log"
    total=$(awk '/^(summary|totals):/ {print $2; exit}' "$tree/cg.out")
    echo "$rev: $((total / ops)) instructions per access (N = $n, $ops accesses)"
done
