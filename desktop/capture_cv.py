"""Capture through OpenCV: the fallback on developer machines where Qt Multimedia cannot load.
The installer does not ship OpenCV (desktop/capture_qt.py is its camera path)."""

from __future__ import annotations

import cv2
import numpy as np

from desktop.capture_errors import CaptureError


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
    """Cameras that open (probing indexes is slow on some systems)."""
    found = []
    for i in range(max_index):
        cap = cv2.VideoCapture(i)
        if cap.isOpened():
            found.append(CameraSource(i))
        cap.release()
    return found
