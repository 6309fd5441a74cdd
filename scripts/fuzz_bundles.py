"""Long fuzz run of the bundle importer: mutations of a real bundle (harness.bundle_mutations), each imported
into a fresh store; counts outcomes and fails on anything but a clean StoreError.

    .venv/bin/python scripts/fuzz_bundles.py --n 5000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    from cases.export import export_bundle, import_bundle
    from cases.store import CaseStore, StoreError
    from harness.bundle_mutations import mutate

    tmp = Path(tempfile.mkdtemp(prefix="fuzz-bundles-"))
    os.environ["DERMATRIAGE_HOME"] = str(tmp / "home")
    src = CaseStore(tmp / "src")
    cid = src.create_case("P", "back")
    src.add_image(cid, (np.random.default_rng(0).random((120, 160, 3)) * 255).astype(np.uint8), "file", "a.jpg")
    src.set_annotation(cid, diagnosis="nv", confirm_type="clinical", notes="n")
    bundle = export_bundle(src, cid, tmp, with_pdf=False).read_bytes()
    counts = {"imported": 0, "refused": 0, "failures": 0}
    rng = random.Random(args.seed)
    t = time.perf_counter()
    for i in range(args.n):
        work = tmp / f"w{i % 2}"
        if work.exists():
            import shutil

            shutil.rmtree(work)
        store = CaseStore(work / "store")
        path = work / "in.zip"
        path.write_bytes(mutate(bundle, random.Random(rng.getrandbits(64))))
        try:
            import_bundle(store, path)
            counts["imported"] += 1
        except StoreError:
            counts["refused"] += 1
        except Exception:  # noqa: BLE001 - that is what we are looking for
            counts["failures"] += 1
            traceback.print_exc()
        ok = store.integrity() == {"integrity_check": "ok", "missing_files": []}
        ok &= not list(store.home.glob(".incoming-*")) and sorted(p.name for p in work.iterdir()) == ["in.zip", "store"]
        if not ok:
            counts["failures"] += 1
            print(f"example {i}: store not clean after import", file=sys.stderr)
        store.close()
    print(f"{args.n} mutated bundles in {time.perf_counter() - t:.0f} s: {counts}")
    return 1 if counts["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
