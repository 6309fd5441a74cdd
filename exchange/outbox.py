"""The outbox: a table in the case store. Queuing happens in the same transaction as the change
it sends; the sender marks `sending` before it uploads and `sent` after the server confirmed,
so a process killed in between just sends again, and stable UIDs make that resend store nothing
twice. Failures keep their reason and retry with backoff."""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
from dataclasses import dataclass

from pydicom import dcmread

from cases.dicom import case_datasets, case_version, to_bytes
from cases.ids import check_id
from cases.store import now
from exchange.reasons import failure_reason  # noqa: F401 - the app and the CLI read it from here

log = logging.getLogger("dermatriage.exchange")
QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
MAX_BACKOFF = 300.0


@dataclass(frozen=True)
class OutboxRow:
    case_id: str
    state: str
    attempts: int
    last_error: str | None
    queued_at: str
    updated_at: str
    sent_at: str | None
    next_try_at: str | None = None

    def describe(self) -> str:
        """The state in words: a failed send is 'waiting to retry (reason), next try at HH:MM'."""
        if self.state == FAILED:
            at = ""
            if self.next_try_at:
                local = dt.datetime.fromisoformat(self.next_try_at).astimezone()
                at = f", next try at {local:%H:%M}"
            return f"waiting to retry ({self.last_error or 'no reason recorded'}){at}"
        return self.state


def queue(store, case_id: str) -> None:
    """Queue (or queue again) one case; joins the caller's transaction when there is one."""
    check_id(case_id)
    t = now()
    with store.transaction():
        store.db.execute(
            "INSERT INTO outbox(case_id, state, attempts, queued_at, updated_at) VALUES (?,?,0,?,?) "
            "ON CONFLICT(case_id) DO UPDATE SET state=?, attempts=0, last_error=NULL, next_try_at=NULL, updated_at=?",
            (case_id, QUEUED, t, t, QUEUED, t),
        )


_FIELDS = ("case_id", "state", "attempts", "last_error", "queued_at", "updated_at", "sent_at", "next_try_at")


def rows(store) -> list[OutboxRow]:
    return [OutboxRow(*(r[f] for f in _FIELDS)) for r in store.db.execute("SELECT * FROM outbox ORDER BY queued_at")]


def state_of(store, case_id: str) -> OutboxRow | None:
    """One case's row (a query of its own: the app asks on every selection, the CLI per case)."""
    r = store.db.execute("SELECT * FROM outbox WHERE case_id=?", (case_id,)).fetchone()
    return OutboxRow(*(r[f] for f in _FIELDS)) if r else None


def recover_interrupted(store) -> int:
    """A process that ended while sending left its rows 'sending': they go back to the queue."""
    with store.transaction():
        return store.db.execute(
            "UPDATE outbox SET state=?, updated_at=? WHERE state=?", (QUEUED, now(), SENDING)
        ).rowcount


def due(store) -> list[str]:
    """Cases to send now; a case in the bin is never sent (it stays queued until restored)."""
    t = now()
    return [
        r["case_id"]
        for r in store.db.execute(
            "SELECT case_id FROM outbox WHERE state IN (?,?,?) AND (next_try_at IS NULL OR next_try_at <= ?) "
            "AND case_id NOT IN (SELECT case_id FROM bin) ORDER BY queued_at",
            (QUEUED, SENDING, FAILED, t),
        )
    ]


def _set(store, case_id: str, state: str, **extra) -> None:
    cols = ", ".join(f"{k}=?" for k in extra)
    with store.transaction():
        store.db.execute(
            f"UPDATE outbox SET state=?, updated_at=?{', ' + cols if cols else ''} WHERE case_id=?",
            (state, now(), *extra.values(), case_id),
        )


def send_one(store, client, case_id: str) -> bool:
    """Upload one case (photos, report, review SR) with STOW-RS. True when the server has it."""
    from exchange import reviews
    from exchange.sr import review_sr

    _set(store, case_id, SENDING)
    try:
        case = store.get_case(case_id)
        version = case_version(case)
        # Written once in the standard file format and read back, so the file meta (group length,
        # version) that dicomweb-client passes on as is are complete.
        signed = reviews.sign(store.home, case)  # a dermatologist's answer carries its signature
        sr = review_sr(case, signed_review=signed)
        datasets = [dcmread(io.BytesIO(to_bytes(d))) for d in case_datasets(store, case) + [sr]]
        client.store_instances(datasets)
    except Exception as e:  # noqa: BLE001 - every failure becomes a state with its reason
        row = store.db.execute("SELECT attempts FROM outbox WHERE case_id=?", (case_id,)).fetchone()
        attempts = (row["attempts"] if row else 0) + 1
        wait = min(MAX_BACKOFF, 2.0**attempts)
        later = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)).isoformat(timespec="milliseconds")
        _set(store, case_id, FAILED, attempts=attempts, last_error=failure_reason(e), next_try_at=later)
        log.warning("sending case %s failed (%s); next try in %.0f s", case_id, failure_reason(e), wait)
        return False
    from exchange.inbox import mark_seen

    mark_seen(store, str(sr.SOPInstanceUID), None, "sent by this store")  # never our own answer back
    # Sent what was current when we read it; if the case changed meanwhile, it stays queued.
    with store.transaction():
        current = case_version(store.get_case(case_id))
        store.db.execute(
            "UPDATE outbox SET state=?, updated_at=?, sent_at=?, sent_version=?, last_error=NULL WHERE case_id=?",
            (SENT if current == version else QUEUED, now(), now(), version, case_id),
        )
    return True


def send_due(store, client) -> tuple[int, int]:
    sent = failed = 0
    for cid in due(store):
        if send_one(store, client, cid):
            sent += 1
        else:
            failed += 1
    return sent, failed


class Sender(threading.Thread):
    """Sends whatever is due, then sleeps; wakes early when told (a new case queued)."""

    def __init__(self, store_factory, client_factory, interval: float = 5.0, on_change=None):
        super().__init__(daemon=True, name="dermatriage-sender")
        self.store_factory, self.client_factory, self.interval = store_factory, client_factory, interval
        self.on_change = on_change
        self._wake = threading.Event()
        self._halt = threading.Event()

    def wake(self):
        self._wake.set()

    def stop(self):
        self._halt.set()
        self._wake.set()

    def run(self):
        store = self.store_factory()  # its own connection: SQLite objects stay in their thread
        try:
            recover_interrupted(store)
            while not self._halt.is_set():
                try:
                    client = self.client_factory()
                    if client is not None:
                        sent, failed = send_due(store, client)
                        if (sent or failed) and self.on_change:
                            self.on_change()
                except Exception:  # noqa: BLE001 - the loop must live on
                    log.exception("sender loop")
                self._wake.wait(self.interval)
                self._wake.clear()
        finally:
            store.close()
