"""Synthetic CDRs and ratings for the score and integrity benchmarks (agents.csv, cdr.csv,
ratings.csv in OUT): calls spread evenly over DAYS from 2026-10-02 UTC, 8 hotlines, a rating
that follows the agent's hidden quality and the hotline's bias.

    python3 Benchmarks/synthetic_calls.py OUT CALLS DAYS AGENTS [--survey-mix]

--survey-mix (the integrity benchmark): each hotline its own response rate (20-45 %), 2 % short
calls, 40 % of calls ended by the agent. Without it (the score benchmark): a third of the
connected calls rated, talk 5-899 s, half ended by the agent. Same arguments, same files.
"""
import datetime
import random
import sys

out, total, days, agents = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
survey_mix = "--survey-mix" in sys.argv[5:]
rng = random.Random(20261031)
hotlines = ["+4180010%04d" % i for i in range(8)]
bias = [rng.uniform(-0.5, 0.5) for _ in hotlines]
response = [rng.uniform(0.2, 0.45) for _ in hotlines] if survey_mix else [0.333] * len(hotlines)
quality = [rng.uniform(0.0, 1.0) for _ in range(agents)]
start = datetime.datetime(2026, 10, 2, tzinfo=datetime.timezone.utc).timestamp()
with open(f"{out}/agents.csv", "w") as f:
    f.write("agent_id,name\n")
    for a in range(agents):
        f.write(f"A{a:04d},Agent {a}\n")
cdr = open(f"{out}/cdr.csv", "w")
cdr.write("call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds,caller,ended_by\n")
ratings = open(f"{out}/ratings.csv", "w")
ratings.write("call_id,rating\n")
fmt = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
step = days * 86400 / total
rated = 0
for i in range(total):
    t = int(start + i * step)
    h = rng.randrange(len(hotlines))
    u = rng.random()
    disposition = "answered" if u < 0.85 else "transferred" if u < 0.90 else "abandoned" if u < 0.97 else "missed"
    connected = disposition in ("answered", "transferred")
    agent = f"A{rng.randrange(agents):04d}" if connected else ""
    if not connected:
        talk = 0
    elif survey_mix:
        talk = rng.randrange(2, 20) if rng.random() < 0.02 else rng.randrange(30, 900)
    else:
        talk = rng.randrange(5, 900)
    duration = talk + rng.randrange(0, 60)
    caller = "+4179%07d" % rng.randrange(300000)
    if not connected:
        ended_by = "caller"
    elif survey_mix:
        ended_by = "agent" if rng.random() < 0.4 else "caller"
    else:
        ended_by = rng.choice(("agent", "caller"))
    cdr.write(f"C{i:07d},{hotlines[h]},{agent},{fmt(t)},{fmt(t + duration)},{disposition},{talk},{caller},{ended_by}\n")
    if connected and rng.random() < response[h]:
        q = quality[int(agent[1:])]
        r = min(5, max(1, round(1 + 4 * q + bias[h] + rng.gauss(0, 1))))
        ratings.write(f"C{i:07d},{r}\n")
        rated += 1
print(f"{total} calls, {rated} ratings, {agents} agents")
