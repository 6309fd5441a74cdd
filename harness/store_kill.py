"""Crash test of the store: a child process saves cases in a loop and reports every save that
returned; the parent SIGKILLs it at random moments and then checks that every reported case is
present and intact, PRAGMA integrity_check is ok, and no row points to a missing image.

    python -m harness.store_kill --kills 1000 --home /tmp/killtest
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import sys, numpy as np
from cases.store import CaseStore
store = CaseStore(sys.argv[1])
rng = np.random.default_rng(int(sys.argv[2]))
print("ready", flush=True)
while True:
    rgb = rng.integers(0, 256, (48, 64, 3), dtype=np.uint8)
    cid = store.create_case(f"p{rng.integers(1e9)}", "back")
    store.add_image(cid, rgb, "test", "x.png")
    store.set_annotation(cid, diagnosis="nv", notes="n" * int(rng.integers(1, 50)), author="kill")
    # One write per line: with PYTHONUNBUFFERED, print() writes its pieces separately and a kill
    # between them leaves "saved" without its id.
    sys.stdout.write(f"saved {cid}\n")
    sys.stdout.flush()
"""


def run(home: Path, kills: int, seed: int = 0, max_delay: float = 0.25) -> dict:
    home.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    confirmed: list[str] = []
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(repo)}
    for i in range(kills):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(home), str(seed * 100_000 + i)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=repo,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, max_delay))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        confirmed += [line.split()[1] for line in out.splitlines() if line.startswith("saved ")]
    from cases.store import CaseStore

    store = CaseStore(home)
    integrity = store.integrity()
    bad = []
    for cid in confirmed:
        try:
            case = store.get_case(cid)
            assert case["images"] and case["annotation"]["diagnosis"] == "nv"
            store.image_rgb(case["images"][0]["sha256"])  # hash re-checked on read
        except Exception as e:  # any failure to read back a confirmed save is a defect
            bad.append((cid, repr(e)))
    store.close()
    return {
        "kills": kills,
        "confirmed_saves": len(confirmed),
        "lost_or_damaged": bad,
        "integrity_check": integrity["integrity_check"],
        "missing_files": integrity["missing_files"],
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--kills", type=int, default=1000)
    p.add_argument("--home", default="/tmp/dermatriage-killtest")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    t = time.perf_counter()
    r = run(Path(a.home), a.kills, a.seed)
    print(
        f"{r['kills']} kills, {r['confirmed_saves']} confirmed saves, "
        f"{len(r['lost_or_damaged'])} lost or damaged, integrity_check={r['integrity_check']}, "
        f"{len(r['missing_files'])} rows pointing to missing files ({time.perf_counter() - t:.0f} s)"
    )
    ok = not r["lost_or_damaged"] and r["integrity_check"] == "ok" and not r["missing_files"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
