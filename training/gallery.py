"""The report's gallery: for each class, test photos the model got right and wrong, each with
Grad-CAM, Grad-CAM++ and guided backpropagation from pytorch-grad-cam, so that a reviewer sees
what the model looks at (and what it looked at when it was wrong).

    python -m training.gallery --run runs/X --model-dir assets/models/ID [--per-class 2]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from inference.classes import CLASS_KEYS
from inference.preprocess import PreprocessSpec, normalize
from training import data as D
from training.models import build_model


def _methods(model):
    from pytorch_grad_cam import GradCAM, GradCAMPlusPlus, GuidedBackpropReLUModel

    layer = [model.backbone]
    return (
        GradCAM(model=model, target_layers=layer),
        GradCAMPlusPlus(model=model, target_layers=layer),
        (GuidedBackpropReLUModel(model=model, device=torch.device("cpu"))),
    )


def pick(probs: np.ndarray, labels: np.ndarray, per_class: int, seed: int = 0):
    """(index, kind) with `per_class` right and wrong test photos per class, chosen at random."""
    rng = np.random.default_rng(seed)
    pred = probs.argmax(1)
    out = []
    for c in range(len(CLASS_KEYS)):
        for kind, m in (("right", (labels == c) & (pred == c)), ("wrong", (labels == c) & (pred != c))):
            idx = np.flatnonzero(m)
            out += [(int(i), kind) for i in rng.choice(idx, size=min(per_class, len(idx)), replace=False)]
    return out


def render(run: Path, model_dir: Path, per_class: int = 2, out: Path | None = None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pytorch_grad_cam.utils.image import show_cam_on_image
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    cfg = json.loads((run / "config.json").read_text())
    spec = PreprocessSpec.from_dict(cfg["preprocess"])
    model = build_model(cfg["arch"], len(CLASS_KEYS), dropout=cfg.get("dropout", 0.2))
    model.load_state_dict(torch.load(run / "checkpoint_best.pt", map_location="cpu", weights_only=False)["model"])
    model.eval()
    records = D.records_for(cfg)
    split = D.read_split(run / "split.csv")
    test = [r for r in records if split.get(r.image_id) == "test"]
    pixels = D.load_pixels(test, spec)
    labels = np.array([r.label for r in test])
    with torch.no_grad():
        logits = torch.cat(
            [model(torch.from_numpy(normalize(pixels[i : i + 64], spec))) for i in range(0, len(test), 64)]
        )
    probs = torch.softmax(logits, 1).numpy()
    chosen = pick(probs, labels, per_class)
    gradcam, gradcampp, guided = _methods(model)
    rows = len(chosen)
    fig, axes = plt.subplots(rows, 4, figsize=(8, 2.1 * rows))
    for row, (i, kind) in zip(axes, chosen, strict=True):
        rgb = pixels[i]
        x = torch.from_numpy(normalize(rgb[None], spec)).requires_grad_(True)
        pred = int(probs[i].argmax())
        target = [ClassifierOutputTarget(pred)]
        base = rgb.astype(np.float32) / 255
        g = gradcam(input_tensor=x, targets=target)[0]
        gpp = gradcampp(input_tensor=x, targets=target)[0]
        gb = guided(x, target_category=pred)
        gb = np.abs(gb).max(-1)
        gb = gb / (gb.max() + 1e-8)
        title = f"{CLASS_KEYS[labels[i]]} -> {CLASS_KEYS[pred]} {probs[i, pred]:.2f} ({kind})"
        for ax, img, name in zip(
            row,
            (rgb, show_cam_on_image(base, g, use_rgb=True), show_cam_on_image(base, gpp, use_rgb=True), gb),
            ("photo: " + title, "Grad-CAM", "Grad-CAM++", "guided backprop"),
            strict=True,
        ):
            ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
            ax.set_title(name, fontsize=6)
            ax.axis("off")
    fig.suptitle("Test photos per class, right and wrong: what the model looks at (not a diagnosis)", fontsize=8)
    fig.tight_layout()
    out = out or model_dir / "report" / "gallery_test.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--model-dir", required=True)
    p.add_argument("--per-class", type=int, default=2)
    a = p.parse_args(argv)
    print(render(Path(a.run), Path(a.model_dir), a.per_class))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
