"""The store's side of signed reviews: the dermatologists this clinic trusts, and applying a review
whose signature exchange/reviews.py has verified. A review changes the case's annotation only: it
never adds photos or analyses, never writes the case's audit history for it, never changes a triage.
Of two trusted reviews of one case, the later signed one wins, whatever the fields say."""

from __future__ import annotations

from dataclasses import dataclass

from cases.schema_gate import CONFIRM_TYPES, DIAGNOSES
from cases.store import StoreError, now

FIELDS = ("diagnosis", "confirm_type", "notes")


@dataclass(frozen=True)
class TrustedReviewer:
    public_key: str  # 64 hex digits (Ed25519)
    name: str
    fingerprint: str
    trusted_at: str


def trust(store, public_key: str, name: str, fingerprint: str) -> TrustedReviewer:
    """Trust (or trust again, under a new name) a reviewer's public key; audited."""
    t = now()
    with store.transaction():
        old = store.db.execute("SELECT name FROM trusted_reviewer WHERE public_key=?", (public_key,)).fetchone()
        store.db.execute(
            "INSERT INTO trusted_reviewer(public_key, name, fingerprint, trusted_at) VALUES (?,?,?,?) "
            "ON CONFLICT(public_key) DO UPDATE SET name=excluded.name",
            (public_key, name, fingerprint, t),
        )
        store.audit("", "reviewer", fingerprint, "trusted", old["name"] if old else None, name)
    return TrustedReviewer(public_key, name, fingerprint, t)


def untrust(store, fingerprint: str) -> bool:
    with store.transaction():
        row = store.db.execute("SELECT name FROM trusted_reviewer WHERE fingerprint=?", (fingerprint,)).fetchone()
        if row is None:
            return False
        store.db.execute("DELETE FROM trusted_reviewer WHERE fingerprint=?", (fingerprint,))
        store.audit("", "reviewer", fingerprint, "trusted", row["name"], None)
    return True


def trusted(store) -> list[TrustedReviewer]:
    return [
        TrustedReviewer(r["public_key"], r["name"], r["fingerprint"], r["trusted_at"])
        for r in store.db.execute("SELECT * FROM trusted_reviewer ORDER BY name")
    ]


def apply_review(store, case_id: str, review: dict, reviewer: TrustedReviewer) -> str:
    """Apply a verified review (its fields: diagnosis, confirm_type, notes, signed_at) to a case of
    this store. Returns 'taken', 'same', or 'older' (a later signed review was already applied)."""
    if review.get("diagnosis") not in DIAGNOSES:
        raise StoreError(f"the review names an unknown diagnosis {str(review.get('diagnosis'))[:40]!r}")
    if review.get("confirm_type") not in CONFIRM_TYPES + ("",):
        raise StoreError("the review names an unknown confirmation type")
    with store.transaction():
        if store.db.execute("SELECT 1 FROM lesion WHERE id=?", (case_id,)).fetchone() is None:
            raise StoreError(f"case {case_id} is not in this store")
        last = store.db.execute("SELECT signed_at FROM review_applied WHERE case_id=?", (case_id,)).fetchone()
        if last is not None and review["signed_at"] <= last["signed_at"]:
            return "older" if review["signed_at"] < last["signed_at"] else "same"
        cur = store.db.execute("SELECT * FROM annotation WHERE lesion_id=?", (case_id,)).fetchone()
        old = {k: (cur[k] if cur else None) for k in FIELDS}
        new = {k: review.get(k) or None for k in FIELDS}
        who = f"{reviewer.name} (signed review, key {reviewer.fingerprint})"
        if cur is None:
            store.db.execute(
                "INSERT INTO annotation(lesion_id, diagnosis, confirm_type, notes, author, updated_at) "
                "VALUES (?,?,?,?,?,?)",
                (case_id, new["diagnosis"], new["confirm_type"], new["notes"], reviewer.name, now()),
            )
        else:
            store.db.execute(
                "UPDATE annotation SET diagnosis=?, confirm_type=?, notes=?, author=?, updated_at=? WHERE lesion_id=?",
                (new["diagnosis"], new["confirm_type"], new["notes"], reviewer.name, now(), case_id),
            )
        for k in FIELDS:
            if old[k] != new[k]:
                store.audit(who, "annotation", case_id, k, old[k], new[k])
        store.db.execute(
            "INSERT INTO review_applied(case_id, public_key, reviewer, signed_at, applied_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(case_id) DO UPDATE SET public_key=excluded.public_key, reviewer=excluded.reviewer, "
            "signed_at=excluded.signed_at, applied_at=excluded.applied_at",
            (case_id, reviewer.public_key, reviewer.name, review["signed_at"], now()),
        )
    store.write_sidecar(case_id)
    return "taken"


def last_review(store, case_id: str) -> dict | None:
    """Who signed the review applied to this case, and when (None: no signed review yet)."""
    r = store.db.execute("SELECT * FROM review_applied WHERE case_id=?", (case_id,)).fetchone()
    return dict(r) if r else None
