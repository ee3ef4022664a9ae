#!/usr/bin/env bash
# The scale targets of the simulator: maps of 2^26 keys at 8-byte values, 2^24 at 64 B and 2^22 at 1 KiB, each
# loaded and run with a YCSB mix checked against a reference (mismatches must be 0). Prints the JSON figures of
# each run plus its wall time and peak resident memory (GNU time). Needs about 9 GiB free for the largest.
# Usage: scripts/scale-targets.sh [ops per run, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ops="${1:-1000000}"
dotnet build host/Bolt.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
bolt=host/Bolt.Cli/bin/Release/net10.0/bolt
for target in "67108864 8" "16777216 64" "4194304 1024"; do
  set -- $target
  echo "== N=$1 V=$2"
  /usr/bin/time -f "wall %e s, peak RSS %M KiB" "$bolt" ycsb --capacity "$1" --value-size "$2" --ops "$ops" --json
done
