#!/usr/bin/env bash
# Ingest benchmark: `callmeter ingest cdr` (release build) against `sqlite3 .import --csv` of the
# same file into a table with the same columns and a UNIQUE call_id, in the same run, on a file in
# call order and on the same rows shuffled (PBXs write CDRs at hang-up, not in call-id order).
# Prints each time (best of RUNS), the ratio callmeter / sqlite3 (bar: <= 1.0), and callmeter's
# peak RSS. Needs sqlite3, and GNU time for the RSS figure. Usage: Benchmarks/ingest.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/callmeter-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

swift build -c release --product callmeter >/dev/null
bin=$(swift build -c release --show-bin-path)/callmeter

# 1,000 calls a day over as many days as needed, 400 agents.
days=$(( (rows + 999) / 1000 ))
"$bin" generate --agents 400 --days "$days" --calls-per-day 1000 --seed 7 --out "$work/gen" >/dev/null
{ head -n 1 "$work/gen/cdr.csv"; tail -n +2 "$work/gen/cdr.csv" | head -n "$rows"; } > "$work/sorted.csv"
{ head -n 1 "$work/sorted.csv"; tail -n +2 "$work/sorted.csv" | shuf --random-source=<(yes 7); } > "$work/shuffled.csv"
header=$(head -n 1 "$work/sorted.csv")
columns=$(echo "$header" | tr -d '\r' | sed 's/,/ TEXT, /g')" TEXT"
columns=${columns/call_id TEXT/call_id TEXT UNIQUE}

now() { date +%s.%N; }
best() { sort -n | head -n 1; }

time_callmeter() {
    local file=$1
    for _ in $(seq "$runs"); do
        rm -rf "$work"/cm.sqlite*  # the database, its key, WAL and its .locks folder
        local start; start=$(now)
        "$bin" --db "$work/cm.sqlite" --rules Rules ingest cdr "$file" >/dev/null
        echo "$(now) - $start" | bc
    done | best
}

time_import() {
    local file=$1
    for _ in $(seq "$runs"); do
        rm -f "$work"/imp.sqlite*
        sqlite3 "$work/imp.sqlite" "PRAGMA journal_mode=WAL;" "CREATE TABLE calls ($columns);" >/dev/null
        local start; start=$(now)
        sqlite3 "$work/imp.sqlite" ".import --csv --skip 1 $file calls"
        echo "$(now) - $start" | bc
    done | best
}

peak_rss() {
    local file=$1
    if [ -x /usr/bin/time ]; then
        rm -rf "$work"/cm.sqlite*  # the database, its key, WAL and its .locks folder
        /usr/bin/time -f "%M" "$bin" --db "$work/cm.sqlite" --rules Rules ingest cdr "$file" 2>&1 >/dev/null | tail -n 1
    else
        echo "n/a (install GNU time)"
    fi
}

echo "rows: $rows, best of $runs runs, $(nproc) cores"
for kind in sorted shuffled; do
    file="$work/$kind.csv"
    cm=$(time_callmeter "$file")
    imp=$(time_import "$file")
    ratio=$(echo "scale=2; $cm / $imp" | bc)
    printf '%-9s callmeter %6.2f s   sqlite3 .import %6.2f s   ratio %s   peak RSS %s KiB\n' \
        "$kind" "$cm" "$imp" "$ratio" "$(peak_rss "$file")"
done
