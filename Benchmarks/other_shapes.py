"""Statements of other shapes than Q1-Q8, timed beside DuckDB (one thread) on the harness's data
in the same run (make bench-peers): grouping by computed and linked keys, distinct, sort and
take, regular expressions, id lookups, list membership, two-hop joins written as patterns,
medians and distinct counts, the edges as rows, computed sort keys, calendar keys and days,
a timeline, a match grouped by a property of its variable, and shapes once far over DuckDB's
time (a sort by a linked node, aggregates without groups, three group keys, a linked property
beside a key, an extended day, ids in order, a link to one node, an anchored pattern, an `and`
on edges, a where's nodes picked, `not`, linked whole numbers, a take or a count after a grouping of
hundreds of thousands of groups, text and id keys, a condition as a key, a page past the first thousand
rows, an extended text joined from properties, a split's first piece, a lambda over a split's pieces).
Kagami's times come from one
kagami-bench process (the graph loaded once), DuckDB's from the harness's CSV tables; both are
medians of three, and the rows each gives are shown side by side so that a disagreement is seen.
    python3 Benchmarks/other_shapes.py HARNESS_DIR DATA_DIR KAGAMI_BENCH"""
import math, re, statistics, subprocess, sys, time
import duckdb

sys.path.insert(0, f"{sys.argv[1]}/peers")
from peer_duckdb import TABLES  # noqa: E402  (the harness's tables and column types)

