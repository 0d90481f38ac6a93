#!/bin/sh
# Builds the libFuzzer binary (once, again when a source changed) and runs fuzz targets.
#   Scripts/fuzz.sh TARGET|all SECONDS      (all: every target for SECONDS each, two at a time)
#   Scripts/fuzz.sh replay TARGET FILE...   (runs crash files once, e.g. to check a fix)
# Targets (Scripts/fuzz/*.swift), each with a seed corpus from Fixtures/:
#   csv                 CSVReader: in-memory and chunked file readings agree, under three dialects
#   rules               every rule file loader (center, tiers, payroll, scoring, routing, asterisk)
#   asterisk-csv        ingest of Master.csv          \  into a new database; rows add up, rejects
#   asterisk-cdr-table  ingest of the CDR table        | point into the file, `check` finds nothing,
#   asterisk-queue-log  ingest of the queue_log        | the same bytes again are a no-op. A form
#   freeswitch-csv      ingest of mod_cdr_csv's file   | feed (0x0C) splits the input in two files.
#   native              ingest of CallMeter's own CSV /
# With CALLMETER_REALDATA set, the real PBX files of ../shared/realdata that fit a target seed it too.
# The binary is the whole CallMeter module built with `swiftc -sanitize=fuzzer,address`.
# Work files go to .build/fuzz/: the corpus of each target grows in TARGET/corpus/, crashes land in
# TARGET/crashes/ (crash-*, leak-*, timeout-*, oom-*), with the log in TARGET/log.
# Exit status: 0 when nothing was found, 1 when a target found something, 64 on a usage error.
set -eu

