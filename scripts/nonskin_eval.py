"""How many of the evaluation non-skin photos (training/nonskin.nonskin_set, 316) the app refuses,
through its whole path (quality gate + not-a-lesion check), per model and for the ensemble:

    .venv/bin/python scripts/nonskin_eval.py --models ID [ID ...] [ensemble]

'ensemble' is every model of the models folder (DERMATRIAGE_MODELS), as in the app. Prints the
share refused and what kinds of photos were answered.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from inference.analysis import Analyzer
    from training.nonskin import nonskin_set

    p = argparse.ArgumentParser()
    p.add_argument("--models", nargs="+", required=True)
    a = p.parse_args()
    photos = nonskin_set()
    for key in a.models:
        an = Analyzer.load(key, "cpu")
        answered = [name for name, img in photos if an.analyze(img).triage != "cannot_assess"]
        kinds = Counter(name.split("-crop")[0] for name in answered)
        refused = 1 - len(answered) / len(photos)
        print(f"{key}: {refused:.1%} of {len(photos)} non-skin photos refused; answered: {dict(kinds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
