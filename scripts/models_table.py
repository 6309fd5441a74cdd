"""Print the README's model tables from the manifests (bundled models and comparison runs), so the
numbers in the README are exactly those of the artefacts.

    .venv/bin/python scripts/models_table.py assets/models runs/compare
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def rows(folders):
    for folder in folders:
        for m in sorted(Path(folder).glob("*/manifest.json")):
            yield json.loads(m.read_text()), m.parent


def latency_ms(folder: Path, size: int, runs: int = 30) -> float:
    """Median ONNX Runtime time for one image (2 threads), measured here and now."""
    import statistics
    import time

    import numpy as np
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    sess = ort.InferenceSession(str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    x = np.zeros((1, 3, size, size), np.float32)
    for _ in range(3):
        sess.run(None, {"input": x})
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        sess.run(None, {"input": x})
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    print(
        "| model | start | params | input | test bal. acc | test acc | malignant AUC | sens / spec at "
        "threshold | ECE before / after | non-skin refused / lesions refused | CPU latency | train time |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for m, folder in rows(argv or ["assets/models"]):
        t = m["metrics"]["test"]
        cal, ood, tr = m["calibration"], m["ood"], m["training"]
        start = "ImageNet" if m["provenance"]["config"].get("pretrained") else "scratch"
        print(
            f"| `{m['id']}` | {start} | {m['parameters'] / 1e6:.1f} M | {m['preprocess']['input_size']} | "
            f"{t['balanced_accuracy']:.3f} | {t['accuracy']:.3f} | {t['malignant_auc']:.3f} | "
            f"{t['malignant_sensitivity']:.2f} / {t['malignant_specificity']:.2f} | "
            f"{cal['ece_test_before']:.3f} / {cal['ece_test_after']:.3f} | "
            f"{ood.get('pipeline_nonskin_rejected', ood['nonskin_rejected']):.1%} / "
            f"{ood.get('pipeline_test_lesions_rejected', ood['test_lesions_rejected']):.1%} | "
            f"{latency_ms(folder, m['preprocess']['input_size']):.0f} ms | "
            f"{tr['seconds'] / 60:.0f} min, {tr['epochs_run']} epochs |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
