#!/usr/bin/env bash
# Durability figures (docs/durability.md), one run: (1) `bolt serve` throughput and p50/p99 of batch calls with the
# write-ahead log off and on at group-commit delays 0, 1 and 5 ms (8 clients, batch 16, YCSB 50/50, every answer
# checked); (2) recovery time after kill -9 against log length and capacity; (3) checkpoint size and time at the given
# capacities (bolt checkpoint ADDR). Usage: scripts/durable-bench.sh [OPS] [CAPACITY_LOG2S_FOR_CHECKPOINTS]
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-40000}
checkpoint_logs=${2:-"20 24"}
dotnet build host/Bolt.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
bolt="dotnet host/Bolt.Cli/bin/Release/net10.0/bolt.dll"
dir=$(mktemp -d)
daemon=""
trap '[ -n "$daemon" ] && kill -9 $daemon 2>/dev/null; rm -rf "$dir"' EXIT

start() { # start ARGS...: a daemon on $dir/bolt.sock; waits until it listens; sets $daemon
  rm -f "$dir/out"
  $bolt serve --socket "$dir/bolt.sock" --tcp off --key-file "$dir/key" --seed 1 --session-slots 64 "$@" >"$dir/out" 2>"$dir/err" &
  daemon=$!
  until grep -q listening "$dir/out" 2>/dev/null; do sleep 0.1; done
}
stop() { kill -TERM "$daemon"; wait "$daemon" || true; daemon=""; }

echo "== daemon throughput, N = 2^20, V = 8 B, 8 clients, batch 16, $ops ops (uptime: $(uptime))"
printf '%-10s %12s %10s %10s %s\n' log ops/s p50_us p99_us mismatches
for mode in off 0 1 5; do
  rm -rf "$dir/data"
  if [ "$mode" = off ]; then start --capacity 1048576; else start --capacity 1048576 --data "$dir/data" --group-commit-delay "$mode" --checkpoint-every 0; fi
  json=$($bolt ycsb --server "unix:$dir/bolt.sock" --key-file "$dir/key" --clients 8 --batch 16 --ops "$ops" --read-ratio 0.5 --json)
  python3 - "$mode" "$json" <<'PY'
import json, sys
mode, r = sys.argv[1], json.loads(sys.argv[2])["remote"]
label = "off" if mode == "off" else mode + " ms"
print(f'{label:<10} {r["opsPerSecond"]:12.0f} {r["p50Us"]:10.1f} {r["p99Us"]:10.1f} {r["mismatches"]}')
PY
  stop
done

echo "== recovery after kill -9 against log length and capacity (no checkpoint since the start)"
printf '%-10s %10s %s\n' capacity ops recovery
for capacity in 65536 1048576; do
  for n in 2000 20000; do
    rm -rf "$dir/data"
    start --capacity "$capacity" --data "$dir/data" --group-commit-delay 1 --checkpoint-every 0
    $bolt ycsb --server "unix:$dir/bolt.sock" --key-file "$dir/key" --clients 4 --batch 16 --ops "$n" --read-ratio 0 --json >/dev/null
    kill -9 "$daemon"; wait "$daemon" 2>/dev/null || true
    start --capacity "$capacity" --data "$dir/data" --checkpoint-every 0
    printf '%-10s %10s %s\n' "$capacity" "$n" "$(grep recovered "$dir/out")"
    kill -9 "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=""
  done
done

echo "== checkpoint size and time (bolt checkpoint ADDR), V = 8 B, 64 session slots"
for log2 in $checkpoint_logs; do
  rm -rf "$dir/data"
  start --capacity $((1 << log2)) --data "$dir/data" --checkpoint-every 0
  $bolt checkpoint "unix:$dir/bolt.sock" >/dev/null
  printf '2^%s  %s\n' "$log2" "$($bolt checkpoint "unix:$dir/bolt.sock")"
  kill -9 "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=""
done
