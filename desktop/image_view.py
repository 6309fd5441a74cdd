"""Zoomable image view with an optional crop rectangle that has drag handles."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPen, QShortcut
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
    """Wheel or Ctrl +/- zooms about the cursor, drag pans, Ctrl+0 fits, Ctrl+1 shows 100 %.
    A new photo is fitted; a re-drawn one (heatmap, opacity) keeps the zoom and position."""

    crop_changed = Signal(tuple)  # (x, y, w, h) in image pixels
    zoom_changed = Signal(float)  # scale: 1.0 = one image pixel per screen pixel

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor("#202124"))
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        # A photo dropped on the picture goes to the window, which opens it (a view would refuse it).
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.pixmap_item = QGraphicsPixmapItem()
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.pixmap_item)
        self.crop_item: CropRect | None = None
        self.region_item: QGraphicsRectItem | None = None
        self.fitted = True
        self.linked: list[ImageView] = []
        self.setMinimumSize(240, 200)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(1.25)),
            ("Ctrl+=", lambda: self.zoom_by(1.25)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(0.8)),
            ("Ctrl+0", self.fit),
            ("Ctrl+1", self.actual_size),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def set_image(self, rgb: np.ndarray | None, keep_view: bool = True) -> None:
        """keep_view: the same photo re-drawn keeps zoom and position (a new size is fitted)."""
        if rgb is None:
            self.pixmap_item.setPixmap(to_pixmap(np.zeros((1, 1, 3), np.uint8)))
            self.show_region(None)
            return
        same_size = self.scene().sceneRect() == QRectF(0, 0, rgb.shape[1], rgb.shape[0])
        self.pixmap_item.setPixmap(to_pixmap(rgb))
        self.scene().setSceneRect(QRectF(0, 0, rgb.shape[1], rgb.shape[0]))
        if not (keep_view and same_size) or self.fitted:
            self.fit()

    def show_region(self, box: tuple[int, int, int, int] | None) -> None:
        """A dashed outline of the square the model analyses (the rest of the photo is not seen)."""
        if self.region_item is not None:
            self.scene().removeItem(self.region_item)
            self.region_item = None
        if box is None:
            return
        pen = QPen(QColor("#ffffff"), 0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        pen.setWidth(2)
        self.region_item = self.scene().addRect(QRectF(*box), pen)
        self.region_item.setToolTip(self.tr("The model analyses this square"))

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        z = self.zoom() * factor
        if not 0.02 <= z <= 40:
            return
        self.scale(factor, factor)
        self.fitted = False
        self._sync()

    def actual_size(self) -> None:
        self.resetTransform()
        self.fitted = False
        self._sync()

    def link(self, other: ImageView) -> None:
        """Zoom and pan together (the follow-up comparison)."""
        self.linked.append(other)
        other.linked.append(self)
        for a, b in ((self, other), (other, self)):
            a.horizontalScrollBar().valueChanged.connect(b.horizontalScrollBar().setValue)
            a.verticalScrollBar().valueChanged.connect(b.verticalScrollBar().setValue)

    def _sync(self) -> None:
        self.zoom_changed.emit(self.zoom())
        for v in self.linked:
            if abs(v.zoom() - self.zoom()) > 1e-6 or v.fitted != self.fitted:
                v.setTransform(self.transform())
                v.fitted = self.fitted

    def show_crop(self, box: tuple[int, int, int, int] | None) -> None:
        if self.crop_item is not None:
            self.scene().removeItem(self.crop_item)
            self.crop_item = None
        if box is None:
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            return
        bounds = self.scene().sceneRect()
        self.crop_item = CropRect(QRectF(*box), bounds, self._crop_edited)
        self.scene().addItem(self.crop_item)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)  # dragging edits the crop, not the view

    def _crop_edited(self, r: QRectF) -> None:
        self.crop_changed.emit((int(r.x()), int(r.y()), int(r.width()), int(r.height())))

    def fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.fitted = True
        self._sync()

    def resizeEvent(self, e):
        super().resizeEvent(e)
        if self.fitted:
            self.fit()

    def wheelEvent(self, e):
        if e.angleDelta().y():
            self.zoom_by(1.15 if e.angleDelta().y() > 0 else 1 / 1.15)

    def map_to_image(self, pos) -> QPointF:
        return self.mapToScene(pos)
