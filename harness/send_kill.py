"""Crash test of sending: a child process sends queued cases to the server in a loop; the parent
SIGKILLs it at random moments (mid-upload included), re-queues some cases that were sent, and at
the end lets a last child finish. Then every case must be on the server exactly once (by SOP
Instance UID: its photos, report and review), none lost, and the store intact.

    python -m harness.send_kill --kills 1000 --cases 30 --home /tmp/sendkill   (server from the env)
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
import sys
from cases.store import CaseStore
from exchange import outbox, settings
store = CaseStore(sys.argv[1])
client = settings.client(settings.load(), timeout=10)
print("ready", flush=True)
while True:
    due = outbox.due(store)
    if not due:
        break
    outbox.send_one(store, client, due[0])
    sys.stdout.write(f"tried {due[0]}\n")
    sys.stdout.flush()
print("done", flush=True)
"""


def make_cases(home: Path, n: int) -> list[str]:
    import numpy as np

    from cases.store import CaseStore
    from exchange import outbox

    store = CaseStore(home)
    rng = np.random.default_rng(0)
    ids = []
    for i in range(n):
        cid = store.create_case(f"kill-{i}", "back")
        store.add_image(cid, rng.integers(0, 256, (48, 64, 3), dtype=np.uint8), "test", "x.png")
        store.set_annotation(cid, diagnosis="nv", confirm_type="clinical", author="kill")
        outbox.queue(store, cid)
        ids.append(cid)
    store.close()
    return ids


def server_instances(case_ids: list[str]) -> dict[str, list[str]]:
    """SOP Instance UIDs per case, as the server's own QIDO-RS lists them."""
    from cases.dicom import uid
    from exchange import settings

    client = settings.client(settings.load())
    out = {}
    for cid in case_ids:
        found = client.search_for_instances(study_instance_uid=uid("study", cid), get_remaining=True)
        out[cid] = [i["00080018"]["Value"][0] for i in found]
    return out


def run(home: Path, kills: int, n_cases: int = 20, seed: int = 0, max_delay: float = 1.5) -> dict:
    home.mkdir(parents=True, exist_ok=True)
    ids = make_cases(home, n_cases)
    rng = random.Random(seed)
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(repo)}
    from cases.store import CaseStore
    from exchange import outbox

    killed_mid_send = 0
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(home)], stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, max_delay))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        store = CaseStore(home)
        killed_mid_send += sum(r.state == outbox.SENDING for r in outbox.rows(store))
        for cid in rng.sample(ids, k=2):  # keep work coming: re-send a couple (same version)
            outbox.queue(store, cid)
        store.close()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(home)], capture_output=True, text=True, env=env, timeout=600
    )
    store = CaseStore(home)
    states = {r.case_id: r.state for r in outbox.rows(store)}
    integrity = store.integrity()
    store.close()
    on_server = server_instances(ids)
    return {
        "kills": kills,
        "cases": n_cases,
        "killed_while_sending": killed_mid_send,
        "not_sent": [c for c in ids if states.get(c) != outbox.SENT],
        "missing_on_server": [c for c, sops in on_server.items() if len(sops) != 3],
        "duplicates_on_server": [c for c, sops in on_server.items() if len(sops) != len(set(sops))],
        "integrity": integrity,
        "last_child": proc.returncode,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--home", default="/tmp/dermatriage-sendkill")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    res = run(Path(args.home), args.kills, args.cases)
    print(res, f"({time.perf_counter() - t:.0f} s)")
    ok = not (res["not_sent"] or res["missing_on_server"] or res["duplicates_on_server"])
    return 0 if ok and res["integrity"]["integrity_check"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
