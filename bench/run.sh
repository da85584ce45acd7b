#!/usr/bin/env bash
# Reproduces the README's performance table: makes the big bundles that
# are missing, runs the benchmarks on them, and summarises them with
# benchstat.
#
#	bash bench/run.sh [COUNT]          # COUNT runs of each benchmark, default 10
#	BUNDLES=all bash bench/run.sh      # every layout at every density
#
# The bundles are bench/bundles.sh's (its default set, or those BUNDLES
# names: "all", or LAYOUT:DENSITY pairs); BenchmarkFloor and
# BenchmarkAnalyze run on each bundle in testdata/big, as sub-benchmarks
# layout=NAME/density=D, the others on the default bundle.
#
# The raw results go to bench/out/ (not committed). benchstat is installed
# from the Go module proxy if it is not on PATH:
#	go install golang.org/x/perf/cmd/benchstat@latest
#
# dartscan is built with profile-guided optimisation from
# examples/dartscan/default.pgo, a CPU profile of BenchmarkAnalyze; after
# changes to the hot paths, make it again with
#	go test -run '^$' -bench '^BenchmarkAnalyze$' -benchtime 20x -cpuprofile examples/dartscan/default.pgo ./bench
# (over the bundles in testdata/big, sparse and dense).
# The table compares plain builds; Floor and Analyze are then run built
# both ways, in alternation, to show what the profile gives dartscan.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10}
bundle=testdata/big/DARTBundle_big.zip
mkdir -p bench/out
# shellcheck disable=SC2086
mapfile -t bundles < <(bash bench/bundles.sh ${BUNDLES:-})
benchstat=$(command -v benchstat || echo "$(go env GOPATH)/bin/benchstat")
if [ ! -x "$benchstat" ]; then
	echo "== installing benchstat"
	go install golang.org/x/perf/cmd/benchstat@latest
fi
echo "== machine"
grep -m1 'model name' /proc/cpuinfo || true
echo "cores: $(nproc)"
go version
uptime
# COUNT rounds of every benchmark once, rather than each COUNT times in a
# row: the host's speed changes for minutes at a time, and so weighs on
# all of them alike.
echo "== go test -bench, $count rounds"
go test -c -o bench/out/plain.test ./bench
rm -f bench/out/bench.txt
for _ in $(seq "$count"); do
	bench/out/plain.test -test.run '^$' -test.timeout 60m \
		-test.bench '^(BenchmarkFloor|BenchmarkInflate|BenchmarkParse|BenchmarkWalk|BenchmarkAnalyze)$' |
		grep -E '^(Benchmark|goos|goarch|pkg|cpu)' | tee -a bench/out/bench.txt
done
uptime
echo "== benchstat"
"$benchstat" bench/out/bench.txt
# The figure that matters: for each bundle, Analyze's time over Floor's,
# from the medians of the rounds, elapsed and CPU time.
echo "== Analyze / Floor per bundle, medians of $count rounds: elapsed, CPU"
awk '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
	}
	$1 ~ /^Benchmark(Floor|Analyze)\// {
		split($1, p, "/"); kind = p[1]; sub(/^Benchmark/, "", kind)
		cfg = p[2] "/" p[3]; sub(/-[0-9]+$/, "", cfg)
		cfgs[cfg] = 1
		k = kind SUBSEP cfg
		n[k]++; ns[k, n[k]] = $3
		for (i = 4; i < NF; i++) if ($(i+1) == "cpu-ns/op") cpu[k, n[k]] = $i
	}
	END {
		for (c in cfgs) {
			fk = "Floor" SUBSEP c; ak = "Analyze" SUBSEP c
			if (!n[fk] || !n[ak]) continue
			for (i = 1; i <= n[fk]; i++) { fe[i] = ns[fk, i]; fc[i] = cpu[fk, i] }
			for (i = 1; i <= n[ak]; i++) { ae[i] = ns[ak, i]; ac[i] = cpu[ak, i] }
			printf "%-40s %5.2fx %5.2fx\n", c, median(ae, n[ak]) / median(fe, n[fk]), median(ac, n[ak]) / median(fc, n[fk])
		}
	}' bench/out/bench.txt | sort
# The ratio again, from Floor and Analyze run one after the other in each
# of COUNT rounds, so that a change in the machine's speed during the run
# weighs on both; and each built plain and with dartscan's profile.
echo "== BenchmarkFloor and BenchmarkAnalyze, plain and with dartscan's profile, alternating (count $count)"
go test -c -pgo=examples/dartscan/default.pgo -o bench/out/pgo.test ./bench
rm -f bench/out/alternating-plain.txt bench/out/alternating-pgo.txt
for _ in $(seq "$count"); do
	for b in plain pgo; do
		bench/out/$b.test -test.run '^$' -test.bench '^(BenchmarkFloor|BenchmarkAnalyze)$' | grep '^Benchmark' | tee -a bench/out/alternating-$b.txt
	done
done
"$benchstat" plain=bench/out/alternating-plain.txt pgo=bench/out/alternating-pgo.txt
# dartscan itself: peak RSS and CPU time on each bundle, alternating.
bash bench/rss.sh "$count" "${bundles[@]}"
# And on four copies of the default bundle given at once, whether the
# cores are kept busy ((user+sys) / elapsed, at most the number of cores).
echo "== dartscan, one bundle and four at once: elapsed s, user s, sys s, peak RSS KiB, (user+sys)/elapsed"
for n in 1 4; do
	set -- $(for _ in $(seq "$n"); do echo "$bundle"; done)
	/usr/bin/time -f "%e %U %S %M" -o bench/out/time.txt bench/out/dartscan -format json "$@" >/dev/null || true
	awk -v n="$n" '{ printf "%d bundle(s): %s %s %s %s %.2f\n", n, $1, $2, $3, $4, ($2 + $3) / $1 }' bench/out/time.txt
done
