#!/usr/bin/env bash
# Benchmark of `callmeter integrity` (issue 19): 30 days x 5,000 calls a day (150,000 calls), 200
# agents on 8 hotlines, a third of the connected calls rated, ended_by on every call and some short
# calls. Times `callmeter integrity` and `callmeter score` (which stores the integrity figures with
# the run) on the same database in the same run, and prints the ratio. Goal: ratio <= 2.
#
#   Benchmarks/integrity.sh [--calls-per-day N] [--runs R] [--keep DIR]
#
# Measured on the 2-core development machine (noisy; best of 3): see the README's Survey integrity.
set -euo pipefail
cd "$(dirname "$0")/.."

per_day=5000
runs=3
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --calls-per-day) per_day="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        *) echo "usage: $0 [--calls-per-day N] [--runs R] [--keep DIR]" >&2; exit 64 ;;
    esac
done

. Benchmarks/common.sh

days=30
echo "Generating $days days x $per_day calls in $work ..."
python3 - "$work" "$per_day" "$days" <<'PY'
import random, sys, datetime
out, per_day, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
total = per_day * days
rng = random.Random(20261031)
agents = 200
hotlines = ["+4180010%04d" % i for i in range(8)]
bias = [rng.uniform(-0.5, 0.5) for _ in hotlines]
response = [rng.uniform(0.2, 0.45) for _ in hotlines]
quality = [rng.uniform(0.0, 1.0) for _ in range(agents)]
start = datetime.datetime(2026, 10, 2, tzinfo=datetime.timezone.utc).timestamp()
with open(f"{out}/agents.csv", "w") as f:
    f.write("agent_id,name\n")
    for a in range(agents):
        f.write(f"A{a:04d},Agent {a}\n")
cdr = open(f"{out}/cdr.csv", "w")
cdr.write("call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds,caller,ended_by\n")
ratings = open(f"{out}/ratings.csv", "w")
ratings.write("call_id,rating\n")
fmt = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
step = days * 86400 / total
rated = 0
for i in range(total):
    t = int(start + i * step)
    h = rng.randrange(len(hotlines))
    u = rng.random()
    disposition = "answered" if u < 0.85 else "transferred" if u < 0.90 else "abandoned" if u < 0.97 else "missed"
    connected = disposition in ("answered", "transferred")
    agent = f"A{rng.randrange(agents):04d}" if connected else ""
    talk = (rng.randrange(2, 20) if rng.random() < 0.02 else rng.randrange(30, 900)) if connected else 0
    duration = talk + rng.randrange(0, 60)
    caller = "+4179%07d" % rng.randrange(300000)
    ended_by = ("agent" if rng.random() < 0.4 else "caller") if connected else "caller"
    cdr.write(f"C{i:07d},{hotlines[h]},{agent},{fmt(t)},{fmt(t + duration)},{disposition},{talk},{caller},{ended_by}\n")
    if connected and rng.random() < response[h]:
        q = quality[int(agent[1:])]
        r = min(5, max(1, round(1 + 4 * q + bias[h] + rng.gauss(0, 1))))
        ratings.write(f"C{i:07d},{r}\n")
        rated += 1
print(f"{total} calls, {rated} ratings, {agents} agents")
PY

db="$work/bench.sqlite"
rm -rf "$db" "$db.key" "$db-wal" "$db-shm" "$db.locks"
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" ingest agents "$work/agents.csv" >/dev/null
"$bin" --db "$db" ingest cdr "$work/cdr.csv" >/dev/null
"$bin" --db "$db" ingest ratings "$work/ratings.csv" >/dev/null

as_of=2026-10-31
score_time=$(best "$bin" --db "$db" score --as-of "$as_of")
integrity_time=$(best "$bin" --db "$db" integrity --as-of "$as_of")
flags=$("$bin" --db "$db" integrity --as-of "$as_of" --json | python3 -c "import json,sys; r=json.load(sys.stdin); print(sum(len(a['flags']) for a in r['agents']), 'flags,', sum(a['judged'] for a in r['agents']), 'agents judged')")
ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$integrity_time" "$score_time")
echo "Integrity: $flags"
echo "callmeter score:              ${score_time} s (best of $runs; stores the integrity figures too)"
echo "callmeter integrity:          ${integrity_time} s (best of $runs)"
echo "ratio integrity / score:      ${ratio} (goal <= 2)"
