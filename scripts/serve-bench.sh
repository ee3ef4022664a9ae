#!/usr/bin/env bash
# Daemon throughput and latency against the in-process map, in one run: starts `bolt serve` (simulator, N = 2^20,
# V = 8 B), then for 1, 8 and 64 clients at batch 1 and 64 runs `bolt ycsb --server --compare-local --json` (every
# answer checked against per-client references) and prints one line per point. Usage: scripts/serve-bench.sh [OPS_B1] [OPS_B64]
set -euo pipefail
cd "$(dirname "$0")/.."
ops_b1=${1:-20000}
ops_b64=${2:-200000}
dotnet build host/Bolt.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
bolt="dotnet host/Bolt.Cli/bin/Release/net10.0/bolt.dll"
dir=$(mktemp -d)
sock="$dir/bolt.sock"
key="$dir/key"
$bolt serve --socket "$sock" --tcp off --key-file "$key" --capacity 1048576 --value-size 8 >"$dir/out" 2>"$dir/err" &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$dir"' EXIT
until grep -q listening "$dir/out" 2>/dev/null; do sleep 0.2; done
printf '%-8s %-6s %12s %12s %7s %10s %10s %10s %10s %s\n' clients batch daemon_ops/s local_ops/s ratio d_p50_us d_p99_us l_p50_us l_p99_us mismatches
for batch in 1 64; do
  ops=$([ "$batch" = 1 ] && echo "$ops_b1" || echo "$ops_b64")
  for clients in 1 8 64; do
    json=$($bolt ycsb --server "unix:$sock" --key-file "$key" --clients "$clients" --batch "$batch" --ops "$ops" --read-ratio 0.5 --compare-local --json)
    python3 - "$clients" "$batch" "$json" <<'PY'
import json, sys
c, b, j = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
r, l = j["remote"], j["local"]
print(f'{c:<8} {b:<6} {r["opsPerSecond"]:12.0f} {l["opsPerSecond"]:12.0f} {j["ratio"]:7.2f} {r["p50Us"]:10.1f} {r["p99Us"]:10.1f} {l["p50Us"]:10.1f} {l["p99Us"]:10.1f} {r["mismatches"]+l["mismatches"]}')
PY
  done
done
