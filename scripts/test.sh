#!/usr/bin/env bash
# Bolt's whole test suite: set-up, a clean Release build with warnings as errors, `dotnet format` clean, the xunit suites
# (engine, client, kernel co-simulation, security), the C-simulation testbench, the packages (metadata, the CLI as a
# .NET tool), then one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
dotnet build Bolt.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
dotnet format Bolt.sln --verify-no-changes --no-restore
scripts/csim-test.sh
scripts/package-test.sh

log=$(mktemp)
status=0
# A test that hangs (no result after 10 minutes; the longest takes about one) is stopped and named, and the run fails
# then, instead of waiting out CI's limit in silence.
dotnet test Bolt.sln -c Release --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log" || status=$?
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit $status
