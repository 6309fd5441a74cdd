"""The default's network at other input sizes, on validation only (docs/experiments/test-resolution.md):

    .venv/bin/python scripts/input_size_val.py [--sizes 224 256 288 320] [--model ID]

For each size and 1 or 2 views: the temperature, the decision weights (fit_decision_weights.py's
alpha grid) and the referral / urgent thresholds (the export's rules) refit on validation; prints
balanced accuracy (decision rule), malignant AUC, ECE, validation referral sensitivity /
specificity, and the network's time for one photo beside the size the model has now, measured
in this process. The test split is not read.
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


def symbolic_size(onnx_bytes: bytes) -> bytes:
    """The same graph with its input's height and width left open (the graph pads dynamically)."""
    import onnx

    m = onnx.load_from_string(onnx_bytes)
    dims = m.graph.input[0].type.tensor_type.shape.dim
    dims[2].dim_param, dims[3].dim_param = "height", "width"
    return m.SerializeToString()


def refit(probs: np.ndarray, y: np.ndarray, groups, prior: np.ndarray):
    """What the rule refits on validation for one candidate's probabilities: the decision weights'
    alpha (fit_decision_weights.py's rule) and the referral threshold (the export's). Returns
    (alpha, the classification report with that rule, referral sensitivity, specificity)."""
    from inference import metrics as M
    from scripts.fit_decision_weights import fit_alpha, weights
    from training.export import triage_thresholds

    alpha = fit_alpha(probs, y, prior)
    rep = M.classification_report(probs, y, groups=groups, decision_weights=weights(prior, alpha))
    mal, score = M.is_malignant_label(y), M.malignant_scores(probs)
    thr, _ = triage_thresholds(mal, score)
    sens, spec = M.sens_spec(mal, score, thr)
    return alpha, rep, sens, spec


def network_ms(sess, size: int, views: int, repeats: int = 30) -> float:
    x = np.random.default_rng(0).standard_normal((views, 3, size, size)).astype(np.float32)
    for _ in range(3):
        sess.run(None, {"input": x})
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        sess.run(None, {"input": x})
        t.append(time.perf_counter() - t0)
    return 1000 * float(np.median(t))


def main() -> int:
    import onnxruntime as ort

    from inference import metrics as M
    from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy
    from inference.probs import softmax
    from scripts.fit_decision_weights import training_prior
    from training import data as D
    from training.export import run_onnx

    p = argparse.ArgumentParser()
    p.add_argument("--model", default="efficientnet_lite0-ham10000all-flips2-20261201")
    p.add_argument("--run", default="runs/lite0_allham")
    p.add_argument("--sizes", type=int, nargs="+", default=[224, 256, 288, 320])
    p.add_argument("--save", help="a folder for each size's validation logits (plain and mirrored)")
    a = p.parse_args()
    folder = ROOT / "assets" / "models" / a.model
    man = json.loads((folder / "manifest.json").read_text())
    onnx = symbolic_size((folder / "model.onnx").read_bytes())
    recs, split = D.load_run(a.run)
    prior = training_prior(recs, split)
    val = [r for r in recs if split.get(r.image_id) == "val"]
    y, g = np.array([r.label for r in val]), [r.lesion_id for r in val]
    sess = ort.InferenceSession(onnx, providers=["CPUExecutionProvider"])
    base_size, base_views = man["preprocess"]["input_size"], man["calibration"].get("test_time_flips", 1)
    for size in a.sizes:
        spec = PreprocessSpec.from_dict({**man["preprocess"], "input_size": size})
        aspec = appearance_spec(spec)
        raw = D.load_pixels(val, aspec)
        pix = np.stack([color_constancy(x, spec) for x in raw]) if aspec != spec else raw
        lo = {0: run_onnx(onnx, pix, spec)[0], 1: run_onnx(onnx, np.ascontiguousarray(pix[:, :, ::-1]), spec)[0]}
        T = M.fit_temperature(lo[0], y)
        if a.save:
            np.savez(Path(a.save) / f"val-logits-{size}.npz", plain=lo[0], mirrored=lo[1], label=y)
        for views in (1, 2):
            probs = np.mean([softmax(lo[v], T) for v in range(views)], 0)
            alpha, rep, sens, spec_ = refit(probs, y, g, prior)
            ms, ms0 = network_ms(sess, size, views), network_ms(sess, base_size, base_views)
            print(
                f"{size} px, {views} view(s): T {T:.3f}, alpha {alpha:.1f}, balanced accuracy "
                f"{rep['balanced_accuracy']:.4f}, AUC {rep['malignant_auc']:.4f}, ECE {rep['ece']:.4f}, "
                f"referral {sens:.3f} / {spec_:.3f}; network {ms:.1f} ms (bundled default's: {ms0:.1f} ms)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
