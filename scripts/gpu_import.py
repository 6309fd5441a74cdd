"""Turn what scripts/gpu_sweep_allham.sh sent back into local run folders, ready to export:

    .venv/bin/python scripts/gpu_import.py FILES_AT [--run runs/lite0_allham] [--prefix runs/gpu_]

For each NAME.pt in FILES_AT: runs/gpu_NAME/ with checkpoint_best.pt (back to float32), the run's
history.json / result.json / train.log from runs.tar.gz, its config.json with the data paths of
the local run (the original photos, not the pack's re-encoded copies) and the local run's
split.csv, whose sha256 must be the one the GPU run trained on. Nothing else is written; members
of the archive other than those four files per run are ignored. Then, per run:

    .venv/bin/python -m training.export --run runs/gpu_NAME --id ID --models-dir runs/gpu_NAME/models
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KEPT = ("config.json", "history.json", "result.json", "train.log")
NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def run_files(archive: Path, name: str) -> dict[str, bytes]:
    """The kept files of one run from the archive, read as bytes (never extracted to a path)."""
    out = {}
    with tarfile.open(archive, "r:gz") as tar:
        for m in tar.getmembers():
            parts = Path(m.name).parts
            parts = parts[1:] if parts and parts[0] == "." else parts
            if m.isfile() and len(parts) == 2 and parts[0] == name and parts[1] in KEPT and m.size < 10_000_000:
                out[parts[1]] = tar.extractfile(m).read()
    return out


def main() -> int:
    import torch

    p = argparse.ArgumentParser()
    p.add_argument("files", help="the folder the device call's files came back in")
    p.add_argument("--run", default="runs/lite0_allham", help="the local run whose data and split were packed")
    p.add_argument("--prefix", default="runs/gpu_")
    a = p.parse_args()
    files, local = Path(a.files), ROOT / a.run
    local_cfg = json.loads((local / "config.json").read_text())
    split = (local / "split.csv").read_bytes()
    split_sha = hashlib.sha256(split).hexdigest()
    archive = files / "runs.tar.gz"
    for ck_path in sorted(files.glob("*.pt")):
        name = ck_path.stem
        if not NAME.match(name) or name == "smoke":
            print(f"{ck_path.name}: not a run name, skipped")
            continue
        got = run_files(archive, name) if archive.exists() else {}
        if "config.json" not in got:
            print(f"{name}: no config.json in runs.tar.gz, skipped")
            continue
        cfg = json.loads(got["config.json"])
        result = json.loads(got.get("result.json", b"{}"))
        if result.get("split_sha256", split_sha) != split_sha:
            print(f"{name}: trained on another split ({result['split_sha256'][:12]}), skipped")
            continue
        ck = torch.load(ck_path, map_location="cpu", weights_only=False)
        ck["model"] = {k: v.float() if v.is_floating_point() else v for k, v in ck["model"].items()}
        out = ROOT / f"{a.prefix}{name}"
        out.mkdir(parents=True, exist_ok=True)
        torch.save(ck, out / "checkpoint_best.pt")
        for k in ("data", "sharper_data", "anchor_data"):
            cfg[k] = local_cfg.get(k)
        cfg.update(output=str(out.relative_to(ROOT)), weights=None, split_file=None)
        (out / "config.json").write_text(json.dumps(cfg, indent=1) + "\n")
        (out / "split.csv").write_bytes(split)
        for k in ("history.json", "result.json", "train.log"):
            if k in got:
                (out / k).write_bytes(got[k])
        hist = json.loads(got.get("history.json", b"[]"))
        best = max(hist, key=lambda h: h["val_balanced_accuracy"]) if hist else {}
        print(
            f"{name}: {out.relative_to(ROOT)} ({len(hist)} epochs; best epoch {best.get('epoch', '?')}, "
            f"val balanced accuracy {best.get('val_balanced_accuracy', float('nan')):.4f}, "
            f"AUC {best.get('val_malignant_auc', float('nan')):.4f} in training)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