DATA, BENCH = sys.argv[2], sys.argv[3]
SHAPES = [
    ("incidents | count by vector",
     "select vector, count(*) from incidents group by 1 order by 2 desc"),
    ("incidents | sort files_exfiltrated desc | take 10",
     "select * from incidents order by files_exfiltrated desc, id limit 10"),
    ("incidents | where ts >= 2024-01-01 | sort ts | take 5",
     "select * from incidents where ts >= timestamptz '2024-01-01 00:00:00+00' order by ts limit 5"),
    ("incidents | distinct vector, phase", "select distinct vector, phase from incidents"),
    ("lures | where subject ~ \"(?i)taiwan\" | count",
     "select count(*) from lures where regexp_matches(subject, '(?i)taiwan')"),
    ("incidents | summarize median(files_exfiltrated), distinct_count(target) by phase",
     "select phase, median(files_exfiltrated), count(distinct target) from incidents group by 1"),
    ("incidents | select id, ts, target.name, lure.subject | take 5",
     "select i.id, i.ts, o.name, l.subject from incidents i left join orgs o on o.id = i.target "
     "left join lures l on l.id = i.lure limit 5"),
    ("incidents | count by year(ts), quarter(ts)",
     "select year(ts), quarter(ts), count(*) from incidents group by 1, 2"),
    ("incidents | count by date(ts) | take 3",
     "select cast(ts as date), count(*) c from incidents group by 1 order by c desc limit 3"),
    ("match (i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector {name: \"Aerospace org\"}) | count",
     "select count(*) from incidents i join orgs o on o.id = i.target join sectors s on s.id = o.sector "
     "where s.name = 'Aerospace org'"),
    ("match (i:incident)-[:used_lure]->(l:lure {lang: \"ja\"}) where i.phase == 3 | count",
     "select count(*) from incidents i join lures l on l.id = i.lure where l.lang = 'ja' and i.phase = 3"),
    ("incidents | where id == \"inc-0500000\" | select id, ts",
     "select id, ts from incidents where id = 'inc-0500000'"),
    ("incidents | where phase in [1, 3] | count", "select count(*) from incidents where phase in (1, 3)"),
    ("incidents | count by actor.name, vector | top 5 by count",
     "select a.name, i.vector, count(*) c from incidents i left join actors a on a.id = i.actor "
     "group by 1, 2 order by c desc limit 5"),
    ("incidents | count by lure.lang",
     "select l.lang, count(*) from incidents i left join lures l on l.id = i.lure group by 1"),
    ("incidents | where lure.lang == \"ja\" and phase == 2 | count",
     "select count(*) from incidents i join lures l on l.id = i.lure where l.lang = 'ja' and i.phase = 2"),
    ("incidents | where files_exfiltrated + accounts_compromised * 10 > 500 | count",
     "select count(*) from incidents where files_exfiltrated + accounts_compromised * 10 > 500"),
    ("incidents | where vector starts with \"spear\" | count by phase",
     "select phase, count(*) from incidents where vector like 'spear%' group by 1"),
    ("incidents | summarize min(ts), max(ts) by vector", "select vector, min(ts), max(ts) from incidents group by 1"),
    ("@apt10 | in attributed_to | out used_lure | count",
     "select count(distinct lure) from incidents where actor = 'apt10'"),
    ("edges | count by label", "select label, count(*) from edges group by 1"),
    ("edges | where label == \"targeted\" | count", "select count(*) from edges where label = 'targeted'"),
    ("edges | where to == \"apt10\" | count", "select count(*) from edges where dst = 'apt10'"),
    ("edges | where label == \"used_lure\" | count by to | top 3 by count",
     "select dst, count(*) c from edges where label = 'used_lure' group by 1 order by c desc, dst limit 3"),
    ("edges | sort from | take 3", "select * from edges order by src, dst, label limit 3"),
    ("incidents | extend t = files_exfiltrated + accounts_compromised | sort t desc | take 3",
     "select *, files_exfiltrated + accounts_compromised t from incidents order by t desc, id limit 3"),
    ("incidents | count by weekday(ts)", "select isodow(ts), count(*) from incidents group by 1"),
    ("incidents | where ts between 2022-01-01T00:00Z and 2023-01-01T00:00Z | count",
     "select count(*) from incidents where ts between timestamptz '2022-01-01 00:00:00+00' "
     "and timestamptz '2023-01-01 00:00:00+00'"),
    ("incidents | where date(ts) == 2023-05-05 | count",
     "select count(*) from incidents where cast(ts as date) = date '2023-05-05'"),
    # A timeline shows the months without incidents too (count 0): the series of every month.
    ("incidents | timeline by month",
     "select s.month, coalesce(c.n, 0) from (select unnest(generate_series("
     "(select date_trunc('month', min(ts)) from incidents), (select date_trunc('month', max(ts)) from incidents), "
     "interval 1 month)) as month) s "
     "left join (select date_trunc('month', ts) m, count(*) n from incidents group by 1) c on c.m = s.month"),
    ("match (i:incident)-[:used_lure]->(l:lure) where l.lang == \"ja\" | count by i.actor",
     "select i.actor, count(*) from incidents i join lures l on l.id = i.lure where l.lang = 'ja' group by 1"),
    ("match (i:incident)-[:targeted]->(o:org) | count by o.sector, i.phase",
     "select o.sector, i.phase, count(*) from incidents i join orgs o on o.id = i.target group by 1, 2"),
    ("match (i:incident)-[:targeted]->(o:org) | count by o.name | top 3 by count",
     "select o.name, count(*) c from incidents i join orgs o on o.id = i.target group by 1 order by c desc, 1 limit 3"),
    ("incidents | sort target, ts | take 5", "select * from incidents order by target, ts limit 5"),
    ("incidents | summarize min(files_exfiltrated), avg(accounts_compromised)",
     "select min(files_exfiltrated), avg(accounts_compromised) from incidents"),
    ("incidents | distinct actor, phase, vector | count",
     "select count(*) from (select distinct actor, phase, vector from incidents)"),
    ("incidents | count by lure.malicious, phase",
     "select l.malicious, i.phase, count(*) from incidents i left join lures l on l.id = i.lure group by 1, 2"),
    ("incidents | extend d = date(ts) | count by d | top 3 by count",
     "select cast(ts as date) d, count(*) c from incidents group by 1 order by c desc limit 3"),
    ("incidents | where id > \"inc-0900000\" | count", "select count(*) from incidents where id > 'inc-0900000'"),
    ("incidents | where actor == @apt10 and phase == 2 | count",
     "select count(*) from incidents where actor = 'apt10' and phase = 2"),
    ("lures | where subject ~ \"^Re:\" | count", "select count(*) from lures where regexp_matches(subject, '^Re:')"),
    ("lures | where subject ~ \"\\\\d{6}\" | count",
     "select count(*) from lures where regexp_matches(subject, '\\d{6}')"),
    ("lures | where subject ~ \"[0-9]+\\\\)$\" | count",
     "select count(*) from lures where regexp_matches(subject, '[0-9]+\\)$')"),
    ("incidents | where lure.subject ~ \"^Re: .*Taiwan\" | count",
     "select count(*) from incidents i join lures l on l.id = i.lure where regexp_matches(l.subject, '^Re: .*Taiwan')"),
    ("edges | where label == \"targeted\" and to == \"org-00042\" | count",
     "select count(*) from edges where label = 'targeted' and dst = 'org-00042'"),
    ("incidents | where files_exfiltrated > 0 | count by phase",
     "select phase, count(*) from incidents where files_exfiltrated > 0 group by 1"),
    ("incidents | where not (phase == 1) | count", "select count(*) from incidents where not (phase = 1)"),
    ("incidents | select id, n = len(lure.subject) | sort n desc | take 3",
     "select i.id, length(l.subject) n from incidents i left join lures l on l.id = i.lure order by n desc limit 3"),
    ("incidents | summarize avg(len(lure.subject)) by phase",
     "select i.phase, avg(length(l.subject)) from incidents i left join lures l on l.id = i.lure group by 1"),
    ("incidents | count by lure | take 10",
     "select lure, count(*) c from incidents group by 1 order by c desc, 1 limit 10"),
    ("incidents | summarize sum(files_exfiltrated) by lure | take 5",
     "select lure, sum(files_exfiltrated) from incidents group by 1 order by 1 limit 5"),
    ("lures | count by lower(subject) | take 3",
     "select lower(subject), count(*) c from lures group by 1 order by c desc, 1 limit 3"),
    ("incidents | count by id | take 3", "select id, count(*) c from incidents group by 1 order by c desc, id limit 3"),
    ("lures | count by subject | count", "select count(*) from (select subject from lures group by 1)"),
    ("incidents | extend big = files_exfiltrated > 100 | count by big, phase",
     "select files_exfiltrated > 100, phase, count(*) from incidents group by 1, 2"),
    ("incidents | count by files_exfiltrated, phase | count",
     "select count(*) from (select files_exfiltrated, phase from incidents group by 1, 2)"),
    ("incidents | sort ts | skip 1000 | take 10", "select * from incidents order by ts, id limit 10 offset 1000"),
    ("lures | extend s = lower(theme) + \"/\" + lang | count by s",
     "select lower(theme) || '/' || lang, count(*) from lures group by 1"),
    ("lures | where split(subject, \" \")[0] == \"Re:\" | count",
     "select count(*) from lures where split_part(subject, ' ', 1) = 'Re:'"),
    ("lures | where any(split(subject, \" \"), w => w == \"Taiwan\") | count",
     "select count(*) from lures where list_contains(string_split(subject, ' '), 'Taiwan')"),
    ("lures | count by subject | take 3",
     "select subject, count(*) c from lures group by 1 order by c desc, subject limit 3"),
]

