#!/usr/bin/env bash
# Benchmark of `callmeter score` (issue 4): 1,000,000 calls over 30 days, ~300,000 ratings,
# 2,000 agents. Times `callmeter score` and a bare sqlite3 aggregate (count and average rating
# per agent over the same window) on the same database in the same run, and prints the ratio.
# Goal: ratio <= 3.
#
#   Benchmarks/score.sh [--calls N] [--runs R] [--ingest-cost] [--keep DIR]
#
# Measured on the 2-core development machine (noisy; best of 3): callmeter score 0.29-0.43 s;
# sqlite3 aggregate on calls.overall_rating 0.45-1.1 s (SQLite sorts 930k rows for GROUP BY),
# through the ratings join 0.36-0.50 s; ratio 0.55-0.65 against the first, 0.6-1.2 against the join.
#
# --ingest-cost also measures what scoring costs the CDR and ratings ingest: the same files
# ingested into a database without the calls_started_at index and the rating triggers.
set -euo pipefail
cd "$(dirname "$0")/.."

calls=1000000
runs=3
ingest_cost=0
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) calls="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --ingest-cost) ingest_cost=1; shift ;;
        --keep) keep="$2"; shift 2 ;;
        *) echo "usage: $0 [--calls N] [--runs R] [--ingest-cost] [--keep DIR]" >&2; exit 64 ;;
    esac
done

. Benchmarks/common.sh

echo "Generating $calls calls in $work ..."
python3 Benchmarks/synthetic_calls.py "$work" "$calls" 30 2000

db="$work/bench.sqlite"
rm -rf "$db" "$db.key" "$db-wal" "$db-shm" "$db.locks"
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" ingest agents "$work/agents.csv" >/dev/null
t0=$(now); "$bin" --db "$db" ingest cdr "$work/cdr.csv" >/dev/null; t1=$(now)
"$bin" --db "$db" ingest ratings "$work/ratings.csv" >/dev/null; t2=$(now)
cdr_ingest=$(elapsed "$t0" "$t1"); ratings_ingest=$(elapsed "$t1" "$t2")
echo "Ingest: cdr ${cdr_ingest} s, ratings ${ratings_ingest} s"

as_of=2026-10-31
"$bin" --db "$db" score --as-of "$as_of" --json > "$work/score.json"
read -r start end < <(python3 -c "
import json, sys, datetime
w = json.load(open(sys.argv[1]))['window']
ts = lambda s: int(datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp())
print(ts(w['start']), ts(w['end']))" "$work/score.json")
echo "Window: $as_of, [$start, $end) UTC seconds; $(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(len(r['agents']), 'agents,', r['ratings'], 'ratings')" "$work/score.json")"

# The bare aggregate over the same window, on the same schema (the rating on the call row, -1 for
# none), with
# the page cache callmeter's connection uses.
aggregate="PRAGMA cache_size=-24576;
SELECT agent, count(nullif(overall_rating, -1)), avg(nullif(overall_rating, -1)) FROM calls
WHERE started_at >= $start AND started_at < $end AND disposition IN ('answered', 'transferred') AND agent IS NOT NULL
GROUP BY agent;"
# The same through the ratings table (the join a schema without that column would need).
join="PRAGMA cache_size=-24576;
SELECT c.agent, count(*), avg(r.rating) FROM ratings r JOIN calls c ON c.id = r.call
WHERE r.question = 'overall' AND c.started_at >= $start AND c.started_at < $end
  AND c.disposition IN ('answered', 'transferred') GROUP BY c.agent;"

score_time=$(best "$bin" --db "$db" score --as-of "$as_of")
aggregate_time=$(best sqlite3 "$db" "$aggregate")
join_time=$(best sqlite3 "$db" "$join")
ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$score_time" "$aggregate_time")
ratio_join=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$score_time" "$join_time")
echo "callmeter score:                         ${score_time} s (best of $runs)"
echo "sqlite3 aggregate (rating on call row):  ${aggregate_time} s"
echo "sqlite3 aggregate (join on ratings):     ${join_time} s"
echo "ratio score / aggregate:                 ${ratio} (goal <= 3)"
echo "ratio score / join aggregate:            ${ratio_join}"

if [ "$ingest_cost" = 1 ]; then
    bare="$work/bare.sqlite"
    rm -rf "$bare" "$bare.key" "$bare-wal" "$bare-shm" "$bare.locks"
    "$bin" --db "$bare" init >/dev/null
    sqlite3 "$bare" "DROP INDEX calls_started_at; DROP TRIGGER ratings_overall_insert; DROP TRIGGER ratings_overall_update; DROP TRIGGER ratings_overall_delete;"
    "$bin" --db "$bare" ingest agents "$work/agents.csv" >/dev/null
    t0=$(now); "$bin" --db "$bare" ingest cdr "$work/cdr.csv" >/dev/null; t1=$(now)
    "$bin" --db "$bare" ingest ratings "$work/ratings.csv" >/dev/null; t2=$(now)
    echo "Ingest without the index and triggers: cdr $(elapsed "$t0" "$t1") s, ratings $(elapsed "$t1" "$t2") s"
    echo "Ingest with them (above):              cdr ${cdr_ingest} s, ratings ${ratings_ingest} s"
fi
