"""Exploration on validation only: does flip test-time augmentation help the default? (docs/experiments/tta.md)

    .venv/bin/python scripts/tta_val.py

Runs the default's ONNX network on the validation split of runs/lite0_allham as is and flipped,
and prints balanced accuracy (with the model's decision rule, and plain), malignant AUC and ECE
for each way of averaging. The test split is not read.
"""

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, ".")
from inference import metrics as M
from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy
from inference.probs import softmax
from training import data as D
from training.export import run_onnx

folder = Path("assets/models/efficientnet_lite0-ham10000all-flips2-20261201")
man = json.loads((folder / "manifest.json").read_text())
spec = PreprocessSpec.from_dict(man["preprocess"])
onnx = (folder / "model.onnx").read_bytes()
cfg = json.loads(Path("runs/lite0_allham/config.json").read_text())
split = D.read_split(Path("runs/lite0_allham/split.csv"))
recs = [r for r in D.records_for(cfg) if split.get(r.image_id) == "val"]
aspec = appearance_spec(spec)
raw = D.load_pixels(recs, aspec)
pix = np.stack([color_constancy(x, spec) for x in raw]) if aspec != spec else raw
y = np.array([r.label for r in recs])
g = [r.lesion_id for r in recs]
T = man["calibration"]["temperature"]
w = np.asarray(man["calibration"].get("decision_weights") or np.ones(7))
views = {"orig": pix, "hflip": pix[:, :, ::-1], "vflip": pix[:, ::-1], "hvflip": pix[:, ::-1, ::-1]}
logits = {k: run_onnx(onnx, np.ascontiguousarray(v), spec)[0] for k, v in views.items()}


def rep(p, name):
    r = M.classification_report(p, y, groups=g, decision_weights=w)
    print(
        f"{name}: bal acc (rule) {r['balanced_accuracy']:.4f}, plain {M.balanced_accuracy(y, p.argmax(1)):.4f}, "
        f"AUC {r['malignant_auc']:.4f}, ECE {r['ece']:.4f}"
    )


rep(softmax(logits["orig"], T), "original")
rep(np.mean([softmax(logits[k], T) for k in ("orig", "hflip")], 0), "orig+hflip (probs)")
rep(np.mean([softmax(logits[k], T) for k in views], 0), "4 flips (probs)")
rep(softmax(np.mean([logits[k] for k in views], 0), T), "4 flips (logits)")
