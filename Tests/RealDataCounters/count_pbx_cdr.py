#!/usr/bin/env python3
"""Counts calls, answered calls, talk seconds and the per-agent split of a header-less PBX CDR file,
by the rules the README documents, without CallMeter's importer: the real-data tests hold
CallMeter's figures against these.

    count_pbx_cdr.py cdr-custom-sample|freeswitch-default FILE

The Asterisk layout is counted by the dstchannel peer alone: right for the cdr_custom lab file (every
answered leg is a Dial to a phone), not for files with legs the PBX answered itself (voicemail,
IVRs, Local routes): count those with count_asterisk_cdr.py, which applies the README's rules
(its `freepbx13` kind reads FreePBX 13's header-less re-save).

Prints one JSON object: rows, calls, multi_leg_groups, answered, talk, and agents
{agent: {calls, answered, talk}} (calls whose kept leg has no agent are under "-").
Python 3 standard library only.
"""
import csv
import json
import re
import sys
from datetime import datetime

# Rules/asterisk.json's default agent_pattern: the first capture group that took part is the peer.
ASTERISK_AGENT = re.compile(
    r"^(?:Local/([^@;/]+)@[^;]*(?:;[0-9]+)?|Agent/(.+)|[A-Za-z0-9_]+/(.+?)(?:-[0-9A-Fa-f]+)?)$")
# Rules/freeswitch.json's default agent_pattern.
FREESWITCH_AGENT = re.compile(r"^([0-9]{4})$")

LAYOUTS = {
    "cdr-custom-sample": ["clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata", "start",
                          "answer", "end", "duration", "billsec", "disposition", "amaflags", "accountcode", "uniqueid",
                          "userfield", "sequence"],
}
FREESWITCH = ["caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp", "answer_stamp",
              "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid", "accountcode", "read_codec",
              "write_codec"]


def is_phone_number(name):
    """7 or more digits, a leading + and separators allowed: never an agent id."""
    digits = 0
    for i, ch in enumerate(name):
        if ch.isdigit():
            digits += 1
        elif ch == "+" and i == 0:
            continue
        elif ch in " -./()":
            continue
        else:
            return False
    return digits >= 7


def asterisk_agent(dstchannel):
    if not dstchannel:
        return None
    match = ASTERISK_AGENT.match(dstchannel)
    peer = dstchannel
    if match:
        peer = next((g for g in match.groups() if g), dstchannel)
    return None if is_phone_number(peer) else peer


def summarise(rows, calls, multi):
    agents = {}
    for call in calls:
        entry = agents.setdefault(call["agent"] or "-", {"calls": 0, "answered": 0, "talk": 0})
        entry["calls"] += 1
        if call["answered"]:
            entry["answered"] += 1
            entry["talk"] += call["talk"]
    return {
        "rows": rows, "calls": len(calls), "multi_leg_groups": multi,
        "answered": sum(1 for c in calls if c["answered"]), "talk": sum(c["talk"] for c in calls if c["answered"]),
        "agents": agents,
    }


def count_asterisk(layout, path):
    names = LAYOUTS[layout]
    groups = {}
    rows = 0
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for fields in csv.reader(f):
            rows += 1
            assert len(fields) == len(names), f"row {rows}: {len(fields)} fields"
            leg = dict(zip(names, fields))
            key = leg.get("linkedid") or leg.get("uniqueid")
            answered = leg["disposition"] == "ANSWERED" and (bool(leg.get("answer")) or "calldate" in leg)
            groups.setdefault(key, []).append({
                "answered": answered, "agent": asterisk_agent(leg["dstchannel"]), "talk": int(leg["billsec"]),
            })
    calls = []
    for legs in groups.values():
        # The kept leg: answered first, then one with an agent, then the longest talk.
        kept = sorted(legs, key=lambda l: (not l["answered"], l["agent"] is None, -l["talk"]))[0]
        calls.append(kept)
    return summarise(rows, calls, sum(1 for legs in groups.values() if len(legs) > 1))


def stamp(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S") if text else None


def count_freeswitch(path):
    legs = []
    with open(path, newline="", encoding="utf-8") as f:
        for fields in csv.reader(f):
            assert len(fields) == len(FREESWITCH)
            leg = dict(zip(FREESWITCH, fields))
            match = FREESWITCH_AGENT.match(leg["destination_number"])
            legs.append({
                "uuid": leg["uuid"], "bleg": leg["bleg_uuid"], "caller": leg["caller_id_number"],
                "application": leg["destination_number"] == "voicemail",
                "agent": match.group(1) if match and leg["destination_number"] != "voicemail" else None,
                "start": stamp(leg["start_stamp"]), "answer": stamp(leg["answer_stamp"]), "end": stamp(leg["end_stamp"]),
                "answered": bool(leg["answer_stamp"]), "talk": int(leg["billsec"]), "key": leg["uuid"],
            })
    by_uuid = {leg["uuid"]: leg for leg in legs}
    # A b-leg (its uuid is another row's bleg_uuid) belongs to that row's call.
    for leg in legs:
        if leg["bleg"] and leg["bleg"] in by_uuid:
            by_uuid[leg["bleg"]]["key"] = leg["uuid"]
    # A voicemail leg: the caller's answered leg it follows (0-5 s after the answer, ending within
    # 2 s) was answered by the PBX for voicemail: nobody's, and nobody talked (the caller reached a
    # machine: abandoned, like Asterisk's PBX-answered calls); the voicemail leg joins that call.
    for app in (l for l in legs if l["application"]):
        for leg in legs:
            if (leg is not app and leg["answered"] and leg["caller"] == app["caller"]
                    and 0 <= (app["start"] - leg["answer"]).total_seconds() <= 5
                    and abs((app["end"] - leg["end"]).total_seconds()) <= 2):
                leg["agent"] = None
                leg["answered"] = False
                app["key"] = leg["key"]
                break
    groups = {}
    for leg in legs:
        groups.setdefault(leg["key"], []).append(leg)
    calls = [sorted(g, key=lambda l: (not l["answered"], l["agent"] is None, -l["talk"]))[0] for g in groups.values()]
    return summarise(len(legs), calls, sum(1 for g in groups.values() if len(g) > 1))


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    result = count_freeswitch(path) if kind == "freeswitch-default" else count_asterisk(kind, path)
    print(json.dumps(result, sort_keys=True))
