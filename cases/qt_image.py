"""numpy RGB -> QImage for the PDF pages (cases/pdf.py draws with Qt); the app's widgets use it too."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def to_qimage(rgb: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    img = QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888)
    return img.copy()  # own the pixels: the numpy buffer may go away
