#!/usr/bin/env bash
# The simulator's own speed, before and after, in one run: builds BASE next to the working tree, then alternates
# `bolt ycsb` between the two builds ROUNDS times at the same configuration, so both see the same machine load.
# Prints each run's wall ops/s and load wall time and, at the end, the median of each and their ratio (new / base).
# The modeled figures of both must agree (same simulator output); the script fails if they do not.
# BASE is a commit (default: the merge-base with main), or `revert:C1,C2,...`: this tree's HEAD with those commits
# undone (newest first) — the way to isolate speed changes when other work that changes the model landed between.
# Usage: scripts/sim-speed.sh [BASE] [ROUNDS, default 3] [extra ycsb options...]
# Example: scripts/sim-speed.sh revert:70754b3,ad28cbb 3 --capacity 1048576 --ops 1000000 --batch 64
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-$(git merge-base HEAD main)}"
rounds="${2:-3}"
shift $(( $# > 2 ? 2 : $# ))
args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--capacity 1048576 --ops 1000000 --batch 64); fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ "$base" == revert:* ]]; then
  git archive HEAD | tar -x -C "$work"
  IFS=, read -r -a undo <<<"${base#revert:}"
  for commit in "${undo[@]}"; do git diff "$commit^" "$commit" | git -C "$work" apply -R; done
else
  git archive "$base" | tar -x -C "$work"
fi
echo "building base $base and the working tree" >&2
dotnet build "$work/host/Bolt.Cli" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build host/Bolt.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null

field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
modeled() { grep -o '"modeled_[a-z0-9_]*":[0-9.]*' | sort | tr '\n' ' '; }
declare -a base_ops new_ops base_init new_init
for ((r = 1; r <= rounds; r++)); do
  for side in base new; do
    if [ "$side" = base ]; then bolt="$work/host/Bolt.Cli/bin/Release/net10.0/bolt"; else bolt=host/Bolt.Cli/bin/Release/net10.0/bolt; fi
    out="$("$bolt" ycsb "${args[@]}" --json 2>/dev/null)"
    ops="$(field wall_ops_per_second <<<"$out")"
    init="$(field init_wall_seconds <<<"$out")"
    mism="$(field mismatches <<<"$out")"
    echo "round $r $side: wall ops/s $ops, load wall $init s, mismatches $mism, load average $(cut -d' ' -f1 /proc/loadavg)"
    [ "$mism" = 0 ] || { echo "mismatches in the $side run" >&2; exit 1; }
    if [ "$side" = base ]; then base_ops+=("$ops"); base_init+=("$init"); base_model="$(modeled <<<"$out")"
    else new_ops+=("$ops"); new_init+=("$init"); new_model="$(modeled <<<"$out")"; fi
  done
  [ "$base_model" = "$new_model" ] || { echo "modeled figures differ: base [$base_model] new [$new_model]" >&2; exit 1; }
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
bo="$(median "${base_ops[@]}")"; no="$(median "${new_ops[@]}")"
bi="$(median "${base_init[@]}")"; ni="$(median "${new_init[@]}")"
echo "median wall ops/s: base $bo, new $no, ratio $(awk -v a="$no" -v b="$bo" 'BEGIN { printf "%.2f", a / b }')"
echo "median load wall: base $bi s, new $ni s, ratio (base / new) $(awk -v a="$bi" -v b="$ni" 'BEGIN { printf "%.2f", a / b }')"
echo "modeled figures identical: $new_model"