con = duckdb.connect()
con.execute("set threads=1")
for table, columns in TABLES.items():
    con.execute(f"create table {table} as select * from read_csv('{DATA}/{table}.csv', header=true, columns={columns})")
duck = []
for _, sql in SHAPES:
    times, rows = [], 0
    for _ in range(3):
        start = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        times.append(time.perf_counter() - start)
    duck.append((statistics.median(times) * 1000, rows))

output = subprocess.run([BENCH, f"{DATA}/kagami.jsonl"] + [s for s, _ in SHAPES],
                        capture_output=True, text=True, check=True).stdout
measured = {m.group(1): (float(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^    (.*): ([0-9.]+) ms \((\d+) rows?\)$", output, re.M)}
print("other shapes (median of 3 each; DuckDB one thread, its CSV tables; rows each gives):")
print(f"| statement | DuckDB ms | rows | Kagami ms | rows | ratio |\n|---|---|---|---|---|---|")
ratios = []
for (statement, _), (duck_ms, duck_rows) in zip(SHAPES, duck):
    kagami_ms, kagami_rows = measured.get(statement, (float("nan"), -1))
    ratio = max(kagami_ms, 0.1) / max(duck_ms, 0.1)
    ratios.append(ratio)
    same = "" if kagami_rows == duck_rows else " ≠"
    print(f"| `{statement}` | {duck_ms:.1f} | {duck_rows} | {kagami_ms:.1f} | {kagami_rows}{same} | {ratio:.2f} |")
print(f"geometric mean of the ratios (times under 0.1 ms counted as 0.1): "
      f"{math.exp(sum(map(math.log, ratios)) / len(ratios)):.2f}")
