"""Capture from a webcam / USB dermatoscope, behind a frame-source interface, so tests drive the
real capture path with a video file (these machines have no camera).

Backends: Qt Multimedia (desktop/capture_qt.py; what the installer ships) and, where Qt
Multimedia cannot load, OpenCV when it is installed (desktop/capture_cv.py; developer machines)."""

from __future__ import annotations

import functools
import logging
from typing import Protocol

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop.capture_errors import CaptureError
from desktop.qt_utils import to_pixmap

log = logging.getLogger(__name__)


class FrameSource(Protocol):
    name: str

    def open(self) -> None: ...
    def read(self) -> np.ndarray | None: ...  # RGB uint8, or None when no frame
    def still(self) -> np.ndarray | None: ...  # the best full-resolution frame available
    def close(self) -> None: ...


@functools.cache  # what can load does not change while the app runs
def camera_backend() -> str | None:
    """'Qt Multimedia', 'OpenCV', or None when neither can load (then capture is unavailable).
    Call with a Q(Core)Application running: Qt Multimedia counts only when its backend plugin
    (FFmpeg) loads, not merely its Python module."""
    try:
        from desktop.capture_qt import backend_loaded  # needs the system library libpulse on Linux

        if backend_loaded():
            return "Qt Multimedia"
        log.warning("Qt Multimedia found no backend plugin (FFmpeg)")
    except ImportError as e:
        log.info("Qt Multimedia unavailable: %s", e)
    try:
        import cv2  # noqa: F401

        return "OpenCV"
    except ImportError:
        return None


def find_cameras() -> list[FrameSource]:
    """Cameras the backend sees. Slow on some systems, so called only when the dialog opens."""
    backend = camera_backend()
    if backend == "Qt Multimedia":
        from desktop.capture_qt import find_cameras as qt_cameras

        return qt_cameras()
    if backend == "OpenCV":
        from desktop.capture_cv import find_cameras as cv_cameras

        return cv_cameras()
    return []


class CaptureDialog(QDialog):
    """Live preview and a full-resolution still. `captured` carries the RGB still."""

    captured = Signal(object, str)

    def __init__(self, sources: list[FrameSource], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Capture from camera or dermatoscope"))
        self.sources = sources
        self.source: FrameSource | None = None
        self.device = QComboBox()
        self.device.setAccessibleName(self.tr("Capture device"))
        if camera_backend() is None:
            empty = self.tr(
                "Camera support could not load on this computer (on Linux it needs the system library "
                "libpulse0). You can still open photos from files."
            )
        else:
            empty = self.tr("No camera found. Connect a webcam or USB dermatoscope and reopen this window.")
        self.preview = QLabel(empty)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 360)
        self.preview.setWordWrap(True)
        self.take = QPushButton(self.tr("Take photo"))
        self.take.setShortcut("Space")
        self.take.setAccessibleName(self.tr("Take photo"))
        self.take.setEnabled(False)
        close = QPushButton(self.tr("Close"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Device:")))
        row.addWidget(self.device, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.take)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.misses = 0
        self.timer = QTimer(self)
        self.timer.setInterval(40)
        self.timer.timeout.connect(self._tick)
        self.take.clicked.connect(self.take_still)
        close.clicked.connect(self.reject)
        for s in sources:
            self.device.addItem(s.name)
        self.device.currentIndexChanged.connect(self._switch)
        if sources:
            self._switch(0)

    def _switch(self, i: int) -> None:
        if self.source is not None:
            self.source.close()
        self.source = self.sources[i]
        try:
            self.source.open()
        except CaptureError as e:
            self.preview.setText(str(e))
            self.take.setEnabled(False)
            return
        self.take.setEnabled(True)
        self.misses = 0
        self.timer.start()

    def _tick(self) -> None:
        frame = self.source.read() if self.source else None
        if frame is None:  # Qt cameras take a moment to deliver their first frame
            self.misses += 1
            if self.misses * self.timer.interval() > 10_000:
                self.timer.stop()
                self.preview.setText(self.tr("No picture came from the device. Check its cable and reopen."))
            return
        self.misses = 0
        pm = to_pixmap(frame).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.preview.setPixmap(pm)

    def take_still(self) -> None:
        still = self.source.still() if self.source else None
        if still is None:
            self.preview.setText(self.tr("No picture came from the device. Try again."))
            return
        self.captured.emit(still, self.source.name)
        self.accept()

    def done(self, r: int) -> None:
        self.timer.stop()
        if self.source is not None:
            self.source.close()
        super().done(r)
