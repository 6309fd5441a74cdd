"""Zoomable image view with an optional crop rectangle that has drag handles."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
)

from desktop.qt_utils import to_pixmap

HANDLE = 14.0


class CropRect(QGraphicsRectItem):
    """A movable rectangle; dragging a corner handle resizes it."""

    def __init__(self, rect: QRectF, bounds: QRectF, on_change):
        super().__init__(rect)
        self.bounds = bounds
        self.on_change = on_change
        self._corner: int | None = None
        self.setPen(QPen(QColor("#ffd400"), 0))
        self.setBrush(QBrush(QColor(255, 212, 0, 30)))
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.SizeAllCursor)

    def _handles(self):
        r = self.rect()
        s = HANDLE * max(1.0, r.width() / 400)
        return [
            QRectF(p.x() - s / 2, p.y() - s / 2, s, s)
            for p in (r.topLeft(), r.topRight(), r.bottomLeft(), r.bottomRight())
        ]

    def paint(self, painter: QPainter, option, widget=None):
        super().paint(painter, option, widget)
        painter.setBrush(QColor("#ffd400"))
        for h in self._handles():
            painter.drawRect(h)

    def boundingRect(self):
        s = HANDLE * max(1.0, self.rect().width() / 400)
        return self.rect().adjusted(-s, -s, s, s)

    def mousePressEvent(self, e):
        self._corner = next((i for i, h in enumerate(self._handles()) if h.contains(e.pos())), None)
        self._press = e.pos()
        self._start = QRectF(self.rect())

    def mouseMoveEvent(self, e):
        r = QRectF(self._start)
        d = e.pos() - self._press
        if self._corner is None:
            r.translate(d)
        else:
            p = e.pos()
            if self._corner in (0, 2):
                r.setLeft(min(p.x(), r.right() - 16))
            else:
                r.setRight(max(p.x(), r.left() + 16))
            if self._corner in (0, 1):
                r.setTop(min(p.y(), r.bottom() - 16))
            else:
                r.setBottom(max(p.y(), r.top() + 16))
        self.prepareGeometryChange()
        self.setRect(r.intersected(self.bounds))

    def mouseReleaseEvent(self, e):
        self._corner = None
        self.on_change(self.rect())


class ImageView(QGraphicsView):
    crop_changed = Signal(tuple)  # (x, y, w, h) in image pixels

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor("#202124"))
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.pixmap_item = QGraphicsPixmapItem()
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.pixmap_item)
        self.crop_item: CropRect | None = None
        self.setMinimumSize(240, 200)

    def set_image(self, rgb: np.ndarray | None) -> None:
        if rgb is None:
            self.pixmap_item.setPixmap(to_pixmap(np.zeros((1, 1, 3), np.uint8)))
            return
        self.pixmap_item.setPixmap(to_pixmap(rgb))
        self.scene().setSceneRect(QRectF(0, 0, rgb.shape[1], rgb.shape[0]))
        self.fit()

    def show_crop(self, box: tuple[int, int, int, int] | None) -> None:
        if self.crop_item is not None:
            self.scene().removeItem(self.crop_item)
            self.crop_item = None
        if box is None:
            return
        bounds = self.scene().sceneRect()
        self.crop_item = CropRect(QRectF(*box), bounds, self._crop_edited)
        self.scene().addItem(self.crop_item)

    def _crop_edited(self, r: QRectF) -> None:
        self.crop_changed.emit((int(r.x()), int(r.y()), int(r.width()), int(r.height())))

    def fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, e):
        super().resizeEvent(e)
        self.fit()

    def wheelEvent(self, e):
        f = 1.15 if e.angleDelta().y() > 0 else 1 / 1.15
        self.scale(f, f)

    def map_to_image(self, pos) -> QPointF:
        return self.mapToScene(pos)
