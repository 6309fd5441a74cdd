"""Build the PyInstaller bundle and run its self-test offscreen (slow: a few minutes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, bundled_model_ids


@pytest.mark.slow
@pytest.mark.skipif(not bundled_model_ids(), reason="no bundled model yet")
@pytest.mark.skipif(
    shutil.which("pyinstaller") is None and not (REPO / ".venv").exists(), reason="PyInstaller not installed"
)
def test_bundle_builds_and_self_test_passes(tmp_path):
    pytest.importorskip("PyInstaller")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(REPO / "build.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=1500,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    app = tmp_path / "dist" / "DermaTriage" / "DermaTriage"
    internal = app.parent / "_internal"
    for forbidden in ("torch", "torchvision", "timm", "pytorch_grad_cam", "training"):
        assert not (internal / forbidden).exists(), forbidden
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DERMATRIAGE_HOME": str(tmp_path / "home"),
    }
    run = subprocess.run([str(app), "--self-test"], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    for model_id in bundled_model_ids():
        assert f"model {model_id}: ok" in run.stdout
    assert "sample ISIC_" in run.stdout
    assert "clinic fit: non-skin references of " in run.stdout  # Fit to this clinic can check its guard
    assert "PACS exchange: DICOMweb with OpenSSL" in run.stdout  # TLS and the DICOMweb client are bundled
    assert not (internal / "cv2").exists()  # images on NumPy/Pillow, camera on Qt Multimedia
    try:
        import PySide6.QtMultimedia  # noqa: F401

        assert "camera capture: Qt Multimedia" in run.stdout  # the bundle's camera stack loads
    except ImportError:  # no libpulse0 on the build machine: the bundle has no camera (and says so)
        assert "camera capture: unavailable" in run.stdout
    files = [f for f in app.parent.rglob("*") if f.is_file() and not f.is_symlink()]  # links: counted once
    size = sum(f.stat().st_size for f in files)
    print(f"bundle size {size / 2**20:.1f} MiB ({size / 1e6:.1f} MB)")
    if "ICU data trimmed" in build.stdout and "libraries removed" in build.stdout:  # Linux, binutils
        assert size <= 250e6, build.stdout[-2000:]  # the target, in decimal megabytes
    os.environ.get("CI") and print(run.stdout)
