#!/usr/bin/env bash
# Benchmark of `callmeter coverage` (issue 17): a week for 20 hotlines forecast from the 6 weeks
# before it, 1,000,000 inbound calls in those weeks, 400 agents with commitments over the week.
# Times `callmeter coverage --csv` (forecast query, slots, Erlang requirement for every slot and
# hotline, commitments, the CSV) and a bare sqlite3 aggregate of the same slots (calls, connected
# calls and handle time per hotline and half hour over the same 6 weeks) on the same database in
# the same run, and prints the ratio. Goal: ratio <= 3.
#
#   Benchmarks/coverage.sh [--calls N] [--runs R] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

calls=1000000
runs=3
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) calls="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        *) echo "usage: $0 [--calls N] [--runs R] [--keep DIR]" >&2; exit 64 ;;
    esac
done

. Benchmarks/common.sh

# The planned week is 2026-W50 (Monday 2026-12-07); the history 2026-W44 to W49 (Zurich time,
# the shipped Rules/center.json; the history has no daylight-saving change).
echo "Generating $calls calls in $work ..."
python3 - "$work" "$calls" <<'PY'
import random, sys, datetime, math
out, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261207)
agents = 400
hotlines = ["+4180030%04d" % i for i in range(20)]
share = [1.0 / (i + 2) for i in range(20)]
norm = sum(share)
start = datetime.datetime(2026, 10, 25, 23, 0, tzinfo=datetime.timezone.utc).timestamp()  # 2026-10-26 00:00 CET
seconds = 42 * 86400
with open(f"{out}/agents.csv", "w") as f:
    f.write("agent_id,name\n")
    for a in range(agents):
        f.write(f"A{a:04d},Agent {a}\n")
fmt = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
cdr = open(f"{out}/cdr.csv", "w")
cdr.write("call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds\n")
cum = []
acc = 0.0
for s in share:
    acc += s / norm
    cum.append(acc)
for i in range(total):
    # More calls by day than by night: accept a uniform time with a daily profile.
    while True:
        t = start + rng.random() * seconds
        hour = ((t - start) % 86400) / 3600
        if rng.random() < 0.15 + 0.85 * max(0.0, math.sin(math.pi * (hour - 6) / 16)) : break
    u = rng.random()
    h = next(k for k, c in enumerate(cum) if u <= c)
    d = rng.random()
    disposition = "answered" if d < 0.86 else "transferred" if d < 0.90 else "abandoned" if d < 0.97 else "missed"
    t = int(t)
    if disposition in ("answered", "transferred"):
        wait = rng.randrange(0, 60); talk = rng.randrange(30, 600); hold = rng.randrange(0, 40); wrap = rng.randrange(0, 60)
        cdr.write(f"B{i:07d},{hotlines[h]},A{rng.randrange(agents):04d},{fmt(t)},{fmt(t + wait)},{fmt(t + wait + talk)},{disposition},{talk},{hold},{wrap}\n")
    else:
        wait = rng.randrange(5, 120)
        cdr.write(f"B{i:07d},{hotlines[h]},,{fmt(t)},,{fmt(t + wait)},{disposition},,,\n")
# Commitments of the planned week: each agent 5 shifts of 8 hours, starting on the hour.
with open(f"{out}/commitments.csv", "w") as f:
    f.write("agent_id,date,from,to\n")
    for a in range(agents):
        first = rng.randrange(0, 24)
        for day in rng.sample(range(7), 5):
            date = (datetime.date(2026, 12, 7) + datetime.timedelta(days=day)).isoformat()
            f.write(f"A{a:04d},{date},{first:02d}:00,{(first + 8) % 24:02d}:00\n")
print(f"{total} calls, {agents} agents, {len(hotlines)} hotlines")
PY

db="$work/bench.sqlite"
rm -rf "$db" "$db.key" "$db-wal" "$db-shm" "$db.locks"
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" ingest agents "$work/agents.csv" >/dev/null
t0=$(now); "$bin" --db "$db" ingest cdr "$work/cdr.csv" >/dev/null; t1=$(now)
"$bin" --db "$db" ingest commitments "$work/commitments.csv" >/dev/null
echo "Ingest: cdr $(elapsed "$t0" "$t1") s"

week=2026-W50
"$bin" --db "$db" coverage --week "$week" --json > "$work/coverage.json"
read -r from to < <(python3 -c "
import json, sys, datetime
r = json.load(open(sys.argv[1]))
ts = lambda s: int(datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp())
slots = r['slots']
print(ts(slots[0]['start']) - 42 * 86400, ts(slots[0]['start']))" "$work/coverage.json")
echo "Week $week: $(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(len(r['hotlines']), 'hotlines,', len(r['slots']), 'slot rows; history', r['history_weeks'][0], 'to', r['history_weeks'][-1])" "$work/coverage.json")"

# The bare aggregate of the same slots (half hours from the history's first instant), with the
# page cache callmeter's connection uses.
aggregate="PRAGMA cache_size=-24576;
SELECT c.hotline, (c.started_at - $from) / 1800 AS slot, count(*), count(a.id), sum(a.talk_seconds + a.hold_seconds + a.wrap_seconds)
FROM calls c LEFT JOIN connected_calls a ON a.id = c.id
WHERE c.started_at >= $from AND c.started_at < $to AND c.direction = 'inbound'
GROUP BY c.hotline, slot;"

# The same without the handle time (no join): arrivals per hotline and half hour only.
counts="PRAGMA cache_size=-24576;
SELECT hotline, (started_at - $from) / 1800 AS slot, count(*) FROM calls
WHERE started_at >= $from AND started_at < $to AND direction = 'inbound' GROUP BY hotline, slot;"

coverage_time=$(best "$bin" --db "$db" coverage --week "$week" --csv "$work/coverage.csv")
aggregate_time=$(best sqlite3 "$db" "$aggregate")
counts_time=$(best sqlite3 "$db" "$counts")
ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$coverage_time" "$aggregate_time")
ratio_counts=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$coverage_time" "$counts_time")
echo "callmeter coverage:                     ${coverage_time} s (best of $runs)"
echo "sqlite3 aggregate of slots:             ${aggregate_time} s (calls, connected, handle time)"
echo "sqlite3 count per slot (no join):       ${counts_time} s"
echo "ratio coverage / aggregate:             ${ratio} (goal <= 3)"
echo "ratio coverage / count:                 ${ratio_counts}"
