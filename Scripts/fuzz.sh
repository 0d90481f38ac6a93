#!/bin/sh
# Builds a libFuzzer target and runs it for SECONDS.
#   Scripts/fuzz.sh csv|rules SECONDS
# Targets compile only pure-Swift sources (no CSQLite/CCrypto module maps needed):
#   csv    Ingest/CSVReader.swift + UTF8Validation + IngestFileError; in-memory and chunked file
#          readings must agree under three dialects.      Seeds: Fixtures/**/*.csv, queue_log*
#   rules  Rules/*.swift; RulesJSONParser.parse on any bytes.  Seeds: Rules/*.json
# Work files go to .build/fuzz/TARGET/: the corpus grows in corpus/, crashes land in crashes/
# (crash-*, leak-*, timeout-*, oom-*). Exit status: 0 when nothing was found, else libFuzzer's.
set -eu

usage() { echo "usage: $0 csv|rules SECONDS" >&2; exit 64; }
[ $# -eq 2 ] || usage
target=$1
seconds=$2
case $seconds in ''|*[!0-9]*) usage ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/Sources/CallMeter
work=$root/.build/fuzz/$target
mkdir -p "$work/corpus" "$work/crashes"

case $target in
  csv)
    sources="$src/Ingest/CSVReader.swift $src/Ingest/UTF8Validation.swift $src/Ingest/IngestFileError.swift"
    seeds=$(find "$root/Fixtures" -type f \( -name '*.csv' -o -name 'queue_log*' \))
    ;;
  rules)
    sources=$(ls "$src"/Rules/*.swift)
    seeds=$(ls "$root"/Rules/*.json)
    ;;
  *) usage ;;
esac

for seed in $seeds; do
  # Seeds above libFuzzer's -max_len are cut by it anyway; keep the small ones.
  cp "$seed" "$work/corpus/seed-$(basename "$seed")"
done

# shellcheck disable=SC2086  # word splitting of $sources is wanted
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -package-name CallMeter \
  -o "$work/fuzz-$target" $sources "$root/Scripts/fuzz/$target.swift"

# Without SWIFT_BACKTRACE=enable=no the Swift runtime's backtracer takes the crash and libFuzzer
# writes no crash file.
SWIFT_BACKTRACE=enable=no "$work/fuzz-$target" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
  -artifact_prefix="$work/crashes/" "$work/corpus"
