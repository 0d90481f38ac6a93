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
python3 Benchmarks/synthetic_calls.py "$work" "$((per_day * days))" "$days" 200 --survey-mix

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
