"""Load on one Orthanc: N clinic processes, each with its own store, send M photos each at once.
Prints photos per second, each process's peak memory (VmHWM) and whether every photo arrived
exactly once (by SOP Instance UID, from the server's QIDO-RS). Server from DERMATRIAGE_DICOMWEB_*.

    .venv/bin/python scripts/pacs_load.py --clinics 10 --photos 50
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import sys, time, numpy as np
from cases.store import CaseStore
from exchange import outbox, settings
home, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = CaseStore(home)
rng = np.random.default_rng(seed)
ids = []
for i in range(n):  # one case per photo, as a clinic sends them
    cid = store.create_case(f"load-{seed}-{i}", "back")
    store.add_image(cid, rng.integers(0, 256, (450, 600, 3), dtype=np.uint8), "test", "x.png")
    outbox.queue(store, cid)
    ids.append(cid)
print("ready", flush=True)
sys.stdin.readline()  # all start together
t = time.perf_counter()
sent, failed = outbox.send_due(store, settings.client(settings.load(), timeout=120))
dt = time.perf_counter() - t
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(f"result {sent} {failed} {dt:.2f} {hwm} " + " ".join(ids), flush=True)
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clinics", type=int, default=10)
    ap.add_argument("--photos", type=int, default=50)
    args = ap.parse_args(argv)
    repo = Path(__file__).resolve().parent.parent
    tmp = Path(tempfile.mkdtemp(prefix="pacs-load-"))
    env = {**os.environ, "PYTHONPATH": str(repo)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp / f"clinic{i}"), str(args.photos), str(i)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(args.clinics)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    t = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        line = p.stdout.readline().split()
        p.wait()
        results.append(line)
    wall = time.perf_counter() - t
    sent = sum(int(r[1]) for r in results)
    failed = sum(int(r[2]) for r in results)
    ids = [cid for r in results for cid in r[5:]]
    sys.path.insert(0, str(repo))
    from harness.send_kill import server_instances

    on_server = server_instances(ids)
    photos = sum(sum(1 for _ in sops) for sops in on_server.values()) // 3
    dup = [c for c, s in on_server.items() if len(s) != len(set(s))]
    missing = [c for c, s in on_server.items() if len(s) != 3]
    print(
        f"{args.clinics} clinics x {args.photos} photos: {sent} sent, {failed} failed in {wall:.1f} s "
        f"= {sent / wall:.1f} photos/s (each with its report and review)"
    )
    print("peak memory per process (MB): " + ", ".join(f"{int(r[4]) / 1024:.0f}" for r in results))
    print(f"on the server: {photos} photos, {len(missing)} cases incomplete, {len(dup)} with duplicates")
    return 0 if not (failed or dup or missing) else 1


if __name__ == "__main__":
    sys.exit(main())
