#!/usr/bin/env python3
"""Adversarial canary scenarios: what misleads a baseline judge that is right on average.

Writes scenario files in the format of the shared scenario sets (deploy-verification-scenario/1,
FORMAT.md) and truth.jsonl next to this script. Deterministic: the same seeds give the same files.

    python3 benchmarks/scenarios/adversarial/canary/generate.py [OUT_DIR [PER_FAMILY [SEED_OFFSET]]]

(defaults: this folder, 10 scenarios a family, offset 0; a larger fresh set for a check:
generate.py /tmp/advbig 40 1000).

Each version is recorded for an hour: the new one from its deployment (the 30-minute window and
the 30 minutes an INCONCLUSIVE baseline keeps looking), the previous one before it (an extended
window is compared with as long a stretch before the deployment, as the service fetches it).

Families (no concurrent control unless named; the previous version before the
deployment is then the only comparison):
- load_ramp_saturating (promote): identical code; traffic ramps up 25 % after the deployment and
  latency rises with load (a service near saturation: +10-20 % at the top), errors unchanged.
- overdispersed_errors (promote): identical code; the error probability itself wanders from
  minute to minute (retries, bad clients), far more than binomial noise, on both versions.
- inside_tolerance (promote): errors 1.3x the previous version's (the tolerance is 1.5x).
- just_outside_tolerance (rollback): errors 2.2x the previous version's, from the start.
- low_traffic_regression (rollback): about 3 requests a second, errors 0.5 % -> 2.5 %.
- ramp_with_control (promote): as load_ramp_saturating, with the previous version serving
  beside the new one (a control) through the same ramp.
"""
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STEP = 15
STEPS = 120
# Both versions are recorded for an hour (window plus max-extension), so the backtest replays the
# extension as the service runs it.
CANDIDATE_STEPS = 240
DEPLOYED_AT = 1767268800
BOUNDS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
PER_FAMILY = 10


def poisson(rnd, lam):
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rnd.random()
            if p <= limit:
                return k
            k += 1
    return max(0, int(round(rnd.gauss(lam, math.sqrt(lam)))))


def binomial(rnd, n, p):
    if n * p < 30:
        return sum(1 for _ in range(n) if rnd.random() < p)
    return max(0, min(n, int(round(rnd.gauss(n * p, math.sqrt(n * p * (1 - p)))))))


def buckets(rnd, n, median_ms, sigma=0.5):
    row = [0] * (len(BOUNDS) + 1)
    for _ in range(n):
        latency = median_ms * math.exp(sigma * rnd.gauss(0, 1))
        j = next((k for k, b in enumerate(BOUNDS) if latency <= b), len(BOUNDS))
        row[j] += 1
    return row


def series(rnd, start, rate_of, error_of, median_of, steps=CANDIDATE_STEPS):
    """rate_of(i): mean requests in step i; error_of(i): error probability; median_of(load)."""
    req, err, lat = [], [], []
    for i in range(steps):
        n = poisson(rnd, rate_of(i))
        req.append(n)
        err.append(binomial(rnd, n, min(1.0, max(0.0, error_of(i)))))
        lat.append(buckets(rnd, n, median_of(n)))
    return {"start": start, "requests": req, "errors": err, "latencyBuckets": lat}


def scenario(sid, rnd, family):
    base_rate = rnd.uniform(150, 400)
    err0 = rnd.uniform(0.003, 0.01)
    med0 = rnd.uniform(40, 120)
    steady = lambda i: base_rate
    # Latency grows with load: by 10-20 % at the top of the ramp (the size a review reported
    # rolled back "in most cases" at +10 % and always at +20 %).
    exponent = rnd.uniform(0.45, 0.8)
    saturating = lambda n: med0 * (max(n, 1) / base_rate) ** exponent
    flat = lambda n: med0
    control = None
    onset = None
    expected = "promote"
    before = DEPLOYED_AT - CANDIDATE_STEPS * STEP
    if family in ("load_ramp_saturating", "ramp_with_control"):
        ramp = lambda i: base_rate * (1 + 0.25 * min(i, STEPS) / STEPS)
        baseline = series(rnd, before, steady, lambda i: err0, saturating)
        candidate = series(rnd, DEPLOYED_AT, ramp, lambda i: err0, saturating)
        if family == "ramp_with_control":
            control = series(rnd, DEPLOYED_AT, ramp, lambda i: err0, saturating)
    elif family == "overdispersed_errors":
        wander = lambda: (lambda drift: (lambda i: err0 * drift[i // 4]))(
            [math.exp(0.6 * rnd.gauss(0, 1)) for _ in range(CANDIDATE_STEPS // 4 + 1)])
        baseline = series(rnd, before, steady, wander(), flat)
        candidate = series(rnd, DEPLOYED_AT, steady, wander(), flat)
    elif family == "inside_tolerance":
        baseline = series(rnd, before, steady, lambda i: err0, flat)
        candidate = series(rnd, DEPLOYED_AT, steady, lambda i: 1.3 * err0, flat)
    elif family == "just_outside_tolerance":
        expected, onset = "rollback", 0
        baseline = series(rnd, before, steady, lambda i: err0, flat)
        candidate = series(rnd, DEPLOYED_AT, steady, lambda i: 2.2 * err0, flat)
    elif family == "low_traffic_regression":
        expected, onset = "rollback", 0
        quiet = lambda i: 45.0
        baseline = series(rnd, before, quiet, lambda i: 0.005, flat)
        candidate = series(rnd, DEPLOYED_AT, quiet, lambda i: 0.025, flat)
    else:
        raise ValueError(family)
    doc = {
        "format": "deploy-verification-scenario/1", "id": sid, "kind": "canary", "stepSeconds": STEP,
        "deployedAt": DEPLOYED_AT, "latencyBucketsMs": BOUNDS,
        "baseline": baseline, "candidate": candidate, "control": control,
    }
    truth = {"id": sid, "kind": "canary", "family": family, "expected": expected, "onsetSeconds": onset}
    return doc, truth


FAMILIES = ["load_ramp_saturating", "overdispersed_errors", "inside_tolerance", "just_outside_tolerance",
            "low_traffic_regression", "ramp_with_control"]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    per = int(sys.argv[2]) if len(sys.argv) > 2 else PER_FAMILY
    offset = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    os.makedirs(out, exist_ok=True)
    truths = []
    n = 0
    for family in FAMILIES:
        for k in range(per):
            rnd = random.Random(1_000_003 * (offset + k) + FAMILIES.index(family))
            sid = "adv-canary-%04d" % n
            doc, truth = scenario(sid, rnd, family)
            with open(os.path.join(out, sid + ".json"), "w") as f:
                json.dump(doc, f, separators=(",", ":"))
            truths.append(truth)
            n += 1
    with open(os.path.join(out, "truth.jsonl"), "w") as f:
        for t in truths:
            f.write(json.dumps(t) + "\n")


if __name__ == "__main__":
    main()
