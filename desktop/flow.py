"""A row of buttons that wraps onto the next line when the panel is too narrow for it (Qt's flow
layout example), so that a longer translation or a small screen never pushes a button out of sight."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item):  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i):  # noqa: N802
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i):  # noqa: N802
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out left to right, wrapping; widgets with an expanding horizontal policy
        share what is left of their line. Returns the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self.spacing()
        lines, line, line_w = [], [], 0
        for item in self._items:
            if item.isEmpty():
                continue
            w = min(item.sizeHint().width(), area.width())
            if line and line_w + gap + w > area.width():
                lines.append(line)
                line, line_w = [], 0
            line_w += (gap if line else 0) + w
            line.append((item, w))
        if line:
            lines.append(line)
        y = area.y()
        for line in lines:
            h = max(item.sizeHint().height() for item, _ in line)
            spare = area.width() - (sum(w for _, w in line) + gap * (len(line) - 1))
            grow = [i for i, (item, _) in enumerate(line) if _expands(item)]
            x = area.x()
            for i, (item, w) in enumerate(line):
                if i in grow:
                    w += spare // len(grow)
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, h)))
                x += w + gap
            y += h + gap
        return y - gap - rect.y() + m.bottom() if lines else 0


def _expands(item) -> bool:
    w = item.widget()
    return w is not None and bool(w.sizePolicy().horizontalPolicy().value & QSizePolicy.PolicyFlag.ExpandFlag.value)
