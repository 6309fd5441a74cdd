from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
HAM = SHARED / "ham10000-224"
FULLRES = SHARED / "fullres-samples"
BUNDLED = REPO / "assets" / "models"


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> Path:
    """A models folder with two tiny but real ONNX classifiers (random weights)."""
    from tests.tiny_model import make_tiny_model

    root = tmp_path_factory.mktemp("models")
    make_tiny_model(root, "tiny-a", seed=1)
    make_tiny_model(root, "tiny-b", seed=2)
    (root / "DEFAULT").write_text("tiny-a\n")
    return root


@pytest.fixture()
def models_env(tiny_models, monkeypatch):
    monkeypatch.setenv("DERMATRIAGE_MODELS", str(tiny_models))
    return tiny_models


@pytest.fixture(scope="session")
def fullres_images() -> list[Path]:
    files = sorted((FULLRES / "images").glob("*.jpg"))
    if not files:
        pytest.skip("../shared/data/fullres-samples not present")
    return files


@pytest.fixture(scope="session")
def ham_root() -> Path:
    if not (HAM / "labels.csv").exists():
        pytest.skip("../shared/data/ham10000-224 not present")
    return HAM


def bundled_model_ids() -> list[str]:
    if not BUNDLED.is_dir():
        return []
    return sorted(p.name for p in BUNDLED.iterdir() if (p / "manifest.json").exists())
