#!/usr/bin/env bash
# `make bench-peers`: the peer benchmark (../shared/bench: DuckDB and igraph beside Kagami on
# another generator's graph, one run), then Kagami's two ways of opening that graph timed apart:
# from JSON Lines (--no-cache) and from its cached snapshot. The harness's own load figure is
# the median of three runs, the first of which also writes the snapshot. Then Kagami's rows
# import of the incidents alone (CSV and JSON Lines), and last DuckDB's loads of the same files
# in the same run (Benchmarks/duckdb_lines.py): the incidents alone, and Kagami's file. Last,
# statements of other shapes than Q1-Q8 beside DuckDB (Benchmarks/other_shapes.py).
#   bash Benchmarks/peers.sh BIN_DIR [N]
set -euo pipefail
BIN="$(cd "$1" && pwd)"; N="${2:-1000000}"
HARNESS="$(cd "$(dirname "$0")/../.." && pwd)/shared/bench"
[ -f "$HARNESS/side_by_side.sh" ] || { echo "bench-peers: the peer harness is not at $HARNESS"; exit 1; }
python3 -c "import numpy, pyarrow, duckdb, igraph" 2>/dev/null || {
  echo "bench-peers: needs python3 with numpy, pyarrow, duckdb and igraph (pip install numpy pyarrow duckdb igraph)"; exit 1; }
bash "$HARNESS/side_by_side.sh" "$BIN" "$N"
GRAPH="${DATA:-${TMPDIR:-/tmp}/kagami-side-by-side}/$N/kagami.jsonl"
CACHE=$(mktemp -d)
median() { sort -n | sed -n '2p'; }
wall() {
  python3 -c 'import subprocess, sys, time
s = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{time.perf_counter() - s:.2f}")' "$@"
}
jsonl=$(for _ in 1 2 3; do wall "$BIN/kagami" --no-plugins --no-cache --data "$GRAPH" -c :quit; done | median)
XDG_CACHE_HOME=$CACHE "$BIN/kagami" --no-plugins --data "$GRAPH" -c :quit >/dev/null 2>&1
snapshot=$(for _ in 1 2 3; do XDG_CACHE_HOME=$CACHE wall "$BIN/kagami" --no-plugins --data "$GRAPH" -c :quit; done | median)
rm -rf "$CACHE"
echo "kagami to the end of -c :quit (median of 3, start-up included): from JSON Lines ${jsonl} s, from its snapshot ${snapshot} s"
# The incidents alone, as DuckDB reads them below: rows of the harness's files added as nodes to
# the bundled data (start-up on it given apart).
ROWS="$(dirname "$GRAPH")"
MAPPING="id=id ts=ts vector=vector files_exfiltrated=files_exfiltrated accounts_compromised=accounts_compromised"
start=$(for _ in 1 2 3; do wall "$BIN/kagami" --no-plugins -c :quit; done | median)
rows_jsonl=$(for _ in 1 2 3; do wall "$BIN/kagami" --no-plugins -c ":import $ROWS/incidents.jsonl as incident $MAPPING"; done | median)
rows_csv=$(for _ in 1 2 3; do wall "$BIN/kagami" --no-plugins -c ":import $ROWS/incidents.csv as incident $MAPPING"; done | median)
echo "kagami :import … as incident (median of 3, start-up on the bundled data ${start} s included): incidents.jsonl ${rows_jsonl} s, incidents.csv ${rows_csv} s"
python3 "$(dirname "$0")/duckdb_lines.py" "$HARNESS" "$(dirname "$GRAPH")"
python3 "$(dirname "$0")/other_shapes.py" "$HARNESS" "$(dirname "$GRAPH")" "$BIN/kagami-bench"
