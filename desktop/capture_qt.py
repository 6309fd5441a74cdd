"""Camera and video frames through Qt Multimedia (what the installer ships: no OpenCV).

Qt pushes frames into a QVideoSink; the capture dialog pulls the newest one on its timer, so
both backends share one pull interface (FrameSource in desktop/capture.py)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaFormat,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

from desktop.capture_errors import CaptureError
from desktop.qt_utils import from_qimage


def backend_loaded() -> bool:
    """Whether Qt Multimedia's backend plugin loaded: without one it decodes no format at all."""
    return bool(QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode))


def frame_to_rgb(frame: QVideoFrame) -> np.ndarray | None:
    """A video frame as an RGB uint8 array (a copy: Qt reuses its buffers)."""
    if not frame.isValid():
        return None
    img = frame.toImage()
    return None if img.isNull() else from_qimage(img)


class _SinkSource:
    def __init__(self, name: str):
        self.name = name
        self.sink: QVideoSink | None = None
        self.frame: QVideoFrame | None = None
        self.last: np.ndarray | None = None

    def _attach_sink(self) -> QVideoSink:
        self.sink = QVideoSink()
        self.sink.videoFrameChanged.connect(self._on_frame)
        return self.sink

    def _on_frame(self, frame: QVideoFrame) -> None:
        self.frame = frame

    def read(self) -> np.ndarray | None:
        if self.frame is not None:
            rgb = frame_to_rgb(self.frame)
            self.frame = None
            if rgb is not None:
                self.last = rgb
        return self.last

    def still(self) -> np.ndarray | None:
        return self.read() if self.last is None else self.last.copy()


def _largest_format(device: QCameraDevice):
    formats = device.videoFormats()
    if not formats:
        return None
    return max(formats, key=lambda f: (f.resolution().width() * f.resolution().height(), f.maxFrameRate()))


class QtCameraSource(_SinkSource):
    """A webcam or USB dermatoscope, at the largest resolution it offers (stills are full size)."""

    def __init__(self, device: QCameraDevice):
        super().__init__(device.description() or "Camera")
        self.device = device
        self.camera: QCamera | None = None
        self.session: QMediaCaptureSession | None = None

    def open(self) -> None:
        self.camera = QCamera(self.device)
        fmt = _largest_format(self.device)
        if fmt is not None:
            self.camera.setCameraFormat(fmt)
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self._attach_sink())
        self.camera.start()
        if self.camera.error() != QCamera.Error.NoError:
            message = self.camera.errorString()
            self.close()
            raise CaptureError(f"{self.name} could not be opened ({message}). Is it connected and free?")

    def close(self) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera = self.session = self.sink = None


class QtVideoFileSource(_SinkSource):
    """Frames of a video file (tests drive the real Qt frame path with one; no camera here)."""

    def __init__(self, path: str):
        super().__init__(f"Video {path}")
        self.path = path
        self.player: QMediaPlayer | None = None

    def open(self) -> None:
        self.player = QMediaPlayer()
        self.player.setVideoSink(self._attach_sink())
        self.player.setSource(QUrl.fromLocalFile(str(self.path)))
        if self.player.error() != QMediaPlayer.Error.NoError:
            raise CaptureError(f"The video '{self.path}' could not be opened.")
        self.player.setLoops(QMediaPlayer.Loops.Infinite)
        self.player.play()

    def close(self) -> None:
        if self.player is not None:
            self.player.stop()
        self.player = self.sink = None


def find_cameras() -> list[QtCameraSource]:
    return [QtCameraSource(d) for d in QMediaDevices.videoInputs()]
