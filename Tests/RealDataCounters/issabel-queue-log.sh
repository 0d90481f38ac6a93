#!/bin/sh
# Counts Issabel queue_log files without CallMeter (POSIX sh, tr and awk only), for the real-data
# test IssabelQueueLogRealDataTests: the importer's figures are checked against these.
#
#   issabel-queue-log.sh FROM TO FILE...    FROM, TO: epochs of the period [FROM, TO); FILEs oldest first
#
# Prints "key value" or "key name value" lines:
#   nul_runs / nul_bytes       lines that start with NUL bytes, and how many NUL bytes in all
#   enterqueue, connect, completed (COMPLETEAGENT + COMPLETECALLER), talk (their calltime, data2),
#   abandon, ringnoanswer, pause (PAUSE + PAUSEALL), pairs (ADDMEMBER … REMOVEMEMBER of one interface)
#   completed_by IFACE N, talk_by IFACE S, ringnoanswer_by IFACE N
#                              by the interface a member name belongs to: the interface of the
#                              ADDMEMBER whose UNPAUSE(ALL) in the same second carries the name
#   logged_in IFACE S          seconds of ADDMEMBER … REMOVEMEMBER within [FROM, TO)
set -eu
[ $# -ge 3 ] || { echo "usage: $0 FROM TO FILE..." >&2; exit 64; }
from=$1 to=$2
shift 2
runs=0 bytes=0
for file in "$@"; do
    n=$(tr -cd '\000' < "$file" | wc -c)
    bytes=$((bytes + n))
    r=$(tr '\000' '@' < "$file" | grep -c '^@' || true)
    runs=$((runs + r))
done
echo "nul_runs $runs"
echo "nul_bytes $bytes"
cat "$@" | tr -d '\000' | awk -F'|' -v from="$from" -v to="$to" '
    { ev = $5 }
    ev == "ENTERQUEUE" { enterqueue++ }
    ev == "CONNECT" { connect++ }
    ev == "COMPLETEAGENT" || ev == "COMPLETECALLER" {
        completed++; talk += $7
        iface = ($4 in member) ? member[$4] : $4
        completedBy[iface]++; talkBy[iface] += $7
    }
    ev == "ABANDON" { abandon++ }
    ev == "RINGNOANSWER" { ringnoanswer++; iface = ($4 in member) ? member[$4] : $4; ringBy[iface]++ }
    ev == "PAUSE" || ev == "PAUSEALL" { pause++ }
    ev == "ADDMEMBER" { added[$4] = $1; lastIface = $4; lastAt = $1 }
    (ev == "UNPAUSEALL" || ev == "UNPAUSE") && $1 == lastAt && index($4, "/") == 0 { member[$4] = lastIface }
    ev == "REMOVEMEMBER" && ($4 in added) {
        pairs++
        s = added[$4]; e = $1
        if (s < from) s = from
        if (e > to) e = to
        if (e > s) loggedIn[$4] += e - s
        delete added[$4]
    }
    END {
        printf "enterqueue %d\nconnect %d\ncompleted %d\ntalk %d\nabandon %d\nringnoanswer %d\npause %d\npairs %d\n",
            enterqueue, connect, completed, talk, abandon, ringnoanswer, pause, pairs
        for (i in completedBy) printf "completed_by %s %d\n", i, completedBy[i]
        for (i in talkBy) printf "talk_by %s %d\n", i, talkBy[i]
        for (i in ringBy) printf "ringnoanswer_by %s %d\n", i, ringBy[i]
        for (i in loggedIn) printf "logged_in %s %d\n", i, loggedIn[i]
    }'
