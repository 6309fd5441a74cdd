"""Render many PDF reports in one process (issue 15: PySide6 6.12.0 aborted Python after a few
hundred): prints the count, the time and sys.getrefcount(None) before and after.

    .venv/bin/python scripts/pdf_soak.py --n 5000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    args = ap.parse_args(argv)
    from cases.pdf import render_case_pdf
    from cases.store import CaseStore

    with tempfile.TemporaryDirectory() as tmp:
        store = CaseStore(Path(tmp) / "s")
        cid = store.create_case("soak", "back")
        rgb = (np.random.default_rng(0).random((300, 400, 3)) * 255).astype(np.uint8)
        store.add_image(cid, rgb, "file", "soak.jpg")
        store.set_annotation(cid, diagnosis="nv", confirm_type="clinical", notes="note " * 50)
        case = store.get_case(cid)
        render_case_pdf(store, case)
        before = sys.getrefcount(None)
        t = time.perf_counter()
        total = 0
        for i in range(args.n):
            total += len(render_case_pdf(store, case))
            if (i + 1) % 1000 == 0:
                print(f"{i + 1} PDFs, refcount(None) {sys.getrefcount(None)}", flush=True)
        dt = time.perf_counter() - t
        after = sys.getrefcount(None)
        store.close()
    print(f"rendered {args.n} PDFs ({total / 2**20:.0f} MB) in {dt:.0f} s; refcount(None) {before} -> {after}")
    return 0 if after >= before - 100 else 1


if __name__ == "__main__":
    sys.exit(main())
