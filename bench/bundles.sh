#!/usr/bin/env bash
# Makes the big bundles the benchmarks read, those missing from
# testdata/big (not committed), and prints their paths, one a line:
#
#	bash bench/bundles.sh                     # the default set
#	bash bench/bundles.sh all                 # every layout at every density
#	bash bench/bundles.sh LAYOUT:DENSITY ...  # those named
#
# The default set is the default layout at every density (none, the
# default 0.002, 0.01, and 0.1: the agent failing every 15 s from the first
# record to the last), and every other layout at 0.002 and 0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
go build -o bench/out/genbig ./bench/cmd/genbig
layouts=$(bench/out/genbig -layout list)
first=$(echo "$layouts" | head -n1)
densities="0 0.002 0.01 0.1"
pairs=()
case "${1:-}" in
"")
	for d in $densities; do pairs+=("$first:$d"); done
	for l in $(echo "$layouts" | tail -n +2); do pairs+=("$l:0.002" "$l:0.1"); done
	;;
all)
	for l in $layouts; do for d in $densities; do pairs+=("$l:$d"); done; done
	;;
*)
	pairs=("$@")
	;;
esac
for p in "${pairs[@]}"; do
	layout=${p%%:*} density=${p#*:}
	path=$(bench/out/genbig -layout "$layout" -density "$density" -path)
	if [ ! -f "$path" ]; then
		echo "== making $path" >&2
		bench/out/genbig -layout "$layout" -density "$density" >/dev/null
	fi
	echo "$path"
done
