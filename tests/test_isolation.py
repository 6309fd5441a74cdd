"""Import direction: inference has no Qt and no torch; the app never loads torch."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def run_python(code: str, timeout: float = 120, **env) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", **env},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def loaded_after(stmt: str) -> set[str]:
    code = f"import sys; {stmt}; print(','.join(sorted(sys.modules)))"
    return set(run_python(code).strip().split(","))


def test_inference_loads_neither_qt_nor_torch():
    mods = loaded_after("import inference.analysis, inference.classifier")
    assert "torch" not in mods and not any(m.startswith("PySide6") for m in mods)
    assert "cv2" not in mods  # the installer ships no OpenCV
    assert "onnxruntime" in mods


def test_app_does_not_load_torch():
    mods = loaded_after("import desktop.main, desktop.window, desktop.worker, cases.store")
    assert "torch" not in mods and "torchvision" not in mods
    assert "cv2" not in mods
    assert "PySide6.QtWidgets" in mods


def test_whole_app_path_runs_with_opencv_blocked(tmp_path, fullres_images):
    """The installer has no OpenCV: analyse, crop tools, heatmap and case store must not need it."""
    code = f"""
import sys
sys.modules["cv2"] = None  # any import of cv2 now raises ImportError
from inference.analysis import Analyzer
from inference.adjust import detect_fov, lesion_centered_box, auto_gamma
from inference.cam import overlay
from inference.imageio import load_image
from cases.store import CaseStore
rgb = load_image({str(fullres_images[0])!r}).rgb
a = Analyzer.load().analyze(rgb)
detect_fov(rgb); lesion_centered_box(rgb); auto_gamma(rgb)
assert overlay(rgb, a.heatmap()).shape == rgb.shape
store = CaseStore({str(tmp_path / "store")!r})
case = store.create_case("P1")
image = store.add_image(case, rgb)
store.add_analysis(image, a)
print("ok", a.triage, store.image_rgb(store.get_case(case)["images"][0]["sha256"]).shape)
"""
    out = run_python(code, timeout=300, HOME=str(tmp_path))
    assert out.startswith("ok ") and "(450, 600, 3)" in out
