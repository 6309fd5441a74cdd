"""Refit a model's linear classifier on its frozen features, class-balanced (docs/experiments/head-retrain.md):

    .venv/bin/python scripts/head_retrain.py [--model ID] [--aug-views 4] [--lambdas 1e-4 1e-3 1e-2]

The pooled features of the training photos come from the model's own ONNX graph (as the app
preprocesses them: the photo and its mirror image, plus --aug-views views through the training's
strong augmentation). For each view set and lambda the head is fit by L-BFGS on class-balanced
cross-entropy + lambda * ||W||^2, then the temperature, the decision weights' alpha and the
referral / urgent thresholds are refit on validation (two views, as the app runs the model) and
the validation figures are printed. The test split is not read.

Nothing is written but the feature cache: no candidate was adopted (docs/experiments/head-retrain.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def graph_features(sess, batches) -> np.ndarray:
    """Pooled features of normalised NCHW batches."""
    from inference.ood import pooled

    return np.concatenate([pooled(sess.run(["features"], {"input": x})[0]) for x in batches])


def view_batches(pix: np.ndarray, spec, mirror: bool, batch: int = 64):
    from inference.preprocess import normalize

    for i in range(0, len(pix), batch):
        x = pix[i : i + batch]
        yield normalize(np.ascontiguousarray(x[:, :, ::-1]) if mirror else x, spec)


def augmented_batches(pix: np.ndarray, labels, spec, seed: int, batch: int = 64):
    """One pass of the training's strong augmentation over every photo (seeded)."""
    import torch

    from training.engine import ImageArrayDataset

    torch.manual_seed(seed)
    ds = ImageArrayDataset(pix, labels, spec, augment=True, strength="strong")
    for i in range(0, len(ds), batch):
        yield torch.stack([ds[j][0] for j in range(i, min(i + batch, len(ds)))]).numpy()


def fit_head(F: np.ndarray, y: np.ndarray, W0: np.ndarray, b0: np.ndarray, lam: float):
    """Class-balanced cross-entropy + lam * ||W||^2 by L-BFGS, from the given head."""
    import torch

    counts = np.bincount(y, minlength=W0.shape[0]).astype(np.float64)
    cw = torch.tensor(1.0 / np.maximum(counts, 1) / np.sum(1.0 / np.maximum(counts, 1)) * len(counts))
    X, t = torch.tensor(F, dtype=torch.float64), torch.tensor(y)
    W = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([W, b], lr=1.0, max_iter=500, tolerance_grad=1e-7, line_search_fn="strong_wolfe")
    loss_fn = torch.nn.CrossEntropyLoss(weight=cw)

    def closure():
        opt.zero_grad()
        loss = loss_fn(X @ W.T + b, t) + lam * (W * W).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return W.detach().numpy().astype(np.float32), b.detach().numpy().astype(np.float32)


def candidate(W, b, val_feats, y, groups, prior):
    """Temperature, decision rule and referral threshold refit on validation; the figures the rule reads."""
    from inference import metrics as M
    from inference.probs import softmax
    from scripts.input_size_val import refit

    lo = [f @ W.T + b for f in val_feats]
    T = M.fit_temperature(lo[0], y)
    probs = np.mean([softmax(v, T) for v in lo], 0)
    alpha, rep, sens, spec = refit(probs, y, groups, prior)
    return {"T": T, "alpha": alpha, "rep": rep, "sens": sens, "spec": spec}


def main() -> int:
    import onnxruntime as ort

    from inference.preprocess import PreprocessSpec
    from scripts.fit_decision_weights import training_prior
    from training import data as D

    p = argparse.ArgumentParser()
    p.add_argument("--model", default="efficientnet_lite0-ham10000all-flips2-20261201")
    p.add_argument("--run", default="runs/lite0_allham")
    p.add_argument("--aug-views", type=int, default=4)
    p.add_argument("--lambdas", type=float, nargs="+", default=[1e-4, 1e-3, 1e-2])
    p.add_argument("--cache", default="runs/head_retrain/features.npz")
    a = p.parse_args()
    folder = ROOT / "assets" / "models" / a.model
    man = json.loads((folder / "manifest.json").read_text())
    spec = PreprocessSpec.from_dict(man["preprocess"])
    onnx_bytes = (folder / man["onnx_file"]).read_bytes()
    head = np.load(folder / "classifier.npz")
    W0, b0 = head["weight"], head["bias"]
    recs, split = D.load_run(a.run)
    prior = training_prior(recs, split)
    train = [r for r in recs if split.get(r.image_id) == "train"]
    val = [r for r in recs if split.get(r.image_id) == "val"]
    ytr, yv = np.array([r.label for r in train]), np.array([r.label for r in val])
    gv = [r.lesion_id for r in val]

    cache = Path(a.cache)
    if cache.exists():
        z = np.load(cache)
        app, aug, vf = z["app"], z["aug"], z["val"]
        print(f"features from {cache}", flush=True)
    else:
        sess = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
        t0 = time.time()
        ptr, pv = D.load_pixels(train, spec), D.load_pixels(val, spec)
        print(f"decoded {len(train)} training and {len(val)} validation photos in {time.time() - t0:.0f} s", flush=True)
        app = np.stack([graph_features(sess, view_batches(ptr, spec, m)) for m in (False, True)])
        vf = np.stack([graph_features(sess, view_batches(pv, spec, m)) for m in (False, True)])
        aug = np.stack([graph_features(sess, augmented_batches(ptr, ytr, spec, seed=v)) for v in range(a.aug_views)])
        print(f"features in {time.time() - t0:.0f} s", flush=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, app=app, aug=aug, val=vf)
        # The head read from classifier.npz must be the graph's: its logits on validation.
        from training.export import run_onnx

        lo, _ = run_onnx(onnx_bytes, pv[:64], spec)
        assert np.allclose(lo, vf[0][:64] @ W0.T + b0, atol=1e-3), "classifier.npz is not the graph's head"

    def show(name, fit):
        r = fit["rep"]
        print(
            f"{name}: T {fit['T']:.3f}, alpha {fit['alpha']:.1f}, balanced accuracy {r['balanced_accuracy']:.4f}, "
            f"AUC {r['malignant_auc']:.4f}, ECE {r['ece']:.4f}, referral {fit['sens']:.3f} / {fit['spec']:.3f}; "
            "per class " + " ".join(f"{k} {v['recall']:.2f}" for k, v in r["per_class"].items()),
            flush=True,
        )

    show("bundled head", candidate(W0, b0, vf, yv, gv, prior))
    sets = {"app": np.concatenate(list(app)), "aug": np.concatenate(list(app) + list(aug))}
    reps = {"app": 2, "aug": 2 + len(aug)}
    for name in ["app", "aug"]:
        y = np.tile(ytr, reps[name])
        for lam in a.lambdas:
            t0 = time.time()
            W, b = fit_head(sets[name], y, W0, b0, lam)
            fit = candidate(W, b, vf, yv, gv, prior)
            show(f"{name} views, lambda {lam:g} ({time.time() - t0:.0f} s)", fit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
