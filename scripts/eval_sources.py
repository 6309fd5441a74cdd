"""Every figure per source, through the app's own path (`dermatriage-cli validate`), for one or more
models on the parts of a run's split (docs/experiments/isic2017-training.md):

    .venv/bin/python scripts/eval_sources.py --run runs/lite0_isic --models ID [ID ...] \
        --parts ham10000:val isic2017:val [--out docs/experiments/FILE.md] [--boot 1000]

A part is SOURCE:SPLIT (SPLIT: train, val, test, or heldout = val + test). Photos are linked into a
temporary folder with a truth CSV (image, dx, lesion_id: intervals resample whole lesions, or whole
near-duplicate groups for isic2017). Prints a markdown table with 95 % intervals.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def part_records(run: Path, part: str):
    from training import data as D

    source, split = part.split(":")
    records, assignment = D.load_run(run)
    wanted = {"heldout": ("val", "test")}.get(split, (split,))
    return [r for r in records if D.dataset_of(r) == source and assignment.get(r.image_id) in wanted]


def validate(model: str, records, boot: int) -> dict:
    from inference.classes import CLASS_KEYS

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "photos"
        folder.mkdir()
        lines = ["image,dx,lesion_id"]
        for r in records:
            os.symlink(r.path.resolve(), folder / f"{r.image_id}{r.path.suffix}")
            lines.append(f"{r.image_id},{CLASS_KEYS[r.label]},{r.lesion_id}")
        (Path(tmp) / "truth.csv").write_text("\n".join(lines) + "\n")
        cmd = [sys.executable, "-m", "cli", "validate", str(folder), "--truth", str(Path(tmp) / "truth.csv"),
               "--model", model, "--format", "json", "--boot", str(boot)]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if out.returncode not in (0, 2):
            raise RuntimeError(out.stderr[-2000:])
        return json.loads(out.stdout)


def cell(d: dict) -> str:
    lo, hi = d["ci95"]
    return f"{d['value']:.3f} ({lo:.3f}-{hi:.3f})"


def row(model: str, part: str, rep: dict) -> str:
    ref = rep["referral"]
    return (
        f"| {model} | {part} ({rep['n']}) | {cell(rep['balanced_accuracy'])} | {rep['accuracy']['value']:.3f} | "
        f"{cell(rep['malignant_auc'])} | {cell(ref['sensitivity'])} | {cell(ref['specificity'])} | "
        f"{cell(rep['cannot_assess'])} | {rep['ece']['value']:.3f} |"
    )


HEADER = (
    "| model | part (photos) | balanced accuracy | accuracy | malignant AUC | malignant sent on | "
    "benign kept at monitor | cannot assess | ECE |\n|---|---|---|---|---|---|---|---|---|"
)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--models", nargs="+", required=True)
    p.add_argument("--parts", nargs="+", required=True)
    p.add_argument("--boot", type=int, default=1000)
    p.add_argument("--out")
    a = p.parse_args()
    lines = [HEADER]
    for part in a.parts:
        recs = part_records(Path(a.run), part)
        for model in a.models:
            rep = validate(model, recs, a.boot)
            lines.append(row(model, part, rep))
            print(lines[-1], flush=True)
    if a.out:
        with open(a.out, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
