"""Issue 16 (part): a dermatologist imports a case bundle in the app from the File menu, by drag
and drop, or by starting the app with the bundle (a double-click in the file manager)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from cases.export import export_bundle  # noqa: E402
from cases.store import CaseStore  # noqa: E402
from inference.analysis import Analyzer  # noqa: E402
from inference.imageio import load_image  # noqa: E402


@pytest.fixture()
def bundle(tmp_path, models_env, fullres_images):
    s = CaseStore(tmp_path / "clinic")
    cid = s.create_case("Clinic-17", "left arm")
    img = load_image(fullres_images[3])
    iid = s.add_image(cid, img.rgb, "file", fullres_images[3].name)
    s.add_analysis(iid, Analyzer.load("tiny-a", "cpu").analyze(img.rgb))
    path = export_bundle(s, cid, tmp_path / "sent", with_pdf=False)
    s.close()
    return cid, path


@pytest.fixture()
def win(qtbot, models_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "derm-home"))
    from desktop.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ctrl.models_ready, timeout=30_000):
        w.show()
    yield w
    w.close()


def _ids(w):
    return w.cases.list.case_ids()


def test_import_from_menu_action(win, bundle, monkeypatch):
    cid, path = bundle
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    assert win.menuBar().actions()[0].menu().actions()  # File menu exists
    win.acts["import"].trigger()
    assert cid in _ids(win) and win.cases.selected_case() == cid
    assert win.current_tab() is win.cases
    assert "imported" in win.cases.status.text()


def test_import_by_drop_and_again_is_unchanged(win, bundle):
    cid, path = bundle
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    ev = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    win.dropEvent(ev)
    assert cid in _ids(win)
    win.dropEvent(ev)
    assert _ids(win).count(cid) == 1 and "nothing new" in win.cases.status.text()


def test_started_with_a_bundle_argument(win, bundle):
    cid, path = bundle
    win.open_any(str(path))  # what desktop.main does with each argument
    assert win.cases.selected_case() == cid


def test_a_damaged_bundle_shows_a_message(win, tmp_path, qtbot):
    bad = tmp_path / "broken.dtcase.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    win.import_case(bad)
    assert win.banner.isVisible() and "damaged" in win.banner.label.text()


def test_a_fresh_start_uses_the_default_model(qtbot, monkeypatch, tmp_path):
    """The DEFAULT file decides the model of a fresh installation, not the folders' order."""
    from tests.conftest import BUNDLED

    monkeypatch.setenv("DERMATRIAGE_MODELS", str(BUNDLED))
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "fresh"))
    from desktop.window import MainWindow
    from inference.registry import default_model_id

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.model_box.currentData() == default_model_id(BUNDLED)
    assert "(default)" in w.model_box.currentText()
    w.close()


def test_register_file_type_for_this_user(tmp_path):
    import subprocess
    import sys

    from desktop.register import MIME, register_linux

    paths = register_linux(tmp_path)
    xml, entry = (p.read_text() for p in paths)
    assert '<glob pattern="*.dtcase.zip"' in xml and MIME in entry and "%F" in entry
    assert f"Exec={sys.executable} -m desktop.main %F" in entry
    if (tmp_path / "mime" / "mime.cache").exists():  # update-mime-database ran: the type is known
        assert MIME in (tmp_path / "mime" / "globs2").read_text()
    out = subprocess.run(
        [sys.executable, "-m", "desktop.main", "--register-file-type"],
        env={**__import__("os").environ, "XDG_DATA_HOME": str(tmp_path / "x")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0 and (tmp_path / "x" / "applications" / "dermatriage.desktop").exists()
