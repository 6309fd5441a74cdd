"""The dermatologist's worklist (issue 31.9): the cases as a table, most urgent first, then newest;
every column sorts (click its header) and the panel's search and filters narrow it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from cases.store import CaseSummary
from desktop.i18n import body_site, class_name, label
from desktop.qt_utils import readable_date
from inference.triage import CANNOT_ASSESS, MONITOR, REFERRAL, URGENT

SORT = Qt.ItemDataRole.UserRole + 1
URGENCY = {URGENT: 0, CANNOT_ASSESS: 1, REFERRAL: 2, MONITOR: 3}  # a refusal must be seen: before referral
COLOURS = {URGENT: "#c62828", CANNOT_ASSESS: "#6a1b9a", REFERRAL: "#ef6c00", MONITOR: "#2e7d32"}


def _epoch(iso: str | None) -> float:
    try:
        return datetime.fromisoformat((iso or "").replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def case_name(store, case_id: str) -> str:
    """'KB-1001 (Back)': how a person knows a case in a message, never its raw id (the id only if
    the case cannot be read)."""
    from PySide6.QtCore import QCoreApplication

    try:
        case = store.get_case(case_id)
    except Exception:  # noqa: BLE001 - a name is a courtesy; the id still says which case
        return case_id
    name = case.get("pseudonym") or QCoreApplication.translate("CasesPanel", "anonymous")
    return f"{name} ({body_site(case['body_site'])})" if case.get("body_site") else name


class WorklistModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[CaseSummary] = []
        self.headers = [
            self.tr("Triage"),
            self.tr("Saved"),
            self.tr("Pseudonym"),
            self.tr("Body site"),
            self.tr("Photos"),
            self.tr("Diagnosis"),
            self.tr("Sent / answered"),
            self.tr("Reviewer"),
        ]

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def exchange_text(self, c: CaseSummary) -> str:
        if c.answered:
            return self.tr("answered")
        if c.received_at:
            return self.tr("received {0}").format(readable_date(c.received_at))
        return {
            "queued": self.tr("waiting to send"),
            "sending": self.tr("sending"),
            "sent": self.tr("sent, no answer yet"),
            "failed": self.tr("send failed: will retry"),
        }.get(c.sent_state or "", "")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        c = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        if role == SORT:
            return [
                URGENCY.get(c.last_triage or "", 9) * 1e11 - _epoch(c.created_at),  # urgency, then newest
                _epoch(c.created_at),
                c.pseudonym.lower(),
                c.body_site.lower(),
                c.images,
                c.diagnosis or "~",
                _epoch(c.received_at) + (1e11 if c.answered else 0),  # descending: answers, then latest arrival
                (c.reviewer or "~").lower(),
            ][col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 0 and c.last_triage in COLOURS:
            return QBrush(QColor(COLOURS[c.last_triage]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            label(c.last_triage) if c.last_triage else "-",
            readable_date(c.created_at),
            c.pseudonym,
            body_site(c.body_site) or "?",
            str(c.images),
            class_name(c.diagnosis) if c.diagnosis else self.tr("unreviewed"),
            self.exchange_text(c),
            c.reviewer or "",
        ][col]


class WorklistView(QTableView):
    """The table with its model behind a sorting proxy; rows are cases, selected one at a time."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cases = WorklistModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.cases)
        self.proxy.setSortRole(SORT)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        head = self.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)  # nothing is cut: a narrow panel scrolls sideways instead
        head.setSortIndicatorShown(True)

    def sort_for_inbox(self, inbox: bool) -> None:
        """The inbox: the latest arrival first; otherwise the most urgent first, then newest."""
        if inbox:
            self.sortByColumn(6, Qt.SortOrder.DescendingOrder)
        else:
            self.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def set_cases(self, rows: list[CaseSummary], keep: str | None) -> None:
        self.cases.set_rows(rows)
        if keep is not None:
            self.select_case(keep)

    def count(self) -> int:
        return self.proxy.rowCount()

    def case_ids(self) -> list[str]:
        """The case ids in the order shown."""
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.count())]

    def row_texts(self, row: int) -> list[str]:
        return [self.proxy.index(row, c).data() for c in range(self.proxy.columnCount())]

    def current_case(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.count():
            self.selectRow(row)

    def select_case(self, case_id: str) -> bool:
        for r, cid in enumerate(self.case_ids()):
            if cid == case_id:
                self.selectRow(r)
                return True
        return False


def widen_while_shown(tabs, splitter, panel, share: float = 0.62) -> None:
    """While `panel`'s tab is current, the side of the window gets at least `share` of the width
    (the worklist's columns need room; the photo needs it the rest of the time); leaving the tab
    gives the photo back the room it had."""
    kept: list[int] = []

    def changed(_index: int) -> None:
        current = tabs.currentWidget()
        shown = current is not None and (current is panel or getattr(current, "widget", lambda: None)() is panel)
        sizes = splitter.sizes()
        total = sum(sizes)
        if shown and total and sizes[1] < total * share:
            kept[:] = sizes
            splitter.setSizes([int(total * (1 - share)), int(total * share)])
        elif not shown and kept:
            splitter.setSizes(kept)
            kept.clear()

    tabs.currentChanged.connect(changed)
