#!/usr/bin/env bash
# Measures dartscan on each big bundle: its peak resident set (the
# kernel's VmHWM, as /usr/bin/time -v reports "Maximum resident set
# size") and its CPU time, the median of ROUNDS runs, the bundles taken in
# turn in each round so that a change in the host's load weighs on all:
#
#	bash bench/rss.sh [ROUNDS] [BUNDLE...]   # default 5 rounds, bench/bundles.sh's set
#	FORMAT=ndjson bash bench/rss.sh ...      # -format ndjson (default json)
#
# dartscan is built as it ships, with examples/dartscan/default.pgo. The
# runs go to bench/out/rss.txt, one line each: bundle, peak RSS in KiB,
# user s, system s, elapsed s.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
shift || true
if [ $# -gt 0 ]; then
	bundles=("$@")
else
	mapfile -t bundles < <(bash bench/bundles.sh)
fi
mkdir -p bench/out
go build -o bench/out/dartscan ./examples/dartscan
: >bench/out/rss.txt
for _ in $(seq "$rounds"); do
	for b in "${bundles[@]}"; do
		/usr/bin/time -f "%M %U %S %e" -o bench/out/time.txt bench/out/dartscan -format "${FORMAT:-json}" "$b" >/dev/null || true
		echo "$(basename "$b") $(cat bench/out/time.txt)" >>bench/out/rss.txt
	done
done
echo "== dartscan, median of $rounds runs: peak RSS MiB, user+sys s, elapsed s"
sort -k1,1 bench/out/rss.txt | awk '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
	}
	function flush() {
		if (n) printf "%-40s %7.1f %6.2f %6.2f\n", name, median(rss, n) / 1024, median(cpu, n), median(el, n)
		n = 0
	}
	$1 != name { flush(); name = $1 }
	{ n++; rss[n] = $2; cpu[n] = $3 + $4; el[n] = $5 }
	END { flush() }'
