"""Import direction: inference has no Qt and no torch; the app never loads torch."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def loaded_after(stmt: str) -> set[str]:
    code = f"import sys; {stmt}; print(','.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.strip().split(","))


def test_inference_loads_neither_qt_nor_torch():
    mods = loaded_after("import inference.analysis, inference.cli, inference.classifier")
    assert "torch" not in mods and not any(m.startswith("PySide6") for m in mods)
    assert "onnxruntime" in mods


def test_app_does_not_load_torch():
    mods = loaded_after("import desktop.main, desktop.window, desktop.worker, cases.store")
    assert "torch" not in mods and "torchvision" not in mods
    assert "PySide6.QtWidgets" in mods
