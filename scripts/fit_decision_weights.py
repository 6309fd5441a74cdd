"""Fit the top-class decision weights of a model on its validation split (docs/decision-weights.md):

    .venv/bin/python scripts/fit_decision_weights.py --model ID --run runs/lite0_allham [--write --sign-key KEY]

w_c = (1 / prior_c) ** alpha, prior_c = the class's share of the training split; alpha on a grid,
the highest validation balanced accuracy through the app's path; adopted (--write) only when that
beats alpha = 0 by >= 0.01. The test split is not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIN_GAIN = 0.01


def weights(prior: np.ndarray, alpha: float) -> np.ndarray:
    w = (1.0 / prior) ** alpha
    return w / w.min()


def main() -> int:
    from inference import metrics as M
    from inference.analysis import Analyzer
    from inference.classes import CLASS_KEYS
    from inference.imageio import load_image
    from inference.registry import find_model
    from training import data as D

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--write", action="store_true")
    p.add_argument("--sign-key")
    a = p.parse_args()
    cfg = json.loads((Path(a.run) / "config.json").read_text())
    split = D.read_split(Path(a.run) / "split.csv")
    recs = D.records_for(cfg)
    train_y = np.array([r.label for r in recs if split.get(r.image_id) == "train"])
    prior = np.bincount(train_y, minlength=len(CLASS_KEYS)) / len(train_y)
    val = [r for r in recs if split.get(r.image_id) == "val"]
    y = np.array([r.label for r in val])
    an = Analyzer.load(a.model, "cpu")
    probs = np.stack([an.analyze(load_image(r.path).rgb).probabilities for r in val])
    grid = np.round(np.arange(0, 1.01, 0.1), 2)
    scores = {float(al): M.balanced_accuracy(y, (probs * weights(prior, al)).argmax(1)) for al in grid}
    for al, s in scores.items():
        print(f"alpha {al:.1f}: validation balanced accuracy {s:.4f}")
    best = max(scores, key=scores.get)
    gain = scores[best] - scores[0.0]
    adopt = gain >= MIN_GAIN
    print(f"best alpha {best:.1f} (+{gain:.4f}); {'adopted' if adopt else 'not adopted'} (rule: gain >= {MIN_GAIN})")
    if a.write and adopt:
        from training.sign import load_key, sign_folder

        folder = find_model(a.model).folder
        manifest = json.loads((folder / "manifest.json").read_text())
        w = weights(prior, best)
        manifest["calibration"]["decision_weights"] = [round(float(v), 6) for v in w]
        manifest["calibration"]["decision_rule"] = (
            f"most likely class = argmax(p * w), w = (1 / training prior) ^ {best:.1f}; validation balanced "
            f"accuracy {scores[0.0]:.3f} -> {scores[best]:.3f} (docs/decision-weights.md)"
        )
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        sign_folder(folder, load_key(a.sign_key))
        print("wrote and signed", folder, [round(float(v), 3) for v in w])
    return 0


if __name__ == "__main__":
    sys.exit(main())
