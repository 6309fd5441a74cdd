"""Distilling the bundled ensemble into one network (issue 14).

The teacher is what the app reports for an ensemble: each bundled model's calibrated
probabilities, averaged over its test-time views, then over the models. They are computed once
over a run's training photos (offline distillation) and saved beside the run:

    .venv/bin/python -m training.distill --config runs/lite0_allham/config.json \
        --split-file runs/lite0_allham/split.csv --models ID ID --output runs/x/teacher.npz

`train --teacher runs/x/teacher.npz --distill-weight 0.5` then trains on
(1 - w) * the usual class loss + w * cross-entropy against the teacher's probabilities.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch.nn.functional as F
from torch import nn

from inference.preprocess import PreprocessSpec, normalize


class DistillLoss(nn.Module):
    """(1 - weight) * base(logits, target) + weight * H(teacher, softmax(logits))."""

    def __init__(self, base: nn.Module, weight: float):
        super().__init__()
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"distill weight must be in [0, 1], got {weight}")
        self.base = base
        self.weight = weight

    def forward(self, logits, target, soft=None):
        hard = self.base(logits, target)
        if soft is None or self.weight == 0.0:
            return hard
        distill = -(soft * F.log_softmax(logits, 1)).sum(1).mean()
        return (1.0 - self.weight) * hard + self.weight * distill


def model_probabilities(classifier, pixels: np.ndarray, batch: int = 64, flips: int | None = None) -> np.ndarray:
    """One model's app probabilities for (N, H, W, 3) uint8 pixels already at its input size:
    calibrated, averaged over the manifest's test-time views or over `flips` views
    (OnnxClassifier.view_probabilities, as its predict)."""
    spec = classifier.manifest.preprocess
    parts = [
        classifier.view_probabilities(normalize(pixels[i : i + batch], spec), flips)[0]
        for i in range(0, len(pixels), batch)
    ]
    return np.concatenate(parts)


def teacher_probabilities(pixels: np.ndarray, model_ids: list[str], root: Path | None = None) -> np.ndarray:
    from inference.classifier import OnnxClassifier
    from inference.registry import find_model, verify

    probs = []
    for mid in model_ids:
        clf = OnnxClassifier(verify(find_model(mid, root)), device="cpu")
        probs.append(model_probabilities(clf, pixels))
    return np.mean(probs, axis=0)


def rebalance(probs: np.ndarray, labels: np.ndarray, alpha: float) -> np.ndarray:
    """Teacher probabilities times (1 / training prior) ^ alpha, renormalised: the decision
    weights' prior correction (docs/experiments/decision-weights.md) moved into the targets, so that the
    rare classes keep their share of the teacher instead of leaning toward the naevi."""
    prior = np.bincount(labels, minlength=probs.shape[1]) / len(labels)
    if np.any(prior == 0):
        raise ValueError("every class needs training photos to rebalance the teacher")
    w = (1.0 / prior) ** alpha
    q = probs * w
    return q / q.sum(1, keepdims=True)


def load_teacher(path: str | Path, image_ids: list[str]) -> np.ndarray:
    """The saved teacher probabilities in the order of `image_ids`; every one must be there."""
    data = np.load(path, allow_pickle=False)
    index = {str(k): i for i, k in enumerate(data["image_ids"])}
    missing = [i for i in image_ids if i not in index]
    if missing:
        raise ValueError(f"{path}: no teacher probabilities for {len(missing)} photos (e.g. {missing[0]})")
    probs = data["probs"][[index[i] for i in image_ids]].astype(np.float32)
    if probs.ndim != 2 or not np.all(np.isfinite(probs)) or not np.allclose(probs.sum(1), 1.0, atol=1e-3):
        raise ValueError(f"{path}: teacher probabilities are not rows of probabilities")
    return probs


def main(argv=None) -> int:
    from training import data as D

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--config", required=True, help="a run's config.json (data and preprocessing)")
    p.add_argument("--split-file", required=True)
    p.add_argument("--models", nargs="+", required=True, help="bundled model ids: the teacher ensemble")
    p.add_argument("--split", default="train")
    p.add_argument("--output", required=True)
    p.add_argument("--rebalance", type=float, default=0.0, help="alpha: times (1 / training prior) ^ alpha")
    args = p.parse_args(argv)
    cfg = json.loads(Path(args.config).read_text())
    spec = PreprocessSpec.from_dict(cfg["preprocess"])
    split = D.read_split(Path(args.split_file))
    records = [r for r in D.records_for(cfg) if split.get(r.image_id) == args.split]
    pixels = D.load_pixels(records, spec)
    labels = np.array([r.label for r in records])
    probs = teacher_probabilities(pixels, args.models)
    if args.rebalance:
        probs = rebalance(probs, labels, args.rebalance)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(
        out,
        image_ids=np.array([r.image_id for r in records]),
        probs=probs,
        models=np.array(args.models),
        rebalance=np.float32(args.rebalance),
    )
    print(f"{len(records)} {args.split} photos; teacher accuracy on them {np.mean(probs.argmax(1) == labels):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