targets="csv rules asterisk-csv asterisk-cdr-table asterisk-queue-log freeswitch-csv native"
usage() {
    echo "usage: $0 TARGET|all SECONDS" >&2
    echo "       $0 replay TARGET FILE..." >&2
    echo "targets: $targets" >&2
    exit 64
}
[ $# -ge 2 ] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/.build/fuzz
binary=$work/fuzz-callmeter
mkdir -p "$work"

build() {
    sources=$(find "$root/Sources/CallMeter" "$root/Scripts/fuzz" -name '*.swift' | sort)
    # shellcheck disable=SC2086  # word splitting of $sources is wanted
    if [ -x "$binary" ] && [ -z "$(find $sources -newer "$binary" | head -n 1)" ]; then
        return
    fi
    echo "fuzz: building $binary" >&2
    # The module maps of CSQLite/CCrypto are found through -I, as SwiftPM does. ld.gold warns
    # about every ASan helper symbol it cannot export; those warnings say nothing about our code.
    # shellcheck disable=SC2086
    swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -package-name CallMeter -module-name CallMeterFuzz \
        -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
        -I "$root/Sources/CSQLite" -I "$root/Sources/CCrypto" -o "$binary.tmp" $sources -lsqlite3 -lcrypto \
        2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" >&2 || true
    [ -x "$binary.tmp" ] || { echo "fuzz: the build failed" >&2; exit 1; }
    mv "$binary.tmp" "$binary"
}

seeds() {
    fixtures=$root/Fixtures
    # Seeds in the shape of real PBX files (Scripts/fuzz/seeds/README.md says where from).
    case $1 in
        csv) find "$fixtures" "$root/Scripts/fuzz/seeds" -type f ! -name README.md ;;
        rules) ls "$root"/Rules/*.json ;;
        asterisk-csv) ls "$fixtures"/asterisk/master-*.csv ;;
        asterisk-cdr-table) ls "$fixtures"/asterisk/cdr-table.csv ;;
        asterisk-queue-log) ls "$fixtures"/asterisk/queue_log* ;;
        freeswitch-csv) ls "$fixtures"/freeswitch/*.csv ;;
        native) ls "$fixtures"/cdr.csv "$fixtures"/bad/cdr-*.csv ;;
    esac
    if [ -d "$root/Scripts/fuzz/seeds/$1" ]; then find "$root/Scripts/fuzz/seeds/$1" -type f ! -name README.md; fi
    # Never copied into the repository: read where CI keeps them, when it does.
    real=${CALLMETER_REALDATA:-}
    if [ -n "$real" ] && [ -d "$real" ]; then
        case $1 in
            asterisk-csv) ls "$real"/asterisk-cdr-custom-master-csv/Master.csv 2>/dev/null || true ;;
            freeswitch-csv) ls "$real"/freeswitch-cdr-csv-default/Master.csv "$real"/freeswitch-cdr-csv/Master.csv 2>/dev/null || true ;;
            native) ls "$real"/freepbx-cdr-report-export/cdr-excel-resaved.csv 2>/dev/null || true ;;
        esac
    fi
}

# Seeds of two files joined by a form feed reach the code that joins legs and events across files.
two_file_seed() {
    case $1 in
        asterisk-queue-log) printf '%s\n' "$root/Fixtures/asterisk/queue_log.1" "$root/Fixtures/asterisk/queue_log.2" ;;
        asterisk-csv) printf '%s\n' "$root/Fixtures/asterisk/master-16.csv" "$root/Fixtures/asterisk/master-linkedid.csv" ;;
        freeswitch-csv) printf '%s\n' "$root/Fixtures/freeswitch/master.csv" "$root/Fixtures/freeswitch/master.csv" ;;
    esac
}

prepare() {
    dir=$work/$1
    mkdir -p "$dir/corpus" "$dir/crashes"
    for seed in $(seeds "$1"); do
        cp "$seed" "$dir/corpus/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"
    done
    pair=$(two_file_seed "$1")
    if [ -n "$pair" ]; then
        first=$(echo "$pair" | head -n 1)
        second=$(echo "$pair" | tail -n 1)
        { cat "$first"; printf '\f'; cat "$second"; } > "$dir/corpus/seed-two-files"
    fi
}

run() {
    target=$1 seconds=$2
    prepare "$target"
    dir=$work/$target
    # Without SWIFT_BACKTRACE=enable=no the Swift runtime's backtracer takes the crash and
    # libFuzzer writes no crash file.
    if SWIFT_BACKTRACE=enable=no CALLMETER_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$binary" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" "$dir/corpus" >"$dir/log" 2>&1; then
        echo "fuzz $target: ${seconds}s, nothing found ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | grep -o '[0-9]*$') runs, corpus $(ls "$dir/corpus" | wc -l) files)"
    else
        echo "fuzz $target: FOUND A PROBLEM; log: $dir/log; files: $(ls "$dir/crashes" | tr '\n' ' ')" >&2
        grep -v '^#[0-9]' "$dir/log" | tail -n 40 >&2
        for found in "$dir"/crashes/*; do
            [ -f "$found" ] || continue
            echo "--- $found (first 1 KiB):" >&2
            head -c 1024 "$found" | od -A d -c | head -n 40 >&2
        done
        return 1
    fi
}

case $1 in
    replay)
        [ $# -ge 3 ] || usage
        target=$2
        shift 2
        build
        SWIFT_BACKTRACE=enable=no CALLMETER_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$binary" "$@"
        exit $?
        ;;
esac

[ $# -eq 2 ] || usage
seconds=$2
case $seconds in ''|*[!0-9]*) usage ;; esac
if [ "$1" = all ]; then
    selected=$targets
else
    case " $targets " in *" $1 "*) selected=$1 ;; *) usage ;; esac
fi

build
# Two targets at a time (CI machines have two cores); the status is the worst of all.
status=0
set -- $selected
while [ $# -gt 0 ]; do
    run "$1" "$seconds" & first=$!
    second=
    if [ $# -gt 1 ]; then run "$2" "$seconds" & second=$!; fi
    wait "$first" || status=1
    if [ -n "$second" ]; then wait "$second" || status=1; shift; fi
    shift
done
exit $status
