"""Editing a case's details and the bin. Every change is audited (who, when, before, after);
a deleted case keeps its rows and files and leaves the lists until it is restored."""

from __future__ import annotations

from cases.errors import StoreError
from cases.ids import check_id
from cases.store import CaseStore, now

MAX_TEXT = 200


def _clean(text: str, what: str) -> str:
    text = " ".join(str(text).split())
    if len(text) > MAX_TEXT:
        raise StoreError(f"The {what} is longer than {MAX_TEXT} characters.")
    return text


def update_case(
    store: CaseStore, case_id: str, pseudonym: str | None = None, body_site: str | None = None, author: str = ""
) -> list[str]:
    """Change the pseudonym (of the case's patient: all of that patient's cases show it) and/or
    the body site. Returns the fields that changed."""
    check_id(case_id)
    changed = []
    with store.transaction():
        row = store.db.execute(
            "SELECT l.patient_id, l.body_site, p.pseudonym FROM lesion l JOIN patient p ON p.id=l.patient_id "
            "WHERE l.id=?",
            (case_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"case {case_id} not found")
        if pseudonym is not None:
            new = _clean(pseudonym, "pseudonym") or "anonymous"
            if new != row["pseudonym"]:
                store.db.execute("UPDATE patient SET pseudonym=? WHERE id=?", (new, row["patient_id"]))
                store.audit(author, "lesion", case_id, "pseudonym", row["pseudonym"], new)
                changed.append("pseudonym")
        if body_site is not None:
            new = _clean(body_site, "body site")
            if new != (row["body_site"] or ""):
                store.db.execute("UPDATE lesion SET body_site=? WHERE id=?", (new, case_id))
                store.audit(author, "lesion", case_id, "body_site", row["body_site"], new)
                changed.append("body_site")
        if changed:
            store.write_sidecar(case_id)
    return changed


def in_bin(store: CaseStore, case_id: str) -> bool:
    return store.db.execute("SELECT 1 FROM bin WHERE case_id=?", (case_id,)).fetchone() is not None


def delete_case(store: CaseStore, case_id: str, author: str = "", reason: str = "") -> None:
    """Move a case to the bin (nothing is erased; `restore_case` brings it back)."""
    check_id(case_id)
    with store.transaction():
        if store.db.execute("SELECT 1 FROM lesion WHERE id=?", (case_id,)).fetchone() is None:
            raise StoreError(f"case {case_id} not found")
        if in_bin(store, case_id):
            return
        store.db.execute(
            "INSERT INTO bin(case_id, deleted_at, who, reason) VALUES (?,?,?,?)",
            (case_id, now(), author, _clean(reason, "reason")),
        )
        store.audit(author, "lesion", case_id, "bin", None, "moved to the bin")


def restore_case(store: CaseStore, case_id: str, author: str = "") -> None:
    check_id(case_id)
    with store.transaction():
        if not in_bin(store, case_id):
            raise StoreError("That case is not in the bin.")
        store.db.execute("DELETE FROM bin WHERE case_id=?", (case_id,))
        store.audit(author, "lesion", case_id, "bin", "moved to the bin", "restored")
