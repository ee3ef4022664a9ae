#!/usr/bin/env bash
# Measures what a random memory access costs on this machine (cache sizes that matter, and whether the TLB works per
# 4 KiB page even on huge pages): the figures behind the simulator's growth of cost per op with N. See
# tools/memory-probe/memory-probe.c. Needs gcc; takes about a minute; run it on an otherwise idle machine.
# Usage: scripts/memory-probe.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -O2 -Wall -Wextra -o "$out/memory-probe" tools/memory-probe/memory-probe.c
"$out/memory-probe"
