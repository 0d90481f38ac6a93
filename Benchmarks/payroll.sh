#!/usr/bin/env bash
# Payroll speed: a month of 1,000,000 calls (October 2026, Europe/Zurich, 2,000 agents, the three
# shipped hotlines). Times `callmeter payroll 2026-10 --export` (release build) against a bare
# sqlite3 sum of talk seconds per agent and hotline over the same calls, in the same run, and prints
# both times and the ratio. Goal: ratio <= 3.
#
# Usage: Benchmarks/payroll.sh [CALLS]   (default 1000000; needs python3 and sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."

calls=${1:-1000000}
runs=3
work=$(mktemp -d "${TMPDIR:-/tmp}/callmeter-payroll-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/bench.sqlite"

echo "Building (release)…"
swift build -c release --product callmeter >/dev/null
bin="$(swift build -c release --show-bin-path)/callmeter"

echo "Generating $calls calls for 2026-10 in $db…"
"$bin" --db "$db" init >/dev/null
python3 - "$db" "$calls" <<'PY'
import random, sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261031)
# October 2026 in Europe/Zurich: local midnight 1 October (CEST) to local midnight 1 November (CET).
start, end = 1790805600, 1793487600
con = sqlite3.connect(db)
con.execute("PRAGMA synchronous=OFF")
con.execute("BEGIN")
con.execute("INSERT INTO batches (id, file_name, sha256, kind, format, started_at_ms) VALUES (1, 'bench', 'bench', 'cdr', 'native', 0)")
con.executemany("INSERT INTO agents (id, agent_id, name, in_directory) VALUES (?, ?, ?, 1)",
                ((i, "a%04d" % i, "Agent %d" % i) for i in range(1, 2001)))
con.executemany("INSERT INTO hotlines (id, hotline) VALUES (?, ?)",
                [(1, "+41800100100"), (2, "+41800200200"), (3, "+41800300300")])
def rows():
    for i in range(1, n + 1):
        t = rng.randrange(start, end)
        r = rng.random()
        disposition = "answered" if r < 0.85 else "transferred" if r < 0.90 else "abandoned" if r < 0.97 else "missed"
        connected = r < 0.90
        talk = rng.randrange(3, 1500) if connected else 0
        hold = rng.choice((0, 0, 15, 45)) if connected else 0
        wrap = rng.randrange(0, 60) if connected else 0
        agent = rng.randrange(1, 2001) if connected else None
        answered = t + rng.randrange(0, 60)
        yield (i, "B%07d" % i, rng.choice((1, 1, 2, 3)), agent, t, answered if connected else None,
               answered + talk + hold, disposition, talk, hold, wrap, "inbound", 1, i + 1)
con.executemany("""INSERT INTO calls (id, call_id, hotline, agent, started_at, answered_at, ended_at, disposition,
                   talk_seconds, hold_seconds, wrap_seconds, direction, batch, source_line)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows())
con.execute("COMMIT")
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()
PY

now() { date +%s.%N; }
best() { # best of $runs wall-clock times of "$@", stdout discarded
    local fastest=""
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(now); "$@" >/dev/null; t1=$(now)
        fastest=$(python3 -c "import sys; a=float(sys.argv[1])-float(sys.argv[2]); b=sys.argv[3]; print(a if not b else min(a, float(b)))" "$t1" "$t0" "$fastest")
    done
    echo "$fastest"
}

baseline_sql="SELECT agent, hotline, sum(talk_seconds) FROM calls
WHERE started_at >= 1790805600 AND started_at < 1793487600 AND agent IS NOT NULL
  AND disposition IN ('answered', 'transferred')
GROUP BY agent, hotline;"
export_file="$work/payroll-2026-10.csv"

# Warm the page cache for both.
sqlite3 "$db" "$baseline_sql" >/dev/null
"$bin" --db "$db" --rules Rules payroll 2026-10 --export "$export_file" >/dev/null

sqlite_time=$(best sqlite3 "$db" "$baseline_sql")
callmeter_time=$(best "$bin" --db "$db" --rules Rules payroll 2026-10 --export "$export_file")

lines=$(($(wc -l < "$export_file") - 1))
total=$("$bin" --db "$db" --rules Rules payroll 2026-10 | sed -n 's/^Total: \([^ ]* [A-Z]*\).*/\1/p')
python3 - "$calls" "$sqlite_time" "$callmeter_time" "$lines" "$total" <<'PY'
import sys
calls, base, ours, lines, total = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"calls:                          {calls:,}")
print(f"sqlite3 sum per agent+hotline:  {base:.3f} s (best of 3)")
print(f"callmeter payroll --export:     {ours:.3f} s (best of 3; {lines} lines, total {total})")
print(f"ratio:                          {ours / base:.2f} (goal <= 3)")
PY
