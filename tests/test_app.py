"""The desktop app on the real ONNX path (tiny models here; the bundled model in test_bundled)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QThread, QTimer  # noqa: E402

from inference.imageio import load_image  # noqa: E402


def open_and_wait(qtbot, win, path):
    with qtbot.waitSignal(win.ctrl.analysis_ready, timeout=30_000) as blocker:
        assert win.open_path(path)
    return blocker.args[0]


def test_open_real_photo_event_loop_never_blocked(qtbot, window, fullres_images):
    ticks = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    seen_threads = []
    window.ctrl.host.worker.busy_changed.connect(lambda _: seen_threads.append(QThread.currentThread()))
    a = open_and_wait(qtbot, window, fullres_images[0])
    timer.stop()
    assert a.probabilities.shape == (7,) and abs(a.probabilities.sum() - 1) < 1e-6
    assert window.ctrl.host.thread.isRunning() and window.ctrl.host.worker.thread() is window.ctrl.host.thread
    assert len(ticks) >= 1  # the GUI thread kept processing timer events while the worker ran
    assert window.results.triage.text() and "not a diagnosis" in window.results.notice.text()


def test_crop_and_gamma_change_what_the_model_sees(qtbot, window, fullres_images):
    base = open_and_wait(qtbot, window, fullres_images[1])
    with qtbot.waitSignal(window.ctrl.analysis_ready, timeout=30_000) as b:
        window.tools.set_gamma(1.4)
    assert b.args[0].settings.gamma == pytest.approx(1.4)
    assert not np.allclose(b.args[0].probabilities, base.probabilities)
    with qtbot.waitSignal(window.ctrl.analysis_ready, timeout=30_000) as b2:
        window.ctrl.set_crop((100, 50, 300, 300))
    assert b2.args[0].settings.crop_box == (100, 50, 300, 300)
    assert window.ctrl.shown_image().shape[:2] == (300, 300)


def test_switch_model_and_device(qtbot, window, fullres_images):
    open_and_wait(qtbot, window, fullres_images[2])
    i = window.model_box.findData("tiny-b")
    with qtbot.waitSignal(window.ctrl.analysis_ready, timeout=30_000) as b:
        window.model_box.setCurrentIndex(i)
    assert b.args[0].predictions[0].model_id == "tiny-b"
    i = window.model_box.findData("ensemble")
    with qtbot.waitSignal(window.ctrl.analysis_ready, timeout=30_000) as b:
        window.model_box.setCurrentIndex(i)
    assert len(b.args[0].predictions) == 2
    assert window.device_box.findData("cpu") >= 0
    with qtbot.waitSignal(window.ctrl.analysis_ready, timeout=30_000) as b:
        window.device_box.setCurrentIndex(window.device_box.findData("cpu"))
        window.ctrl.load_models("tiny-a", "cpu")
    assert b.args[0].predictions[0].device == "CPU"


def test_stale_results_are_dropped(qtbot, window, fullres_images):
    open_and_wait(qtbot, window, fullres_images[0])
    got = []
    window.ctrl.analysis_ready.connect(got.append)
    img = load_image(fullres_images[3])
    window.ctrl.image = img
    for g in (1.1, 1.2, 1.3, 1.4):
        window.ctrl.gamma = g
        window.ctrl.analyze()
    qtbot.waitUntil(lambda: bool(got) and got[-1].settings.gamma == pytest.approx(1.4), timeout=30_000)
    qtbot.wait(300)
    assert [a.settings.gamma for a in got][-1] == pytest.approx(1.4)
    assert all(a.settings.gamma == pytest.approx(1.4) for a in got)  # no superseded result shown


def test_corrupt_file_shows_banner(qtbot, window, tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert not window.open_path(bad)
    assert window.banner.isVisible() and "damaged" in window.banner.label.text()


def _write_video(path, frame_bgr):
    h, w = frame_bgr.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (w, h))
    for _ in range(10):
        writer.write(frame_bgr)
    writer.release()


def _backend_source(backend: str, path: str):
    if backend == "qt":
        pytest.importorskip(
            "PySide6.QtMultimedia", reason="Qt Multimedia needs the system library libpulse0", exc_type=ImportError
        )
        from desktop.capture_qt import QtVideoFileSource

        return QtVideoFileSource(path)
    from desktop.capture_cv import VideoFileSource

    return VideoFileSource(path)


@pytest.mark.parametrize("backend", ["qt", "cv"])
def test_video_file_frame_source_still_is_analysed(qtbot, window, fullres_images, tmp_path, backend):
    from desktop.capture import CaptureDialog

    frame = cv2.imread(str(fullres_images[4]))
    video = tmp_path / "scope.avi"
    _write_video(video, frame)
    dlg = CaptureDialog([_backend_source(backend, str(video))], window)
    dlg.captured.connect(window.ctrl.set_still)
    qtbot.waitUntil(lambda: dlg.source.last is not None, timeout=10_000)
    with qtbot.waitSignal(window.ctrl.analysis_ready, timeout=30_000) as b:
        dlg.take_still()
    assert window.ctrl.source == "camera" and window.ctrl.image.rgb.shape == frame.shape
    # The still is the video frame (MJPEG-compressed), in RGB order, not BGR.
    rgb = window.ctrl.image.rgb.astype(np.float32)
    assert np.abs(rgb - frame[..., ::-1]).mean() < 6 < np.abs(rgb - frame).mean()
    assert b.args[0].probabilities.shape == (7,)


def test_camera_backend_in_this_environment(qapp):  # Qt Multimedia loads its backend under an app
    from desktop.capture import camera_backend, find_cameras

    try:
        import PySide6.QtMultimedia  # noqa: F401

        expected = "Qt Multimedia"
    except ImportError:
        expected = "OpenCV"
    assert camera_backend() == expected
    assert find_cameras() == []  # no camera on these machines, and no crash looking for one


def test_no_camera_message(qtbot, window):
    from desktop.capture import CaptureDialog

    dlg = CaptureDialog([], window)
    assert "No camera found" in dlg.preview.text() and not dlg.take.isEnabled()


def test_fov_detection_and_heatmap_overlay(qtbot, window, fullres_images):
    a = open_and_wait(qtbot, window, fullres_images[5])
    assert a.heatmap().shape == window.ctrl.image.rgb.shape[:2]
    window.tools.opacity.setValue(80)
    window.tools.side.setChecked(True)
    assert window.original.isVisibleTo(window)
    window.tools.heat_class.setCurrentIndex(5)  # heatmap of a chosen class
    assert window.heat_class == 4


def test_save_case_annotate_and_undo(qtbot, window, fullres_images):
    open_and_wait(qtbot, window, fullres_images[6])
    panel = window.cases
    case_id = panel.save_current({"pseudonym": "P-42", "body_site": "Back", "author": ""})
    case = panel.store.get_case(case_id)
    assert case["images"][0]["analyses"][0]["model_sha256"]
    panel.refresh()
    panel.list.select_row(0)
    panel.diagnosis.setCurrentIndex(panel.diagnosis.findData("mel"))
    panel.save_annotation()
    assert panel.store.get_case(case_id)["annotation"]["diagnosis"] == "mel"
    panel.undo.undo()
    assert panel.store.get_case(case_id)["annotation"]["diagnosis"] in (None, "")


def test_menus_about_and_shortcuts(qtbot, window, fullres_images):
    from desktop.help import AboutDialog, ShortcutsDialog

    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["File", "View", "Help"]
    file_items = [a.text() for a in menus["File"].actions() if a.text()]
    assert file_items[:3] == ["Open photo...", "Open folder...", "Capture..."]
    assert "Save case..." in file_items and "Quit" in file_items
    assert [a.text() for a in window.recent_menu.actions()] == ["(none yet)"]
    open_and_wait(qtbot, window, fullres_images[2])
    assert [a.text() for a in window.recent_menu.actions()] == [fullres_images[2].name]

    about = AboutDialog(window)
    text = about.text.toPlainText()
    assert "not a diagnosis" in text and "ONNX Runtime" in text and "LGPL-3.0" in text and "HAM10000" in text
    keys = ShortcutsDialog(list(window.acts.values()), window).text.toPlainText()
    for action, shortcut in (
        ("Open photo", "Ctrl+O"),
        ("Toggle heatmap", "H"),
        ("Keyboard shortcuts", "Ctrl+F1"),
        ("User guide", "F1"),
    ):
        assert action in keys and shortcut in keys
    assert "About DermaTriage" not in keys  # no shortcut, not listed


def test_cases_tab_buttons_wrap_instead_of_leaving_the_panel(qtbot, window):
    """Rows of buttons wrap onto a new line on a narrow panel (a longer translation, a small
    screen): every button stays inside the panel's width."""
    from PySide6.QtWidgets import QPushButton

    panel = window.cases
    window.show_tab(panel)
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total - 300, 300])  # a narrow side, as on a small screen before it widened
    for width in (900, 420):
        panel.resize(width, 1400)
        qtbot.wait(50)
        for b in panel.findChildren(QPushButton):
            if b.isVisible():
                right = b.mapTo(panel, b.rect().topRight()).x()
                assert right <= panel.width(), (width, b.text(), right)
    rows = {b.mapTo(panel, b.rect().topLeft()).y() for b in (panel.annotate_btn, panel.export_btn)}
    assert len(rows) == 2  # at 420 px the annotation row has wrapped
