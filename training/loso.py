"""Leave-one-source-out: train on three of HAM10000's four sources, score on the fourth.

    python -m training.loso --hold-out rosendahl --epochs 4 --output runs/loso

For each held-out source: a split file (that source's photos are `test`; the other sources are
split by lesion, stratified, 85 % train / 15 % val), one training run with the default model's
recipe (its config.json, epochs shortened by --epochs), an export calibrated on that val split,
and the app-path evaluation of the held-out source (scripts/eval_ensemble.py). Nothing here is
used to choose anything: it measures how the recipe carries to a centre it never saw.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from training import data as D

SOURCES = ("rosendahl", "vidir_modern", "vidir_molemax", "vienna_dias")
ROOT = Path(__file__).resolve().parent.parent


def loso_split(records: list[D.Record], hold_out: str, seed: int = 42) -> dict[str, str]:
    """Held-out source -> test; the rest grouped by lesion into train (85 %) and val (15 %).
    A lesion with any photo from the held-out source is test as a whole (9 images of HAM10000
    belong to lesions photographed at two sources)."""
    held = {r.lesion_id for r in records if r.meta.get("source") == hold_out}
    rest = [r for r in records if r.lesion_id not in held]
    assignment = D.split_by_lesion(rest, fractions=(0.85, 0.15, 0.0), seed=seed)
    assignment = {k: ("train" if v == "test" else v) for k, v in assignment.items()}
    assignment.update({r.image_id: "test" for r in records if r.lesion_id in held})
    return assignment


def run(cmd: list[str], env: dict | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.check_call(cmd, cwd=ROOT, env=env)


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--hold-out", nargs="+", default=list(SOURCES), choices=SOURCES)
    p.add_argument("--recipe", default="runs/lite0_allham/config.json", help="the default model's run config")
    p.add_argument("--data", default="../shared/data/ham10000-200x150")
    p.add_argument("--sharper", default="../shared/data/ham10000-224")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument(
        "--ema", type=float, default=0.99, help="EMA decay: the default's 0.998 lags too far behind a 4-epoch run"
    )
    p.add_argument("--output", default="runs/loso")
    p.add_argument("--sign-key", required=True, help="key to sign the LOSO exports with (trusted for the eval)")
    p.add_argument("--public-key", required=True)
    a = p.parse_args(argv)
    records = D.load_ham10000_all(a.data, a.sharper)
    out = Path(a.output)
    models = out / "models"
    for src in a.hold_out:
        run_dir = out / src
        split = run_dir / "loso_split.csv"
        D.write_split(split, records, loso_split(records, src))
        model_id = f"efficientnet_lite0-loso-{src.replace('_', '-')}"
        run(
            [
                sys.executable,
                "-m",
                "training.train",
                "--config",
                a.recipe,
                "--split-file",
                str(split),
                "--epochs",
                str(a.epochs),
                "--ema",
                str(a.ema),
                "--output",
                str(run_dir),
                "--resume",
                "--no-progress",
                "--export-id",
                model_id,
                "--models-dir",
                str(models),
                "--display-name",
                f"LOSO {src}",
            ],
            env={**os.environ, "DERMATRIAGE_SIGNING_KEY": a.sign_key},
        )
        env = {**os.environ, "DERMATRIAGE_MODELS": str(models), "DERMATRIAGE_TRUSTED_KEYS": a.public_key}
        with open(run_dir / "eval.txt", "w") as f:
            subprocess.check_call(
                [
                    sys.executable,
                    "scripts/eval_ensemble.py",
                    "--data",
                    a.data,
                    "--sharper",
                    a.sharper,
                    "--split-file",
                    str(split),
                    "--split",
                    "test",
                    "--models",
                    model_id,
                    "--detail",
                ],
                cwd=ROOT,
                env=env,
                stdout=f,
            )
        print((run_dir / "eval.txt").read_text(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
