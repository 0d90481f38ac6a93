# Shared by the benchmarks that compare callmeter with bare sqlite3 (sourced after their options,
# with `keep` set: a folder to keep the data in, or empty for a temporary one removed at exit).
# Gives: `bin` (the release callmeter), `work` (the data folder), `now`, `elapsed START END` and
# `best COMMAND…` (the best of `$runs` wall times, stdout discarded).

command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 1; }

swift build -c release --product callmeter >/dev/null
bin="$(swift build -c release --show-bin-path)/callmeter"
work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
best() {  # best of $runs wall times of the command given as arguments (set runs before calling)
    local best=""
    for _ in $(seq "$runs"); do
        local a b t
        a=$(now); "$@" >/dev/null; b=$(now)
        t=$(elapsed "$a" "$b")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$t" "$best"; then best=$t; fi
    done
    echo "$best"
}
