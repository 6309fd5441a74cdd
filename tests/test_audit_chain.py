"""Issue 30, item 9: a tamper-evident audit trail; a restored snapshot with objects the app does not
create is refused; a bundle never attaches a case to another person of this store."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from cases.store import CaseStore, StoreError


def _store_with_case(home):
    store = CaseStore(home)
    cid = store.create_case("P-1", "chest", author="nurse")
    store.add_image(cid, np.zeros((20, 20, 3), np.uint8) + 100, "file", "a.jpg")
    store.set_annotation(cid, "mel", "histopathology", "excise", author="dr")
    return store, cid


def test_an_audit_edit_behind_the_triggers_back_is_found(tmp_path):
    store, cid = _store_with_case(tmp_path / "s")
    assert store.integrity()["integrity_check"] == "ok"
    store.close()
    db = sqlite3.connect(tmp_path / "s" / "cases.sqlite")
    sql = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall())["audit_no_update"]
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET after='nv' WHERE field='diagnosis'")
    db.execute(sql)
    db.commit()
    db.close()
    store = CaseStore(tmp_path / "s")
    assert "does not match the chain" in store.integrity()["integrity_check"]
    store.close()


def test_a_deleted_audit_row_is_found(tmp_path):
    store, cid = _store_with_case(tmp_path / "s")
    store.close()
    db = sqlite3.connect(tmp_path / "s" / "cases.sqlite")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq=(SELECT MIN(seq) FROM audit)")
    db.commit()
    db.close()
    store = CaseStore(tmp_path / "s")
    assert store.integrity()["integrity_check"] != "ok"
    store.close()


def test_a_snapshot_with_a_planted_trigger_is_not_restored(tmp_path):
    store, cid = _store_with_case(tmp_path / "s")
    snap = store.snapshot()
    store.close()
    db = sqlite3.connect(snap)
    rewrite = "UPDATE annotation SET diagnosis='nv' WHERE lesion_id=NEW.lesion_id AND NEW.diagnosis='mel'"
    db.execute(f"CREATE TRIGGER mel_to_nv AFTER INSERT ON annotation BEGIN {rewrite}; END")
    db.commit()
    db.close()
    before = (tmp_path / "s" / "cases.sqlite").read_bytes()
    with pytest.raises(StoreError, match="does not create"):
        CaseStore.restore_snapshot(tmp_path / "s", snap)
    assert (tmp_path / "s" / "cases.sqlite").read_bytes() == before  # left as it was
    good = CaseStore(tmp_path / "s").snapshot()
    CaseStore.restore_snapshot(tmp_path / "s", good)  # an untouched one still restores


def test_a_bundle_never_attaches_its_case_to_another_person(tmp_path):
    from cases.importer import merge_case

    here, _ = _store_with_case(tmp_path / "here")
    pid = here.db.execute("SELECT id FROM patient").fetchone()[0]
    there, cid = _store_with_case(tmp_path / "there")
    doc = there.get_case(cid)
    doc["id"] = "ab" * 16
    doc["patient_id"] = pid  # names the patient id of P-1 in `here`, for somebody else
    doc["pseudonym"] = "Q-7"
    for im in doc["images"]:
        im["id"] = "cd" * 16
    res = merge_case(here, doc, {})
    assert "another patient" in " ".join(res.messages)
    rows = here.db.execute("SELECT p.pseudonym FROM lesion l JOIN patient p ON p.id=l.patient_id").fetchall()
    assert sorted(r[0] for r in rows) == ["P-1", "Q-7"]
    assert here.integrity()["integrity_check"] == "ok"
    here.close()
    there.close()
