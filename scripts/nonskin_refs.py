"""The non-skin reference photos as each bundled model sees them, for the clinic fit's guard
(inference/adapt.py): a fit must not let more of them through than the bundled check does.

    .venv/bin/python scripts/nonskin_refs.py --models ID [ID ...]

Writes assets/nonskin/<id>.npz: per photo of training/nonskin.nonskin_set (316), the coordinates in
the model's feature subspace (float16), the residual, the 19 appearance numbers and whether the
quality gate refused it; tied to the model's ONNX sha256. The photos themselves are not shipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from inference.adapt import fit_case
    from inference.analysis import Analyzer
    from training.nonskin import nonskin_set

    p = argparse.ArgumentParser()
    p.add_argument("--models", nargs="+", required=True)
    p.add_argument("--output", default=str(ROOT / "assets" / "nonskin"))
    a = p.parse_args()
    photos = nonskin_set()
    out = Path(a.output)
    out.mkdir(parents=True, exist_ok=True)
    for key in a.models:
        an = Analyzer.load(key, "cpu", profile=False)
        c = an.classifiers[0]
        cases = [fit_case(an.analyze(img), c.model.ood_arrays, name, name, None) for name, img in photos]
        refused = np.mean([x.triage == "cannot_assess" for x in cases])
        np.savez_compressed(
            out / f"{c.manifest.id.lower()}.npz",
            z=np.stack([x.z for x in cases]).astype(np.float16),
            r2=np.array([x.r2 for x in cases], np.float32),
            descriptor=np.stack([x.descriptor for x in cases]).astype(np.float32),
            quality_refused=np.array([x.severe for x in cases]),
            onnx_sha256=np.array(c.manifest.onnx_sha256),
        )
        print(f"{c.manifest.id}: {len(cases)} non-skin photos, {refused:.1%} refused by the app")
    return 0


if __name__ == "__main__":
    sys.exit(main())
