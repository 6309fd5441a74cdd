"""Average the best checkpoints of several runs of one recipe into one model ("model soup",
Wortsman et al. 2022), recompute its batch-norm statistics on the training split, validate it.

    python -m training.soup --runs runs/a runs/b runs/c --output runs/soup

The output folder looks like a training run (config.json, checkpoint_best.pt, history.json,
result.json, split.csv), so `training.export --run` exports it like any other.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from inference.classes import CLASS_KEYS
from training import data as D
from training.engine import ImageArrayDataset
from training.models import build_model, preprocess_spec_for
from training.train import _cpu_state, _pick_device, evaluate, prepare_data


def average_states(states: list[dict]) -> dict:
    out = {}
    for k, v in states[0].items():
        if v.is_floating_point():
            out[k] = sum(s[k].float() for s in states) / len(states)
        else:
            out[k] = v.clone()
    return out


@torch.no_grad()
def recompute_bn(model, loader, device) -> None:
    """Cumulative batch-norm statistics over one pass of un-augmented training images."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    for x, _ in loader:
        model(x.to(device).contiguous(memory_format=torch.channels_last))
    model.eval()


def main(argv=None) -> dict:
    p = argparse.ArgumentParser("DermaTriage weight soup")
    p.add_argument("--runs", nargs="+", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--device", default="auto")
    args = p.parse_args(argv)
    runs = [Path(r) for r in args.runs]
    cfg = json.loads((runs[0] / "config.json").read_text())
    states = [torch.load(r / "checkpoint_best.pt", map_location="cpu", weights_only=False)["model"] for r in runs]
    device = _pick_device(args.device)
    model = build_model(cfg["arch"], len(CLASS_KEYS), dropout=cfg.get("dropout", 0.2))
    model.load_state_dict(average_states(states))
    model = model.to(device, memory_format=torch.channels_last)

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    _, by_split, split_sha = prepare_data(argparse.Namespace(**cfg), out)
    spec = preprocess_spec_for(cfg["arch"], cfg.get("input_size"))
    loaders = {}
    for s in ("train", "val"):
        pix = D.load_pixels(by_split[s], spec)
        ds = ImageArrayDataset(pix, [r.label for r in by_split[s]], spec, augment=False)
        loaders[s] = DataLoader(ds, batch_size=64)
    recompute_bn(model, loaders["train"], device)
    ev = evaluate(model, loaders["val"])
    stats = {
        "val_balanced_accuracy": ev["balanced_accuracy"],
        "val_accuracy": ev["accuracy"],
        "val_malignant_auc": ev["malignant_auc"],
    }
    ckpt = {"model": _cpu_state(model), "epoch": -1, "arch": cfg["arch"], "config": cfg}
    torch.save(ckpt, out / "checkpoint_best.pt")
    (out / "config.json").write_text(json.dumps({**cfg, "soup_of": [str(r) for r in runs]}, indent=2))
    (out / "history.json").write_text(json.dumps([stats], indent=2))
    if not (out / "split.csv").exists() and cfg.get("split_file"):
        shutil.copy(cfg["split_file"], out / "split.csv")
    result = {
        "best_val_balanced_accuracy": ev["balanced_accuracy"],
        "soup_of": [str(r) for r in runs],
        "split_sha256": split_sha,
        **stats,
    }
    (out / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
