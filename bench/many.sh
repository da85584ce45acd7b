#!/usr/bin/env bash
# Measures a bundle of many small files end to end: dartscan (dart.Open,
# findings.Analyze and the rendering) on a zip of 100,000 small entries,
# a quarter of them VPN profiles (bench/cmd/genmany, seed 1), written to
# a temporary directory. Prints each run's elapsed time, user+sys CPU time
# and peak RSS (the kernel's VmHWM), for each output format, ROUNDS rounds:
#
#	bash bench/many.sh [ROUNDS]   # default 3
#
# dartscan is built as it ships, with examples/dartscan/default.pgo, and
# with -pgo=off. On a shared machine the CPU time says more than the
# elapsed time. BenchmarkManyEntriesAnalyze measures Open and Analyze alone
# in the test binary:
#
#	go test -run '^$' -bench '^BenchmarkManyEntriesAnalyze$' -benchtime 5x ./bench
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./bench/cmd/genmany -n 100000 -seed 1 "$dir/many.zip"
go build -o "$dir/dartscan" ./examples/dartscan
go build -pgo=off -o "$dir/dartscan-nopgo" ./examples/dartscan
echo "== $(ls -l "$dir/many.zip" | awk '{print $5}') bytes, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %-8s %8s %8s %8s %9s\n' build format elapsed user sys peak-RSS
for _ in $(seq "$rounds"); do
	for build in dartscan dartscan-nopgo; do
		for format in text json markdown; do
			/usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$dir/$build" -format "$format" "$dir/many.zip" >"$dir/out" || true
			read -r e u s m <"$dir/time.txt"
			printf '%-14s %-8s %7ss %7ss %7ss %6d KiB\n' "$build" "$format" "$e" "$u" "$s" "$m"
		done
	done
done
