from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# A signing key of this test session, trusted through DERMATRIAGE_TRUSTED_KEYS (child processes
# inherit it); the tiny models are signed with it. No private key lives in the repository.
_KEYS = Path(tempfile.mkdtemp(prefix="dermatriage-test-keys-"))
os.environ["DERMATRIAGE_TRUSTED_KEYS"] = str(_KEYS / "trusted")
# No test reads or writes the real user folders (case store, settings, installed models, keys).
os.environ.setdefault("DERMATRIAGE_HOME", str(_KEYS / "home"))
TEST_KEY = _KEYS / "test-signing.pem"
os.environ["DERMATRIAGE_SIGNING_KEY"] = str(TEST_KEY)  # what training.export signs with in tests
try:
    from training.sign import new_key  # noqa: E402

    (_KEYS / "trusted").mkdir(parents=True, exist_ok=True)
    (_KEYS / "trusted" / "test.pub").write_text(new_key(TEST_KEY))
except ImportError:  # without the training extra (cryptography) nothing here can be signed
    pass

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


@pytest.fixture(scope="session")
def orthanc(tmp_path_factory):
    """A real Orthanc with DICOMweb on 127.0.0.1 (authentication on), for the whole session."""
    from tests.orthanc import Orthanc, why_not

    reason = why_not()
    if reason:
        pytest.skip(reason)
    server = Orthanc(tmp_path_factory.mktemp("orthanc")).start()
    yield server
    server.stop()


@pytest.fixture()
def window(qtbot, models_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "home"))
    from PySide6.QtCore import QSettings

    from desktop.window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ctrl.models_ready, timeout=30_000):
        win.show()
    yield win
    win.close()
