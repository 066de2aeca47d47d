#!/usr/bin/env bash
# `make bench-peers`: the peer benchmark (../shared/bench: DuckDB and igraph beside Kagami on
# another generator's graph, one run), then Kagami's two ways of opening that graph timed apart:
# from JSON Lines (--no-cache) and from its cached snapshot, each to its first answer (the
# workspace ready, what the analyst waits for; DuckDB's figures below time its read alone, without
# its start-up or close) and to the process's end. The harness's own load figure is the median of
# three runs to the end, the first of which also writes the snapshot. Then Kagami's rows
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
# Seconds from the start of a run of kagami with `-c 1` to the first byte of its answer (`1`), then
# to its end: a line "READY END".
ready() {
  python3 -c 'import subprocess, sys, time
s = time.perf_counter()
p = subprocess.Popen(sys.argv[1:] + ["-c", "1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdout.read(1); ready = time.perf_counter() - s
p.stdout.read(); p.wait()
print(f"{ready:.3f} {time.perf_counter() - s:.3f}")' "$@"
}
# The median of three runs' READY END lines, field by field.
medians() { python3 -c 'import statistics, sys
runs = [line.split() for line in sys.stdin]
print(" ".join(f"{statistics.median(float(r[i]) for r in runs):.2f}" for i in (0, 1)))'; }
read -r jsonl_ready jsonl_end < <(for _ in 1 2 3; do ready "$BIN/kagami" --no-plugins --no-cache --data "$GRAPH"; done | medians)
XDG_CACHE_HOME=$CACHE "$BIN/kagami" --no-plugins --data "$GRAPH" -c :quit >/dev/null 2>&1
read -r snapshot_ready snapshot_end < <(for _ in 1 2 3; do XDG_CACHE_HOME=$CACHE ready "$BIN/kagami" --no-plugins --data "$GRAPH"; done | medians)
rm -rf "$CACHE"
echo "kagami first load (median of 3, start-up included), to its first answer / to the process's end: from JSON Lines ${jsonl_ready} / ${jsonl_end} s, from its snapshot ${snapshot_ready} / ${snapshot_end} s"
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
