"""Views at two input sizes averaged, on validation only (docs/experiments/test-resolution.md, round 2):

    .venv/bin/python scripts/multiscale_val.py --logits runs/input_size

Reads the validation logits saved by `scripts/input_size_val.py --save`; each view is calibrated
with the temperature of its own size (fit on validation, single view), the views' probabilities
averaged; the decision weights and referral threshold refit on validation as there. Prints the
network's time for the views beside today's two views at 224 px, in this process. The test split
is not read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (size, mirrored) views of each candidate, in the order of the rule.
CANDIDATES = [
    [(224, False), (224, True), (320, False)],
    [(224, False), (320, False)],
    [(224, False), (224, True), (256, False)],
    [(224, False), (256, False)],
    [(224, False), (224, True), (384, False)],
    [(224, False), (384, False)],
]


def main() -> int:
    import time

    import onnxruntime as ort

    from inference import metrics as M
    from inference.probs import softmax
    from scripts.fit_decision_weights import training_prior
    from scripts.input_size_val import refit, symbolic_size
    from training import data as D

    p = argparse.ArgumentParser()
    p.add_argument("--logits", default="runs/input_size")
    p.add_argument("--model", default="efficientnet_lite0-ham10000all-flips2-20261201")
    p.add_argument("--run", default="runs/lite0_allham")
    a = p.parse_args()
    recs, split = D.load_run(a.run)
    prior = training_prior(recs, split)
    val = [r for r in recs if split.get(r.image_id) == "val"]
    y, g = np.array([r.label for r in val]), [r.lesion_id for r in val]
    saved = {s: np.load(Path(a.logits) / f"val-logits-{s}.npz") for s in (224, 256, 320, 384)}
    assert all((v["label"] == y).all() for v in saved.values())
    temps = {s: M.fit_temperature(v["plain"], y) for s, v in saved.items()}
    onnx = symbolic_size((ROOT / "assets" / "models" / a.model / "model.onnx").read_bytes())
    sess = ort.InferenceSession(onnx, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)

    def net_ms(views) -> float:
        sizes = sorted({s for s, _ in views})
        xs = [rng.standard_normal((sum(1 for v in views if v[0] == s), 3, s, s)).astype(np.float32) for s in sizes]
        times = []
        for i in range(33):
            t0 = time.perf_counter()
            for x in xs:
                sess.run(None, {"input": x})
            if i >= 3:
                times.append(time.perf_counter() - t0)
        return 1000 * float(np.median(times))

    for views in CANDIDATES:
        probs = np.mean([softmax(saved[s]["mirrored" if m else "plain"], temps[s]) for s, m in views], 0)
        alpha, rep, sens, spec = refit(probs, y, g, prior)
        name = " + ".join(f"{s}{' mirrored' if m else ''}" for s, m in views)
        print(
            f"{name}: alpha {alpha:.1f}, balanced accuracy {rep['balanced_accuracy']:.4f}, AUC "
            f"{rep['malignant_auc']:.4f}, ECE {rep['ece']:.4f}, referral {sens:.3f} / {spec:.3f}; network "
            f"{net_ms(views):.1f} ms (today's 224 + 224 mirrored: {net_ms([(224, False), (224, True)]):.1f} ms)",
            flush=True,
        )
    print("temperatures:", {s: round(t, 4) for s, t in temps.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
