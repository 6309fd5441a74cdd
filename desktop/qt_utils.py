"""numpy <-> Qt conversions for the widgets (numpy -> QImage lives in cases/qt_image.py: PDFs need it)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap

from cases.qt_image import to_qimage  # noqa: F401 - used here and by the widgets


def to_pixmap(rgb: np.ndarray) -> QPixmap:
    return QPixmap.fromImage(to_qimage(rgb))


def from_qimage(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h = img.width(), img.height()
    ptr = img.constBits()
    arr = np.frombuffer(ptr, np.uint8, count=img.bytesPerLine() * h).reshape(h, img.bytesPerLine())
    return arr[:, : w * 3].reshape(h, w, 3).copy()


def app_settings():
    """The app's settings: an INI file inside DERMATRIAGE_HOME when that is set (a portable or
    test installation never touches the user's real configuration), else Qt's native place."""
    import os

    from PySide6.QtCore import QSettings

    home = os.environ.get("DERMATRIAGE_HOME")
    if home:
        return QSettings(os.path.join(home, "settings.ini"), QSettings.Format.IniFormat)
    return QSettings("DermaTriage", "DermaTriage")


def readable_date(iso: str | None, with_time: bool = False) -> str:
    """'2 Dec 2026' (or '2 Dec 2026, 14:05') from a stored ISO time, in the local time zone."""
    import datetime as dt

    if not iso:
        return "?"
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:16]
    if t.tzinfo is not None:
        t = t.astimezone()
    from PySide6.QtCore import QDate, QLocale

    text = QLocale().toString(QDate(t.year, t.month, t.day), "d MMM yyyy")  # the app's language: 'dic' in Spanish
    return f"{text}, {t.strftime('%H:%M')}" if with_time else text
