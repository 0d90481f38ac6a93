#!/usr/bin/env python3
"""Counts an Asterisk CDR file the way README "Asterisk" documents it, without CallMeter's code.

Usage: count_asterisk_cdr.py (master|table|freepbx13) [--trunk NAME]... FILE...
(freepbx13: FreePBX 13's cdr table re-saved without its header, dates D/M/YYYY H:MM:SS.)
Prints one JSON object: calls, answered (answered or transferred), abandoned, missed, talk (s),
and per agent [calls, talk]. Files given together are read as their union (identical rows once).
Python 3 standard library only; used by Tests/CallMeterTests/AsteriskRealDataTests.swift.
"""
import csv, datetime, json, re, sys

AGENT = re.compile(r"^(?:Local/([^@;/]+)@[^;]*(?:;[0-9]+)?|Agent/(.+)|[A-Za-z0-9_]+/(.+?)(?:-[0-9A-Fa-f]+)?)$")
ROUTES = [r"^Local/(?:FMPR|FMGL|LC)-([^@;/]+)@", r"^Local/([^@;/]+)@from-queue", r"^Local/RG-", r"^Local/0@"]
SYSTEM = {a.upper() for a in ["VoiceMail", "VoiceMailMain", "Playback", "BackGround", "Read", "WaitExten", "Wait", "Hangup",
                              "Busy", "Congestion", "Echo", "Record", "SayDigits", "SayNumber", "Directory", "MusicOnHold",
                              "ChanSpy", "ExecIf", "Goto", "GotoIf", "System", "AGI", "Authenticate", "Answer"]}
MASTER = ["accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata", "start", "answer",
          "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield"]
FREEPBX13 = ["calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata", "duration",
             "billsec", "disposition", "amaflags", "accountcode", "uniqueid", "userfield", "recordingfile", "did", "cnum",
             "cnam", "outbound_cnum", "outbound_cnam", "dst_cnam", "unread1", "unread2"]
SLACK = 5


def first_group(m):
    return next((g for g in m.groups() if g), None) if m else None


def peer(channel):
    return first_group(AGENT.match(channel)) or channel


def route(channel):
    for r in ROUTES:
        m = re.match(r, channel)
        if m:
            return first_group(m)
    return peer(channel)


def phone(text):
    digits = sum(c.isdigit() for c in text)
    return digits >= 7 and all(c.isdigit() or c in " -./()" or (c == "+" and i == 0) for i, c in enumerate(text))


def agent_id(name, trunks):
    if name is None or name in trunks or phone(name) or "@" in name:
        return None
    return None if re.search(r"[0-9]{9}", name) else name


def seconds(text):
    if "/" in text:  # a spreadsheet's re-save: D/M/YYYY H:MM:SS
        return int(datetime.datetime.strptime(text, "%d/%m/%Y %H:%M:%S").timestamp())
    return int(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").timestamp())


def read(kind, paths):
    rows, seen = [], set()
    for path in paths:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            reader = csv.reader(f)
            header = next(reader) if kind == "table" else FREEPBX13 if kind == "freepbx13" else MASTER
            for row in reader:
                if tuple(row) in seen:
                    continue
                seen.add(tuple(row))
                rows.append({k: ("" if v == "NULL" else v.strip()) for k, v in zip(header, row)})
    return rows


def leg(r, n, trunks):
    billsec, duration = int(r["billsec"]), int(r["duration"])
    if "start" in r:
        start, end = seconds(r["start"]), seconds(r["end"])
        answer = seconds(r["answer"]) if r["answer"] else None
    else:
        start = seconds(r["calldate"]); end = start + duration
        answer = end - billsec if r["disposition"] == "ANSWERED" else None
    answered = r["disposition"] == "ANSWERED" and answer is not None
    ch, dch = r["channel"], r["dstchannel"]
    outbound, who = False, None
    if dch:
        if peer(dch) in trunks:
            outbound = True
            who = None if peer(ch) in trunks else route(ch)
        else:
            who = route(dch)
    system = answered and (not dch or r["lastapp"].upper() in SYSTEM)
    if system:
        answered, who = False, None
    return dict(n=n, key=r.get("linkedid") or r["uniqueid"], linked=bool(r.get("linkedid")), start=start, end=end, answer=answer, billsec=billsec, answered=answered,
                system=system, agent=agent_id(who, trunks), ch=ch, dch=dch)


def join_local_halves(legs):
    diallers, insiders, parent = {}, {}, {}
    for l in (l for l in legs if not l["linked"]):
        if l["dch"].startswith("Local/") and l["dch"].endswith(";1"):
            diallers.setdefault(l["dch"][:-2], []).append(l)
        if l["ch"].startswith("Local/") and l["ch"].endswith(";2"):
            insiders.setdefault(l["ch"][:-2], []).append(l)

    def root(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k
    for name in sorted(diallers):
        call = min(diallers[name], key=lambda l: (l["start"], l["key"]))
        for m in diallers[name] + insiders.get(name, []):
            if m["key"] != call["key"] and call["start"] - 5 <= m["start"] <= call["end"] + 5:
                a, b = root(m["key"]), root(call["key"])
                if a != b:
                    parent[a] = b
    for l in legs:
        l["key"] = root(l["key"])


def main(argv):
    kind, trunks, paths = argv[0], set(), []
    args = iter(argv[1:])
    for a in args:
        if a == "--trunk":
            trunks.add(next(args))
        else:
            paths.append(a)
    legs = [leg(r, n, trunks) for n, r in enumerate(read(kind, paths))]
    join_local_halves(legs)
    groups = {}
    for l in legs:
        groups.setdefault(l["key"], []).append(l)
    out = dict(calls=0, answered=0, abandoned=0, missed=0, talk=0, agents={})

    def credit(agent, talk):
        if agent is not None:
            a = out["agents"].setdefault(agent, [0, 0])
            a[0] += 1; a[1] += talk
    for group in groups.values():
        group.sort(key=lambda l: (not l["answered"], l["agent"] is None,
                                  -10**12 if l["answer"] is None and not l["system"] else (l["answer"] or 0),
                                  -l["billsec"], l["start"], -l["end"], l["agent"] or "", l["n"]))
        kept = group[0]
        out["calls"] += 1
        if not kept["answered"]:
            out["abandoned" if any(l["system"] for l in group) else "missed"] += 1
            continue
        out["answered"] += 1
        out["talk"] += kept["billsec"]
        credit(kept["agent"], kept["billsec"])
        handed = {}
        for l in group:
            if l["answered"] and l["agent"] and l["agent"] != kept["agent"] and l["answer"] > kept["answer"] \
                    and l["answer"] >= kept["answer"] + kept["billsec"] - SLACK:
                handed.setdefault(l["agent"], []).append(l)
        for agent, ls in handed.items():
            out["calls"] += 1; out["answered"] += 1
            talk = max(l["billsec"] for l in ls)
            out["talk"] += talk
            credit(agent, talk)
    out["agents"] = dict(sorted(out["agents"].items()))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
