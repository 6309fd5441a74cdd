"""LR range test (Smith 2017): raise the learning rate exponentially over a few hundred steps,
record the smoothed loss, save the plot and suggest the rate of steepest descent.

    python -m training.lr_find --arch efficientnet_lite0 --pretrained --output runs/lr_find
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader

from inference.classes import CLASS_KEYS
from training import data as D
from training.engine import ImageArrayDataset, make_criterion
from training.models import build_model, preprocess_spec_for


def lr_range_test(model, loader, criterion, start=1e-6, end=1.0, steps=100, beta=0.9):
    opt = torch.optim.AdamW(model.parameters(), lr=start)
    mult = (end / start) ** (1 / max(1, steps - 1))
    lrs, losses, avg, best = [], [], 0.0, math.inf
    it = iter(loader)
    model.train()
    for i in range(steps):
        try:
            x, y = next(it)
        except StopIteration:
            it = iter(loader)
            x, y = next(it)
        lr = start * mult**i
        for g in opt.param_groups:
            g["lr"] = lr
        loss = criterion(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        avg = beta * avg + (1 - beta) * loss.item()
        smooth = avg / (1 - beta ** (i + 1))
        lrs.append(lr)
        losses.append(smooth)
        best = min(best, smooth)
        if smooth > 4 * best or not math.isfinite(smooth):
            break
    return np.array(lrs), np.array(losses)


def suggest(lrs: np.ndarray, losses: np.ndarray) -> float:
    """Rate of the steepest loss descent (in log-lr), a common default for the max LR."""
    if len(lrs) < 5:
        return float(lrs[len(lrs) // 2])
    grad = np.gradient(losses, np.log10(lrs))
    return float(lrs[int(np.argmin(grad[: max(1, len(grad) - 2)]))])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="LR range test")
    p.add_argument("--data", default="../shared/data/ham10000-224")
    p.add_argument("--arch", default="efficientnet_lite0")
    p.add_argument("--pretrained", action="store_true")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-images", type=int, default=None)
    p.add_argument("--output", default="runs/lr_find")
    a = p.parse_args(argv)
    spec = preprocess_spec_for(a.arch)
    recs = D.load_dataset(a.data)
    split = D.split_by_lesion(recs)
    train = [r for r in recs if split[r.image_id] == "train"][: a.max_images]
    pix = D.load_pixels(train, spec)
    labels = [r.label for r in train]
    ds = ImageArrayDataset(pix, labels, spec, augment=True)
    loader = DataLoader(ds, batch_size=a.batch_size, shuffle=True, drop_last=len(ds) > a.batch_size)
    model = build_model(a.arch, len(CLASS_KEYS), a.pretrained)
    crit = make_criterion("ce", torch.tensor(np.sqrt(D.median_frequency_weights(labels)), dtype=torch.float32), 0.1)
    lrs, losses = lr_range_test(model, loader, crit, steps=a.steps)
    lr = suggest(lrs, losses)
    out = Path(a.output)
    out.mkdir(parents=True, exist_ok=True)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.semilogx(lrs, losses)
    ax.axvline(lr, color="r", ls="--", label=f"suggested {lr:.2e}")
    ax.set_xlabel("learning rate")
    ax.set_ylabel("smoothed loss")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "lr_find.png", dpi=110)
    (out / "lr_find.json").write_text(json.dumps({"lrs": lrs.tolist(), "losses": losses.tolist(), "suggested": lr}))
    print(f"suggested learning rate {lr:.2e}; plot in {out / 'lr_find.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
