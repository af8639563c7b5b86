#!/usr/bin/env python3
"""Adversarial drift scenarios: memory at and near its limit, late fast leaks.

Writes scenario files in the format of the shared scenario sets (deploy-verification-scenario/1,
FORMAT.md) and truth.jsonl next to this script. Deterministic: the same seeds give the same files.

    python3 benchmarks/scenarios/adversarial/drift/generate.py [OUT_DIR [PER_FAMILY [SEED_OFFSET]]]

(defaults: this folder, 6 scenarios a family, offset 0; a larger fresh set for a check:
generate.py /tmp/adv 40 1000).

Memory is a JVM-like working set: a floor (live heap) with a daily cycle and jitter, plus a GC
saw-tooth of 12-40 minutes whose peaks are what the container limit cuts (samples are clipped at
the limit, as a cgroup's working set is). The previous version is the day before.
"""
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MIB = 1024.0 * 1024.0
STEP = 60
DAY = 1440
DEPLOYED_AT = 1767268800
PER_FAMILY = 6


def day_wave(t, phase):
    return math.sin(2 * math.pi * (((t % 86400) / 86400.0) + phase))


def window(rnd, start, limit, floor_of, gc_share, gc_minutes, phase, cpu0, disk0):
    mem, cpu, disk = [], [], []
    walk = 0.0
    gc_at = rnd.uniform(0, gc_minutes)
    for i in range(DAY):
        t = start + i * STEP
        hours = i / 60.0
        wave = day_wave(t, phase)
        floor = floor_of(hours) + 0.01 * limit * wave + 0.002 * limit * rnd.gauss(0, 1)
        tooth = ((i + gc_at) % gc_minutes) / gc_minutes
        m = floor + gc_share * limit * tooth + 0.002 * limit * rnd.gauss(0, 1)
        mem.append(int(min(limit, max(0.0, m))))
        cpu.append(round(cpu0 * (1 + 0.3 * wave) + 0.03 * rnd.gauss(0, 1), 4))
        walk += 0.1 * MIB * rnd.gauss(0, 1)
        disk.append(int(disk0 + walk))
    return {"start": start, "memoryBytes": mem, "cpuCores": cpu, "diskBytes": disk}


def scenario(sid, rnd, limit, before, after, gc_share, gc_minutes):
    phase = rnd.uniform(0, 1)
    cpu0 = rnd.uniform(0.3, 1.5)
    disk0 = rnd.uniform(2, 20) * 1024 * MIB
    return {
        "format": "deploy-verification-scenario/1",
        "id": sid,
        "kind": "drift",
        "stepSeconds": STEP,
        "deployedAt": DEPLOYED_AT,
        "limits": {"memoryBytes": int(limit)},
        "baseline": window(rnd, DEPLOYED_AT - DAY * STEP, limit, before, gc_share, gc_minutes, phase, cpu0, disk0),
        "candidate": window(rnd, DEPLOYED_AT, limit, after, gc_share, gc_minutes, phase, cpu0, disk0),
    }


def leak_hits_limit_at_3h(rnd, limit):
    """Leaks from the deployment, the working set reaches its limit after about 3 h and stays there."""
    f0 = rnd.uniform(0.40, 0.55) * limit
    gc = rnd.uniform(0.04, 0.08)
    rate = (limit - f0 - gc * limit) / rnd.uniform(2.6, 3.4)
    return "rollback", 0, lambda h: f0, lambda h: f0 + rate * h, gc


def late_fast_leak_16h(rnd, limit):
    """Flat for 16 h, then a leak of 150-200 MiB/h (the issue's +162 MiB/h case)."""
    f0 = rnd.uniform(0.45, 0.55) * limit
    rate = rnd.uniform(150, 200) * MIB
    return "rollback", 16 * 3600, lambda h: f0, lambda h: f0 + rate * max(0.0, h - 16), rnd.uniform(0.04, 0.07)


def late_fast_leak_20h(rnd, limit):
    """Flat for 20 h, then a leak that would reach the limit about 3 h later."""
    f0 = rnd.uniform(0.50, 0.60) * limit
    gc = rnd.uniform(0.04, 0.07)
    rate = (limit - f0 - gc * limit) / rnd.uniform(2.5, 3.5)
    return "rollback", 20 * 3600, lambda h: f0, lambda h: f0 + rate * max(0.0, h - 20), gc


def at_limit_from_start(rnd, limit):
    """The new version's floor sits at 96-99 % of the limit; the previous version's at 55-65 %."""
    f_old = rnd.uniform(0.55, 0.65) * limit
    f_new = rnd.uniform(0.96, 0.99) * limit
    return "rollback", 0, lambda h: f_old, lambda h: f_new, rnd.uniform(0.02, 0.04)


def sawtooth_near_limit(rnd, limit):
    """A flat floor at 65-72 %, GC peaks at 96-99.5 % of the limit that never reach it; same as before."""
    f0 = rnd.uniform(0.65, 0.72) * limit
    gc = rnd.uniform(0.96, 0.995) - f0 / limit - 0.015
    return "promote", None, lambda h: f0, lambda h: f0, gc


def cache_flat_90(rnd, limit):
    """A cache-heavy service: its floor sits flat at 88-91 % of the limit, as the previous version's did."""
    f0 = rnd.uniform(0.88, 0.91) * limit
    return "promote", None, lambda h: f0, lambda h: f0, rnd.uniform(0.01, 0.025)


def warmup_near_limit(rnd, limit):
    """Warms up from 55 % to the previous version's 82-86 % floor over 2-3 h, then flat."""
    f0 = rnd.uniform(0.82, 0.86) * limit
    start = 0.55 * limit
    w = rnd.uniform(2.0, 3.0)
    return "promote", None, lambda h: f0, lambda h: f0 - (f0 - start) * max(0.0, 1 - h / w), rnd.uniform(0.03, 0.06)


FAMILIES = [leak_hits_limit_at_3h, late_fast_leak_16h, late_fast_leak_20h, at_limit_from_start,
            sawtooth_near_limit, cache_flat_90, warmup_near_limit]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    per_family = int(sys.argv[2]) if len(sys.argv) > 2 else PER_FAMILY
    offset = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    os.makedirs(out, exist_ok=True)
    truth = []
    n = 0
    for fi, family in enumerate(FAMILIES):
        for k in range(per_family):
            rnd = random.Random(9000 + 1000 * fi + k + offset)
            limit = rnd.choice([1, 1.5, 2, 2, 3, 4]) * 1024 * MIB
            expected, onset, before, after, gc = family(rnd, limit)
            gc_minutes = rnd.randint(12, 40)
            sid = "adv-drift-%04d" % n
            n += 1
            s = scenario(sid, rnd, limit, before, after, gc, gc_minutes)
            with open(os.path.join(out, sid + ".json"), "w") as f:
                json.dump(s, f, separators=(",", ":"))
            truth.append({"id": sid, "kind": "drift", "family": family.__name__, "expected": expected,
                          "onsetSeconds": onset})
    with open(os.path.join(out, "truth.jsonl"), "w") as f:
        for t in truth:
            f.write(json.dumps(t) + "\n")


if __name__ == "__main__":
    main()
