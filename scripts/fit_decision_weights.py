"""Fit the top-class decision weights of a model on its validation split (docs/experiments/decision-weights.md):

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


def training_prior(records, split: dict[str, str]) -> np.ndarray:
    """Each class's share of the training split."""
    from inference.classes import CLASS_KEYS

    y = np.array([r.label for r in records if split.get(r.image_id) == "train"])
    return np.bincount(y, minlength=len(CLASS_KEYS)) / len(y)


def alpha_scores(probs: np.ndarray, y: np.ndarray, prior: np.ndarray) -> dict[float, float]:
    """Validation balanced accuracy of argmax(p * w) for alpha on the grid 0, 0.1, ..., 1."""
    from inference import metrics as M

    grid = np.round(np.arange(0, 1.01, 0.1), 2)
    return {float(al): M.balanced_accuracy(y, (probs * weights(prior, al)).argmax(1)) for al in grid}


def fit_alpha(probs: np.ndarray, y: np.ndarray, prior: np.ndarray) -> float:
    """The rule: the best alpha if it beats alpha = 0 by >= MIN_GAIN, else 0."""
    scores = alpha_scores(probs, y, prior)
    best = max(scores, key=scores.get)
    return best if scores[best] - scores[0.0] >= MIN_GAIN else 0.0


def main() -> int:
    from inference.analysis import Analyzer
    from inference.imageio import load_image
    from inference.registry import find_model
    from training import data as D

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--write", action="store_true")
    p.add_argument("--sign-key")
    a = p.parse_args()
    recs, split = D.load_run(a.run)
    prior = training_prior(recs, split)
    val = [r for r in recs if split.get(r.image_id) == "val"]
    y = np.array([r.label for r in val])
    an = Analyzer.load(a.model, "cpu")
    probs = np.stack([an.analyze(load_image(r.path).rgb).probabilities for r in val])
    scores = alpha_scores(probs, y, prior)
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
            f"accuracy {scores[0.0]:.3f} -> {scores[best]:.3f} (docs/experiments/decision-weights.md)"
        )
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        sign_folder(folder, load_key(a.sign_key))
        print("wrote and signed", folder, [round(float(v), 3) for v in w])
    return 0


if __name__ == "__main__":
    sys.exit(main())
