"""The one error a camera, a dermatoscope or a video source raises (its own module: the backends and
desktop/capture.py both use it without importing each other)."""


class CaptureError(Exception):
    pass
