"""The clinic fit measured on a clinic the default model never trained on (issue 29): isic2017-256
split into two halves by near-duplicate group (stratified by malignant), the profile fitted on one
half with `dermatriage-cli adapt`, both models scored on the other half with `validate` (the app's
own path: Analyzer as `predict` runs it), before and after, 95 % lesion-bootstrap intervals.

    .venv/bin/python scripts/adapt_eval.py [--out runs/adapt_eval] [--swap]

--swap fits on the second half and scores the first. Prints both reports' headline figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "isic2017-256"


def halves(records, seed: int = 0):
    from inference.classes import CLASS_KEYS, MALIGNANT

    mal = {CLASS_KEYS.index(k) for k in MALIGNANT}
    groups = {}
    for r in records:
        groups.setdefault(r.lesion_id, []).append(r)
    rng = np.random.default_rng(seed)
    parts = ([], [])
    for want in (True, False):
        names = sorted(g for g, rs in groups.items() if any(r.label in mal for r in rs) == want)
        for i, j in enumerate(rng.permutation(len(names))):
            parts[i % 2].extend(groups[names[j]])
    return parts


def write_half(records, folder: Path) -> Path:
    from inference.classes import CLASS_KEYS

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.with_suffix(".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image", "dx", "lesion_id"])
        for r in records:
            link = folder / Path(r.path).name
            if not link.exists():
                link.symlink_to(Path(r.path).resolve())
            w.writerow([Path(r.path).stem, CLASS_KEYS[r.label], r.lesion_id])
    return folder.with_suffix(".csv")


def cli(args, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DERMATRIAGE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def headline(rep: dict) -> dict:
    def f(*keys):
        x = rep
        for k in keys:
            x = x[k]
        return [x["value"], *x["ci95"]]

    return {
        "n": rep["n"],
        "malignant_auc": f("malignant_auc"),
        "malignant_sent_on": f("referral", "sensitivity"),
        "benign_at_monitor": f("referral", "specificity"),
        "cannot_assess": f("cannot_assess"),
        "balanced_accuracy": f("balanced_accuracy"),
    }


def main() -> int:
    from training.data import load_isic2017

    p = argparse.ArgumentParser()
    p.add_argument("--out", default=str(ROOT / "runs" / "adapt_eval"))
    p.add_argument("--swap", action="store_true")
    a = p.parse_args()
    out = Path(a.out)
    fit_part, score_part = halves(load_isic2017(DATA))
    if a.swap:
        fit_part, score_part = score_part, fit_part
    fit_csv = write_half(fit_part, out / "fit")
    score_csv = write_half(score_part, out / "score")
    home = out / "home"
    bare = out / "home-bundled"
    for h in (home, bare):
        h.mkdir(parents=True, exist_ok=True)
    cli(["adapt", "--off"], home)
    r = cli(["adapt", str(out / "fit"), "--truth", str(fit_csv), "--boot", "300"], home)
    print(r.stdout)
    print(r.stderr[-800:], file=sys.stderr)
    results = {"fit_photos": len(fit_part), "score_photos": len(score_part), "adapt_exit": r.returncode}
    for name, h in (("bundled", bare), ("fitted", home)):
        v = cli(["validate", str(out / "score"), "--truth", str(score_csv), "--format", "json"], h)
        if v.returncode not in (0, 2):
            print(v.stderr, file=sys.stderr)
            return 1
        results[name] = headline(json.loads(v.stdout))
    print(json.dumps(results, indent=1))
    (out / ("results-swap.json" if a.swap else "results.json")).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
