#!/usr/bin/env bash
# Packaging check (run by scripts/test.sh after the Release build): every packable project packs with real metadata
# (its own description, the MIT licence, the README), the CLI packs as a .NET tool, and that tool installs from the
# packages and runs. Ends with one line "package-test: ...".
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "package-test: $*" >&2; exit 1; }

dotnet pack Bolt.sln -c Release --no-build -o "$out/packages" -nologo -v quiet >/dev/null
ids=(Bolt.Core Bolt.Client Bolt.Maps Bolt.Remote Bolt.Server Bolt.Sim Bolt.OpenCl Bolt.Security Bolt.Cluster.Contracts Bolt.Cluster Bolt.Cluster.Client Bolt.Cli)
for id in "${ids[@]}"; do
  pkg=$(ls "$out/packages/$id".[0-9]*.nupkg 2>/dev/null | head -1)
  [[ -n $pkg ]] || fail "$id was not packed"
  nuspec=$(unzip -p "$pkg" "$id.nuspec")
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$id has no MIT licence"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$id has no readme"
  grep -q '<description>Package Description</description>' <<<"$nuspec" && fail "$id has the placeholder description"
  grep -q '<description>.\{40,\}</description>' <<<"$nuspec" || fail "$id has no real description"
  files=$(unzip -Z1 "$pkg")
  grep -qx 'README.md' <<<"$files" || fail "$id does not carry README.md"
done

cli=$(ls "$out/packages"/Bolt.Cli.[0-9]*.nupkg)
grep -q '<packageType name="DotnetTool"' <<<"$(unzip -p "$cli" Bolt.Cli.nuspec)" || fail "Bolt.Cli is not a .NET tool"
version=$(basename "$cli" .nupkg); version=${version#Bolt.Cli.}
dotnet tool install --tool-path "$out/tools" --add-source "$out/packages" --ignore-failed-sources Bolt.Cli --version "$version" >/dev/null
grep -q 'Exit codes' <<<"$("$out/tools/bolt" --help)" || fail "the installed bolt does not run"
echo "package-test: ${#ids[@]} packages with description, licence and readme; bolt $version installs as a .NET tool and runs"
