#!/bin/sh
# Sums the "Failed: N, Passed: N, Skipped: N" lines that `dotnet test` prints per test
# assembly (in the given log files) into the one line CI reads: "N passed, N failed, N skipped".
cat "$@" | sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\).*/\1 \2 \3/p' |
    awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
