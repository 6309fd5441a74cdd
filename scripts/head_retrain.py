"""Refit a model's linear classifier on its frozen features, class-balanced (docs/head-retrain.md):

    .venv/bin/python scripts/head_retrain.py [--model ID] [--aug-views 4] [--lambdas 1e-4 1e-3 1e-2]
    .venv/bin/python scripts/head_retrain.py --write NEW_ID --view-set aug --lam 1e-3 --out DIR --sign-key KEY

The pooled features of the training photos come from the model's own ONNX graph (as the app
preprocesses them: the photo and its mirror image, plus --aug-views views through the training's
strong augmentation). For each view set and lambda the head is fit by L-BFGS on class-balanced
cross-entropy + lambda * ||W||^2, then the temperature, the decision weights' alpha and the
referral / urgent thresholds are refit on validation (two views, as the app runs the model) and
the validation figures are printed. The test split is not read.

--write builds the chosen candidate as a model folder under --out: the bundled folder with the
new head in model.onnx and classifier.npz, the refit calibration and thresholds, a new reference
prediction, signed with --sign-key. Its figures come from scripts/eval_ensemble.py afterwards.
"""

from __future__ import annotations

import argparse
import json
import shutil
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
    """Temperature, decision rule and thresholds refit on validation; the figures the rule reads."""
    from inference import metrics as M
    from inference.probs import softmax
    from scripts.input_size_val import refit
    from training.export import triage_thresholds

    lo = [f @ W.T + b for f in val_feats]
    T = M.fit_temperature(lo[0], y)
    probs = np.mean([softmax(v, T) for v in lo], 0)
    alpha, rep, sens, spec = refit(probs, y, groups, prior)
    thr, urgent = triage_thresholds(M.is_malignant_label(y), M.malignant_scores(probs))
    return {"T": T, "alpha": alpha, "rep": rep, "sens": sens, "spec": spec, "thr": thr, "urgent": urgent}


def set_head(onnx_bytes: bytes, W: np.ndarray, b: np.ndarray) -> bytes:
    """The graph with the classifier (the Gemm that writes 'logits') given new weights."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load_from_string(onnx_bytes)
    node = next(n for n in m.graph.node if "logits" in n.output)
    if node.op_type != "Gemm":
        raise SystemExit(f"the classifier is a {node.op_type}, not a Gemm: not handled")
    trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
    inits = {t.name: t for t in m.graph.initializer}
    for name, value in ((node.input[1], W if trans_b else W.T), (node.input[2], b)):
        old = numpy_helper.to_array(inits[name])
        if old.shape != value.shape:
            raise SystemExit(f"{name}: shape {old.shape} in the graph, {value.shape} given")
        inits[name].CopyFrom(numpy_helper.from_array(np.ascontiguousarray(value, dtype=old.dtype), name))
    return m.SerializeToString()


def write_model(src: Path, out: Path, new_id: str, W, b, fit: dict, note: str, key: str) -> Path:
    from inference.classifier import OnnxClassifier
    from inference.imageio import load_image
    from inference.registry import find_model, verify
    from scripts.fit_decision_weights import weights
    from training.export import _npz_bytes, _sha
    from training.sign import load_key, sign_folder

    dest = out / new_id
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("index.json", "*.sig"))
    man = json.loads((src / "manifest.json").read_text())
    onnx_bytes = set_head((src / man["onnx_file"]).read_bytes(), W, b)
    (dest / man["onnx_file"]).write_bytes(onnx_bytes)
    cam = _npz_bytes(weight=W.astype(np.float32), bias=b.astype(np.float32))
    (dest / "classifier.npz").write_bytes(cam)
    prior = fit["prior"]
    man.update(id=new_id, version=new_id.rsplit("-", 1)[-1], onnx_sha256=_sha(onnx_bytes))
    man["display_name"] = man["display_name"].replace(", 2 flips)", ", balanced head, 2 flips)")
    man["cam"]["sha256"] = _sha(cam)
    cal = man["calibration"]
    cal.update(temperature=float(fit["T"]), ece_val_after=float(fit["rep"]["ece"]))
    for k in ("ece_test_before", "ece_test_after", "ece_val_before"):
        cal.pop(k, None)
    cal["decision_weights"] = [float(v) for v in weights(prior, fit["alpha"])]
    cal["decision_rule"] = (
        f"most likely class = argmax(p * w), w = (1 / training prior) ^ {fit['alpha']:.1f}; "
        f"validation balanced accuracy {fit['rep']['balanced_accuracy']:.3f} (docs/head-retrain.md)"
    )
    man["thresholds"].update(malignant=float(fit["thr"]), urgent=float(fit["urgent"]))
    man["head"] = note
    (dest / "manifest.json").write_text(json.dumps(man, indent=2) + "\n")
    sign_folder(dest, load_key(key))
    # The reference prediction: what this model says of the same photo through the app's path.
    ref = man["reference_prediction"]
    entry = find_model(new_id, out)
    clf = OnnxClassifier(verify(entry), device="cpu")
    path = ROOT.parent / "shared" / "data" / "ham10000-224" / "images" / ref["file"]
    ref["probabilities"] = [float(v) for v in clf.predict(load_image(path).rgb).probabilities]
    (dest / "manifest.json").write_text(json.dumps(man, indent=2) + "\n")
    sign_folder(dest, load_key(key))
    return dest


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
    p.add_argument("--write", metavar="NEW_ID")
    p.add_argument("--view-set", choices=["app", "aug"], default="aug")
    p.add_argument("--lam", type=float)
    p.add_argument("--out", default="runs/head_retrain/models")
    p.add_argument("--sign-key")
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
    lambdas = [a.lam] if a.write else a.lambdas
    for name in [a.view_set] if a.write else ["app", "aug"]:
        y = np.tile(ytr, reps[name])
        for lam in lambdas:
            t0 = time.time()
            W, b = fit_head(sets[name], y, W0, b0, lam)
            fit = candidate(W, b, vf, yv, gv, prior)
            show(f"{name} views, lambda {lam:g} ({time.time() - t0:.0f} s)", fit)
            if a.write:
                note = (
                    f"classifier refit on frozen features of the training photos ({name} views), class-balanced "
                    f"cross-entropy + {lam:g} * ||W||^2 (docs/head-retrain.md)"
                )
                fit["prior"] = prior
                print("wrote", write_model(folder, Path(a.out), a.write, W, b, fit, note, a.sign_key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
