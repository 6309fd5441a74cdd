"""Metadata exploration: class, sex, age and body-site distributions of a HAM10000-style dataset.

python -m training.explore --data ../shared/data/ham10000-224 --output docs/data
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from inference.classes import CLASS_KEYS, MALIGNANT
from training.data import load_ham10000


def summarise(records) -> dict:
    meta = [r.meta for r in records]
    ages = [float(m["age"]) for m in meta if m.get("age") not in (None, "", "nan")]
    return {
        "images": len(records),
        "lesions": len({r.lesion_id for r in records}),
        "class": {k: sum(1 for r in records if CLASS_KEYS[r.label] == k) for k in CLASS_KEYS},
        "sex": dict(Counter(m.get("sex") or "unknown" for m in meta).most_common()),
        "localization": dict(Counter(m.get("localization") or "unknown" for m in meta).most_common()),
        "source": dict(Counter(m.get("source") or "unknown" for m in meta).most_common()),
        "dx_type": dict(Counter(m.get("dx_type") or "unknown" for m in meta).most_common()),
        "age": {
            "n": len(ages),
            "min": min(ages, default=None),
            "max": max(ages, default=None),
            "mean": sum(ages) / len(ages) if ages else None,
        },
        "ages": ages,
    }


def plot(summary: dict, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(12, 8))
    cls = summary["class"]
    axes[0, 0].bar(list(cls), list(cls.values()), color=["#c5221f" if k in MALIGNANT else "#1a73e8" for k in cls])
    axes[0, 0].set_title("diagnosis (red: malignant)")
    sex = summary["sex"]
    axes[0, 1].bar(list(sex), list(sex.values()), color="#5f6368")
    axes[0, 1].set_title("sex")
    axes[1, 0].hist(summary["ages"], bins=range(0, 95, 5), color="#1e7b34")
    axes[1, 0].set_title("age (years)")
    loc = summary["localization"]
    axes[1, 1].barh(list(loc)[::-1], list(loc.values())[::-1], color="#8a4b00")
    axes[1, 1].set_title("body site")
    fig.tight_layout()
    path = out / "metadata.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return [path]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Plot dataset metadata distributions")
    p.add_argument("--data", default="../shared/data/ham10000-224")
    p.add_argument("--output", default="docs/data")
    a = p.parse_args(argv)
    out = Path(a.output)
    out.mkdir(parents=True, exist_ok=True)
    s = summarise(load_ham10000(a.data))
    paths = plot(s, out)
    (out / "metadata.json").write_text(json.dumps({k: v for k, v in s.items() if k != "ages"}, indent=2))
    print(f"{s['images']} images, {s['lesions']} lesions; plots: {', '.join(map(str, paths))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
