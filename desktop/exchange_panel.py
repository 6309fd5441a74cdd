"""Sending cases to the dermatologist and receiving answers (issue 17), in the Cases tab: the send
state of each case, `Send to dermatologist`, `Check inbox` and the server settings with `Test
connection`. Uploads run on the sender thread and inbox checks on a QThread: the window never
waits for the network."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.flow import FlowLayout
from desktop.i18n import core
from desktop.worklist import case_name
from exchange import outbox, settings


class _Relay(QObject):
    changed = Signal()  # emitted from the sender thread; delivered on the GUI thread


class InboxWorker(QThread):
    done = Signal(str, int)  # what happened, how many cases came in or changed

    def __init__(self, home, own_only: bool):
        super().__init__()
        self.home, self.own_only = home, own_only

    def run(self):
        from cases.store import CaseStore
        from exchange import inbox

        s = settings.load()
        if s is None:
            self.done.emit(self.tr("No server is set up (Server settings...)."), 0)
            return
        store = CaseStore(self.home)
        try:
            res = inbox.sync(store, settings.client(s), only_own=self.own_only)
            lines = [r.summary(core, case_name(store, r.case_id)) for r in res.results] + res.reviews + res.unverified
            lines += [self.tr("problem: {0}").format(p) for p in res.problems]
            changed = sum(r.status != "unchanged" for r in res.results) + len(res.reviews)
            self.done.emit("\n".join(lines) or self.tr("Nothing new on the server."), changed)
        except Exception as e:  # noqa: BLE001 - offline is normal here
            self.done.emit(self.tr("The inbox could not be checked: {0}").format(outbox.failure_reason(e)), 0)
        finally:
            store.close()


def _is_reviewer(cases_panel) -> bool:
    from exchange import reviews

    try:
        return reviews.load(cases_panel.store.home) is not None
    except (reviews.ReviewError, OSError, AttributeError):
        return False


class ExchangeBar(QWidget):
    def __init__(self, cases_panel, parent=None):
        super().__init__(parent)
        self.cases = cases_panel
        # A dermatologist's installation (it has a reviewer key) answers the clinics (issue 31.10).
        self.send_btn = QPushButton(
            self.tr("Send answer to the clinic") if _is_reviewer(cases_panel) else self.tr("Send to dermatologist")
        )
        self.inbox_btn = QPushButton(self.tr("Check inbox"))
        self.settings_btn = QPushButton(self.tr("Server settings..."))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Send state"))
        row = FlowLayout()
        for b in (self.send_btn, self.inbox_btn, self.settings_btn):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.state)
        self.relay = _Relay()
        self.relay.changed.connect(self.refresh)
        self.sender = None
        self.worker = None
        self.send_btn.clicked.connect(self.send_selected)
        self.inbox_btn.clicked.connect(self.check_inbox)
        self.settings_btn.clicked.connect(self.edit_settings)

    def start_sender(self) -> None:
        if self.sender is not None or settings.load() is None:
            return
        from cases.store import CaseStore

        home = self.cases.store.home
        self.sender = outbox.Sender(
            lambda: CaseStore(home, check=False),
            lambda: settings.client(s) if (s := settings.load()) else None,
            interval=10.0,
            on_change=self.relay.changed.emit,
        )
        self.sender.start()

    def stop(self) -> None:
        if self.sender is not None:
            self.sender.stop()
            self.sender.join(15)
            self.sender = None
        if self.worker is not None:
            self.worker.wait(15_000)

    def send_selected(self) -> None:
        cid = self.cases.selected_case()
        if cid is None:
            self.state.setText(self.tr("Select a case first."))
            return
        outbox.queue(self.cases.store, cid)
        if settings.load() is None:
            self.state.setText(self.tr("Queued. Set up the server (Server settings...) and it will be sent."))
            return
        self.start_sender()
        self.sender.wake()
        self.refresh()

    def check_inbox(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            return
        self.state.setText(self.tr("Checking the server..."))
        self.worker = InboxWorker(self.cases.store.home, own_only=False)
        self.worker.done.connect(self._inbox_done)
        self.worker.start()

    def _inbox_done(self, text: str, changed: int = 0) -> None:
        self.state.setText(text)
        if changed:  # show what came in: the inbox view, the latest arrival first
            self.cases.inbox_only.setChecked(True)
        self.cases.refresh()

    def refresh(self) -> None:
        cid = self.cases.selected_case()
        row = outbox.state_of(self.cases.store, cid) if cid else None
        counts = {}
        for r in outbox.rows(self.cases.store):
            counts[r.state] = counts.get(r.state, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or self.tr("nothing sent yet")
        if row is None:
            self.state.setText(self.tr("Outbox: {0}").format(summary))
        else:
            self.state.setText(self.tr("This case: {0}. Outbox: {1}").format(row.describe(), summary))

    def edit_settings(self) -> None:
        ServerDialog(self).exec()
        self.start_sender()


class ServerDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Server (PACS) settings"))
        cur = settings.load() or settings.ServerSettings("")
        self.url = QLineEdit(cur.url)
        self.url.setPlaceholderText("https://pacs.hospital.example/dicom-web")
        self.user = QLineEdit(cur.user or "")
        self.password = QLineEdit(cur.password or "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.token = QLineEdit(cur.token or "")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.verify = QCheckBox(self.tr("Check the server's TLS certificate (leave on)"))
        self.verify.setChecked(cur.verify_tls)
        self.ca = QLineEdit(cur.ca_file or "")
        self.clinic = QLineEdit(cur.clinic)
        self.unencrypted = QCheckBox(self.tr("Allow an unencrypted (http://) server on a closed network"))
        self.unencrypted.setChecked(cur.allow_unencrypted)
        self.unencrypted.setStyleSheet("color: #c5221f;")  # red: patient data would travel in the clear
        form = QFormLayout()
        form.addRow(self.tr("DICOMweb address"), self.url)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("or token"), self.token)
        form.addRow("", self.verify)
        form.addRow(self.tr("CA certificate file"), self.ca)
        form.addRow(self.tr("Clinic name"), self.clinic)
        form.addRow("", self.unencrypted)
        self.result = QLabel(self.tr("Secrets are stored only on this computer, readable by you alone."))
        self.result.setWordWrap(True)
        test = QPushButton(self.tr("Test connection"))
        test.clicked.connect(self.test)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(test)
        lay.addWidget(self.result)
        lay.addWidget(buttons)
        self.tester = None

    def current(self) -> settings.ServerSettings:
        return settings.ServerSettings(
            url=self.url.text().strip(),
            user=self.user.text().strip() or None,
            password=self.password.text().strip() or None,
            token=self.token.text().strip() or None,
            verify_tls=self.verify.isChecked(),
            ca_file=self.ca.text().strip() or None,
            clinic=self.clinic.text().strip(),
            allow_unencrypted=self.unencrypted.isChecked(),
        )

    def test(self) -> None:
        s = self.current()
        self.result.setText(self.tr("Testing {0} ...").format(s.url))
        self.tester = _Tester(s)
        self.tester.done.connect(self.result.setText)
        self.tester.start()

    def save(self) -> None:
        if self.url.text().strip():
            settings.save(self.current())
        self.accept()

    def done(self, r):
        if self.tester is not None:
            self.tester.wait(15_000)
        super().done(r)


class _Tester(QThread):
    done = Signal(str)

    def __init__(self, s):
        super().__init__()
        self.s = s

    def run(self):
        self.done.emit(settings.test_connection(self.s))
