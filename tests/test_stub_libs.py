"""The installer's library stubs (scripts/stub_libs.py): tiny libraries that export what the rest
imports from Qt Quick/Qml, libsndfile and Kerberos, so Qt Multimedia's FFmpeg plugin still loads and
decodes video, PulseAudio and Qt Network still load, and the real ones (21 MB) can go."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import stub_libs  # noqa: E402

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("nm", "readelf", "as", "ld"))
    or sys.platform != "linux"
    or platform.machine() != "x86_64",
    reason="needs x86-64 Linux and binutils (nm, readelf, as, ld)",
)


def _qt() -> Path:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    if not (qt / "lib" / "libQt6Quick.so.6").exists():
        pytest.skip("this PySide6 has no Qt Quick library")
    return qt


def _system_lib(name: str) -> Path | None:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.strip().startswith(name + " ") and "x86-64" in line:
            return Path(line.rsplit("=>", 1)[1].strip())
    return None


@pytest.fixture(scope="module")
def stubs(tmp_path_factory) -> Path:
    pytest.importorskip(
        "PySide6.QtMultimedia", reason="Qt Multimedia needs the system library libpulse0", exc_type=ImportError
    )
    qt = _qt()
    out = tmp_path_factory.mktemp("stubs")
    plugin = qt / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
    for name in ("libQt6Quick.so.6", "libQt6Qml.so.6"):
        stub_libs.build_stub(qt / "lib" / name, [plugin], out / name)
    # The system's libraries, as the installer bundles them: PulseAudio's common library links
    # libsndfile; Qt Network links Kerberos.
    pulsecommon = next(iter(sorted(Path("/usr/lib/x86_64-linux-gnu/pulseaudio").glob("libpulsecommon-*.so"))), None)
    for name, user in (("libsndfile.so.1", pulsecommon), ("libgssapi_krb5.so.2", qt / "lib" / "libQt6Network.so.6")):
        real = _system_lib(name)
        if real and user:
            stub_libs.build_stub(real, [user], out / name)
    return out


def test_orphans_are_what_only_the_stubbed_needed():
    graph = {"app.so": ["a.so"], "a.so": ["c.so"], "s.so": ["a.so", "e.so"], "e.so": ["f.so"], "f.so": [], "c.so": []}
    assert stub_libs.orphans(graph, {"s.so"}) == {"e.so", "f.so"}  # a.so: app.so needs it too
    assert stub_libs.orphans(graph, {"a.so"}) == {"c.so"}  # a stub needs nothing


def test_stubs_export_what_the_plugin_imports_and_are_small(stubs):
    qt = _qt()
    plugin = qt / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
    for name in ("libQt6Quick.so.6", "libQt6Qml.so.6"):
        real, stub = qt / "lib" / name, stubs / name
        assert stub.stat().st_size < 64_000 < real.stat().st_size
        wanted = stub_libs.undefined(plugin) & stub_libs.defined(real).keys()
        got = stub_libs.defined(stub)
        assert wanted <= got.keys()  # same names and versions
        for sym in wanted:  # same kind (function / object) and, for objects, the same size
            assert (got[sym][0] in "Tt") == (stub_libs.defined(real)[sym][0] in "TtWwi")
            if got[sym][0] not in "Tt":
                assert got[sym][1] == stub_libs.defined(real)[sym][1]
        assert stub_libs.versions_needed(plugin, name) <= {v.split("@")[-1] for v in got}
    assert any("QQuickWindow" in s for s in stub_libs.defined(stubs / "libQt6Quick.so.6"))


def test_video_audio_and_network_load_with_the_stubs(stubs, tmp_path):
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    video = tmp_path / "scope.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    frame = np.zeros((48, 64, 3), np.uint8)
    frame[..., 2] = 200  # red in BGR
    for _ in range(10):
        writer.write(frame)
    writer.release()
    probe = (
        "import sys, time\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = QCoreApplication([])\n"
        "from desktop.capture import camera_backend\n"
        "from desktop.capture_qt import QtVideoFileSource\n"
        "print('backend', camera_backend())\n"
        "src = QtVideoFileSource(sys.argv[1]); src.open(); t = time.time()\n"
        "while src.last is None and time.time() - t < 15:\n"
        "    app.processEvents(); src.read(); time.sleep(0.01)\n"
        "print('frame', None if src.last is None else src.last.mean(axis=(0, 1)).round().tolist())\n"
        "from PySide6.QtMultimedia import QMediaDevices\n"
        "from PySide6.QtNetwork import QNetworkAccessManager\n"
        "print('audio outputs', len(QMediaDevices.audioOutputs()), QNetworkAccessManager() is not None)\n"
        "maps = open('/proc/self/maps').read()\n"
        "print('loaded', sorted({l.split()[-1] for l in maps.splitlines() if '/' in l}))\n"
        "src.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LD_LIBRARY_PATH": str(stubs)}
    out = subprocess.run(
        [sys.executable, "-c", probe, str(video)], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "backend Qt Multimedia" in out.stdout
    import re

    rgb = [float(v) for v in re.search(r"frame \[([^\]]+)\]", out.stdout).group(1).split(",")]
    assert rgb[0] > 150 and rgb[1] < 20 and rgb[2] < 20, rgb  # the red frame, in RGB order (MJPEG rounding)
    loaded = out.stdout.split("loaded", 1)[1]
    assert len(list(stubs.iterdir())) == 4 or not _system_lib("libsndfile.so.1")
    for stub in stubs.iterdir():  # every stub was the one loaded
        assert str(stub) in loaded, stub.name
    for real in ("QmlModels", "libFLAC", "libvorbis", "libkrb5.so"):  # and what only the real ones need never was
        assert real not in loaded


def test_a_called_stub_says_so_and_exits(stubs):
    code = (
        "import ctypes, sys\n"
        "lib = ctypes.CDLL(sys.argv[1])\n"
        "lib._ZN12QQuickWindow10grabWindowEv()\n"
        "print('not reached')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(stubs / "libQt6Quick.so.6")], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == stub_libs.EXIT_CODE and "not reached" not in out.stdout
    assert "libQt6Quick.so.6 is a stub" in out.stderr


def test_bundle_keeps_what_something_else_still_needs(tmp_path):
    qt = _qt()
    for keeper in (False, True):
        d = tmp_path / str(keeper)
        d.mkdir()
        for name in ("libQt6Quick.so.6", "libQt6QmlModels.so.6"):
            shutil.copy(qt / "lib" / name, d / name)
        if keeper:  # a library that stays and links QmlModels itself (a copy of Qt Quick, renamed)
            shutil.copy(qt / "lib" / "libQt6Quick.so.6", d / "libQt6QuickKeeper.so.6")
        _, after, removed = stub_libs.stub_bundle(d, ("libQt6Quick.so.6",))
        assert after < 64_000 and (d / "libQt6Quick.so.6").stat().st_size == after
        assert removed == ([] if keeper else ["libQt6QmlModels.so.6"])
        assert (d / "libQt6QmlModels.so.6").exists() == keeper
