"""DuckDB's JSON Lines loads, timed in the same run as Kagami's first load (make bench-peers):
the incidents alone (the harness's incidents.jsonl and column types, one thread; and its
incidents.csv, as Kagami's rows import reads them), and the very file Kagami reads (kagami.jsonl:
every node and edge record as a row, no graph built), with one thread and with two. Medians of
three.
    python3 Benchmarks/duckdb_lines.py HARNESS_DIR DATA_DIR"""
import statistics, sys, time
import duckdb

sys.path.insert(0, f"{sys.argv[1]}/peers")
from peer_duckdb import T_INC  # noqa: E402  (the harness's column types of the incidents)

DATA = sys.argv[2]
# Every member any record of kagami.jsonl has, typed as Kagami's schema types them.
T_GRAPH = ("{'id':'VARCHAR','kind':'VARCHAR','name':'VARCHAR','country':'VARCHAR','tz':'VARCHAR',"
           "'subject':'VARCHAR','theme':'VARCHAR','lang':'VARCHAR','malicious':'BOOLEAN','ts':'TIMESTAMPTZ',"
           "'vector':'VARCHAR','phase':'BIGINT','files_exfiltrated':'BIGINT','accounts_compromised':'BIGINT',"
           "'from':'VARCHAR','to':'VARCHAR','label':'VARCHAR','provenance':'VARCHAR'}")


def load(threads, path, columns, reader="read_json"):
    times = []
    for _ in range(3):
        con = duckdb.connect()
        con.execute(f"set threads={threads}")
        start = time.perf_counter()
        # The header line of kagami.jsonl has none of these members; it reads as a row of nulls.
        options = "format='newline_delimited'" if reader == "read_json" else "header=true"
        con.execute(f"create table t as select * from {reader}('{path}', {options}, columns={columns})")
        times.append(time.perf_counter() - start)
        con.close()
    return statistics.median(times)


incidents = load(1, f"{DATA}/incidents.jsonl", T_INC)
incidents_csv = load(1, f"{DATA}/incidents.csv", T_INC, reader="read_csv")
graph1 = load(1, f"{DATA}/kagami.jsonl", T_GRAPH)
graph2 = load(2, f"{DATA}/kagami.jsonl", T_GRAPH)
print(f"duckdb (median of 3, 1 thread): incidents.csv {incidents_csv:.2f} s")
print(f"duckdb JSON Lines (median of 3): incidents.jsonl, 1 thread {incidents:.2f} s; "
      f"kagami.jsonl (the same file, rows only), 1 thread {graph1:.2f} s, 2 threads {graph2:.2f} s")
