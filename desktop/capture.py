"""Capture from a webcam / USB dermatoscope, behind a frame-source interface, so tests drive the
real capture path with a video file (these machines have no camera)."""

from __future__ import annotations

from typing import Protocol

import cv2
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

from desktop.qt_utils import to_pixmap


class FrameSource(Protocol):
    name: str

    def open(self) -> None: ...
    def read(self) -> np.ndarray | None: ...  # RGB uint8, or None when no frame
    def still(self) -> np.ndarray | None: ...  # the best full-resolution frame available
    def close(self) -> None: ...


class CaptureError(Exception):
    pass


class _CvSource:
    def __init__(self, name: str):
        self.name = name
        self.cap: cv2.VideoCapture | None = None
        self.last: np.ndarray | None = None

    def read(self) -> np.ndarray | None:
        if self.cap is None:
            return None
        ok, frame = self.cap.read()
        if not ok or frame is None:
            return None
        self.last = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        return self.last

    def still(self) -> np.ndarray | None:
        return self.read() if self.last is None else self.last.copy()

    def _open(self, target, error: str) -> cv2.VideoCapture:
        cap = cv2.VideoCapture(target)
        if not cap.isOpened():
            raise CaptureError(error)
        self.cap = cap
        return cap

    def close(self) -> None:
        if self.cap is not None:
            self.cap.release()
            self.cap = None


class CameraSource(_CvSource):
    """A camera by index; asks for the highest resolution the device offers for stills."""

    def __init__(self, index: int):
        super().__init__(f"Camera {index}")
        self.index = index

    def open(self) -> None:
        cap = self._open(self.index, f"Camera {self.index} could not be opened. Is it connected and free?")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, 4096)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, 3072)


class VideoFileSource(_CvSource):
    def __init__(self, path: str):
        super().__init__(f"Video {path}")
        self.path = path

    def open(self) -> None:
        self._open(str(self.path), f"The video '{self.path}' could not be opened.")


def find_cameras(max_index: int = 4) -> list[CameraSource]:
    """Cameras that open. Slow on some systems, so called only when the capture dialog opens."""
    found = []
    for i in range(max_index):
        cap = cv2.VideoCapture(i)
        if cap.isOpened():
            found.append(CameraSource(i))
        cap.release()
    return found


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
        self.preview = QLabel(self.tr("No camera found. Connect a webcam or USB dermatoscope and reopen this window."))
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
        self.timer.start()

    def _tick(self) -> None:
        frame = self.source.read() if self.source else None
        if frame is None:
            self.timer.stop()
            return
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
