#!/usr/bin/env bash
# Reproduces the README's performance table: makes the big bundle if it is
# missing, runs the benchmarks on it, and summarises them with benchstat.
#
#	bash bench/run.sh [COUNT]          # COUNT runs of each benchmark, default 10
#
# The raw results go to bench/out/bench.txt (not committed). benchstat is
# installed from the Go module proxy if it is not on PATH:
#	go install golang.org/x/perf/cmd/benchstat@latest
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10}
bundle=testdata/big/DARTBundle_big.zip
if [ ! -f "$bundle" ]; then
	echo "== making $bundle"
	go run ./internal/cmd/genbig -out "$bundle"
fi
benchstat=$(command -v benchstat || echo "$(go env GOPATH)/bin/benchstat")
if [ ! -x "$benchstat" ]; then
	echo "== installing benchstat"
	go install golang.org/x/perf/cmd/benchstat@latest
fi
mkdir -p bench/out
echo "== machine"
grep -m1 'model name' /proc/cpuinfo || true
echo "cores: $(nproc)"
go version
uptime
echo "== go test -bench (count $count)"
go test -run '^$' -bench '^(BenchmarkFloor|BenchmarkInflate|BenchmarkParse|BenchmarkAnalyze)$' \
	-count "$count" -timeout 60m . | tee bench/out/bench.txt
uptime
echo "== benchstat"
"$benchstat" bench/out/bench.txt
