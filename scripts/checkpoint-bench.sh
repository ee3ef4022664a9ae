#!/usr/bin/env bash
# Checkpoint size and time, simulator vs the kernel on PoCL (docs/durability.md): for each log2 capacity (default 20),
# a fresh `bolt serve --data` daemon per device, one `bolt checkpoint` (export: the device seals its image, the file is
# written and fsynced), then kill -9 and a restart (import: the "checkpoint import" time of the recovery line, which
# includes building the device — for PoCL the kernel program, from PoCL's cache after the first — and provisioning it).
# V = 8 B, 64 session slots. Usage: scripts/checkpoint-bench.sh [LOG2...]
set -euo pipefail
cd "$(dirname "$0")/.."
logs=${*:-20}
dotnet build host/Bolt.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
bolt="dotnet host/Bolt.Cli/bin/Release/net10.0/bolt.dll"
dir=$(mktemp -d)
daemon=""
trap '[ -n "$daemon" ] && kill -9 $daemon 2>/dev/null; rm -rf "$dir"' EXIT

start() { # start ARGS...: a daemon on $dir/bolt.sock; waits until it listens; sets $daemon
  rm -f "$dir/out"
  $bolt serve --socket "$dir/bolt.sock" --tcp off --key-file "$dir/key" --seed 1 --session-slots 64 --value-size 8 --checkpoint-every 0 "$@" >"$dir/out" 2>"$dir/err" &
  daemon=$!
  until grep -q listening "$dir/out" 2>/dev/null; do
    kill -0 "$daemon" 2>/dev/null || { cat "$dir/out" "$dir/err"; exit 1; }
    sleep 0.2
  done
}

echo "== checkpoint export and import, V = 8 B, 64 session slots (uptime: $(uptime))"
for log2 in $logs; do
  for device in sim opencl; do
    rm -rf "$dir/data"
    extra=()
    [ "$device" = opencl ] && extra=(--platform Portable)
    start --capacity $((1 << log2)) --data "$dir/data" --device "$device" "${extra[@]}"
    printf '2^%s %-6s export %s\n' "$log2" "$device" "$($bolt checkpoint "unix:$dir/bolt.sock")"
    kill -9 "$daemon"; wait "$daemon" 2>/dev/null || true
    start --capacity $((1 << log2)) --data "$dir/data" --device "$device" "${extra[@]}"
    printf '2^%s %-6s import %s\n' "$log2" "$device" "$(grep -o 'checkpoint import [0-9.]* ms' "$dir/out")"
    kill -9 "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=""
  done
done
echo "(uptime at the end: $(uptime))"
