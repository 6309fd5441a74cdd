"""Issue 31, item 6: a photo dropped on the picture or on the results opens, and the status bar and
the folder strip name the photo on screen, never the one before it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication


def _drop(widget, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    for kind in (QDropEvent.Type.DragEnter, QDropEvent.Type.DragMove, QDropEvent.Type.Drop):
        if kind == QDropEvent.Type.DragEnter:
            from PySide6.QtGui import QDragEnterEvent

            ev = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                 Qt.KeyboardModifier.NoModifier)  # fmt: skip
        elif kind == QDropEvent.Type.DragMove:
            from PySide6.QtGui import QDragMoveEvent

            ev = QDragMoveEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)  # fmt: skip
        else:
            ev = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(widget, ev)


def test_drops_on_the_picture_and_the_results_open_the_photo_and_name_it(qtbot, window, fullres_images, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for f in fullres_images[:3]:
        (folder / f.name).symlink_to(f)
    window.open_folder(str(folder))
    qtbot.waitUntil(lambda: window.thumbs.count() == 3, timeout=30_000)
    window.thumbs.setCurrentRow(1)
    qtbot.waitUntil(lambda: "Photo 2 of 3" in window.statusBar().currentMessage(), timeout=10_000)
    outside = fullres_images[5]
    for target in (window.view.viewport(), window.results):
        assert not window.view.viewport().acceptDrops()  # the view hands drops to the window
        _drop(target, outside)
        qtbot.waitUntil(lambda: window.ctrl.path == outside, timeout=10_000)
        message = window.statusBar().currentMessage()
        assert outside.name in message and "of 3" not in message, message
        assert window.thumbs.currentRow() == -1  # no other photo stays marked in the strip
        window.thumbs.setCurrentRow(0)
        qtbot.waitUntil(lambda: "Photo 1 of 3" in window.statusBar().currentMessage(), timeout=10_000)
