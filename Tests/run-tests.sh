#!/usr/bin/env bash
# Runs the whole suite against the published AOT binary and ends with one line: N passed, N failed[, N skipped].
set -o pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
SUPERVICE_BIN="${SUPERVICE_BIN:-$PWD/bin/supervice}" dotnet test Tests/Supervice.Tests.csproj -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r passed failed skipped < <(grep -a -E '^(Passed|Failed)! +- ' "$log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build or runner failure counts as a failure
if [ "$skipped" -gt 0 ]; then echo "${passed} passed, ${failed} failed, ${skipped} skipped"; else echo "${passed} passed, ${failed} failed"; fi
exit $rc
