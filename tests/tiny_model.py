"""Build a tiny but complete model folder (ONNX + manifest + CAM weights + OOD) for fast tests."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

from inference.classes import CLASS_KEYS, DISPLAY_NAMES, MALIGNANT
from inference.manifest import INTENDED_USE, SCHEMA_VERSION
from inference.preprocess import PreprocessSpec
from training.models import Classifier
from training.ood_fit import fit_mahalanobis

SIZE = 32


def tiny_network(seed: int) -> Classifier:
    torch.manual_seed(seed)
    backbone = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
    )
    return Classifier(backbone, 16, len(CLASS_KEYS), dropout=0.0).eval()


def make_tiny_model(root: Path, model_id: str, seed: int = 0) -> Path:
    from training.export import export_onnx

    folder = root / model_id
    folder.mkdir(parents=True)
    net = tiny_network(seed)
    spec = PreprocessSpec(input_size=SIZE)
    export_onnx(net, spec, folder / "model.onnx")
    onnx_bytes = (folder / "model.onnx").read_bytes()
    buf = io.BytesIO()
    np.savez(buf, weight=net.classifier.weight.detach().numpy(), bias=net.classifier.bias.detach().numpy())
    cam = buf.getvalue()
    (folder / "classifier.npz").write_bytes(cam)
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        x = torch.from_numpy(rng.uniform(-1, 1, (64, 3, SIZE, SIZE)).astype(np.float32))
        feats = net.backbone(x).mean((2, 3)).numpy()
    ood = fit_mahalanobis(feats, np.arange(64) % 7, dims=8)
    buf = io.BytesIO()
    np.savez(buf, **ood)
    (folder / "ood.npz").write_bytes(buf.getvalue())
    sha = lambda b: hashlib.sha256(b).hexdigest()  # noqa: E731
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "id": model_id,
        "display_name": f"Tiny {model_id}",
        "version": "test",
        "architecture": "tiny",
        "onnx_file": "model.onnx",
        "onnx_sha256": sha(onnx_bytes),
        "input": {"name": "input"},
        "preprocess": spec.to_dict(),
        "classes": [{"key": k, "display_name": DISPLAY_NAMES[k], "malignant": k in MALIGNANT} for k in CLASS_KEYS],
        "cam": {"file": "classifier.npz", "sha256": sha(cam)},
        "calibration": {"temperature": 1.5},
        "thresholds": {"malignant": 0.3, "urgent": 0.6},
        "ood": {"file": "ood.npz", "sha256": sha(buf.getvalue()), "threshold": 1e9},
        "metrics": {"test": {"balanced_accuracy": 0.14, "malignant_auc": 0.5}},
        "intended_use": INTENDED_USE,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (folder / "card.md").write_text(f"# Tiny {model_id}\n\nA random network for tests.\n")
    resign(folder)
    return folder


def resign(folder: Path) -> None:
    """Sign (again) with the test session's key, after a test edited a file on purpose."""
    from tests.conftest import TEST_KEY
    from training.sign import load_key, sign_folder

    sign_folder(folder, load_key(TEST_KEY))
