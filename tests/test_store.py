from __future__ import annotations

import io
import sqlite3

import numpy as np
import pytest
from PIL import Image

from cases.schema import MIGRATIONS
from cases.store import CaseStore, StoreCorruptError, StoreError
from harness.store_kill import run as kill_run
from inference.imageio import load_image


@pytest.fixture()
def store(tmp_path):
    s = CaseStore(tmp_path / "home")
    yield s
    s.close()


def test_schema_pragmas_and_migration(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_case_images_annotation_and_audit(store):
    rgb = np.random.default_rng(0).integers(0, 256, (40, 50, 3), dtype=np.uint8)
    cid = store.create_case("P-001", "left forearm", author="dr a")
    store.add_image(cid, rgb, "file", "a.jpg", crop_box=(1, 2, 30, 30), gamma=1.3)
    store.add_image(cid, rgb, "file", "same-pixels.jpg")  # stored once on disk
    assert len(list((store.home / "blobs").rglob("*.png"))) == 1
    store.set_annotation(cid, diagnosis="mel", confirm_type="histopathology", notes="x", author="dr a")
    store.set_annotation(cid, diagnosis="nv", author="dr b")
    case = store.get_case(cid)
    assert case["annotation"]["diagnosis"] == "nv" and case["annotation"]["notes"] == "x"
    assert (store.image_rgb(case["images"][0]["sha256"]) == rgb).all()
    trail = [(e["who"], e["field"], e["before"], e["after"]) for e in case["audit"]]
    assert ("dr b", "diagnosis", "mel", "nv") in trail and ("dr a", "notes", None, "x") in trail
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM audit")
    with pytest.raises(StoreError):
        store.set_annotation(cid, diagnosis="cancer")
    assert (store.home / "cases" / cid / "case.json").exists()


def test_list_filters(store):
    a = store.create_case("Alice", "back")
    b = store.create_case("Bob", "leg")
    store.set_annotation(a, diagnosis="bcc")
    assert [c.pseudonym for c in store.list_cases(search="ali")] == ["Alice"]
    assert [c.id for c in store.list_cases(unreviewed=True)] == [b]
    assert [c.id for c in store.list_cases(diagnosis="bcc")] == [a]


def test_exif_and_gps_are_not_stored(store, tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    p = tmp_path / "phone.jpg"
    Image.new("RGB", (60, 40), (200, 120, 90)).save(p, exif=exif)
    img = load_image(p)
    assert img.rgb.shape[:2] == (60, 40)  # orientation applied first
    cid = store.create_case("P")
    store.add_image(cid, img.rgb)
    stored = next((store.home / "blobs").rglob("*.png")).read_bytes()
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert b"GPS" not in stored and b"Exif" not in stored


def test_snapshot_restore_after_corruption(tmp_path):
    home = tmp_path / "h"
    s = CaseStore(home)
    cid = s.create_case("keep me")
    snap = s.snapshot()
    s.close()
    with open(home / "cases.sqlite", "r+b") as f:  # wreck the database pages
        f.seek(4096)
        f.write(b"\xde\xad" * 4096)
    with pytest.raises(StoreCorruptError) as err:
        CaseStore(home)
    assert err.value.snapshots == [snap]
    CaseStore.restore_snapshot(home, snap)
    s2 = CaseStore(home)
    assert s2.get_case(cid)["pseudonym"] == "keep me"
    s2.close()


def test_rebuild_from_sidecars(tmp_path):
    home = tmp_path / "h"
    s = CaseStore(home)
    cid = s.create_case("Z", "scalp")
    s.add_image(cid, np.zeros((20, 20, 3), np.uint8))
    s.set_annotation(cid, diagnosis="df")
    s.close()
    (home / "cases.sqlite").unlink()
    for extra in ("cases.sqlite-wal", "cases.sqlite-shm"):
        (home / extra).unlink(missing_ok=True)
    s = CaseStore(home)
    from cases.importer import rebuild_store

    assert rebuild_store(s) == 1
    case = s.get_case(cid)
    assert case["body_site"] == "scalp" and case["annotation"]["diagnosis"] == "df"
    s.close()


@pytest.mark.slow
def test_sigkill_loses_no_confirmed_save(tmp_path):
    r = kill_run(tmp_path / "k", kills=200, seed=1)
    assert r["confirmed_saves"] > 50  # the kills really land during saves
    assert r["lost_or_damaged"] == [] and r["integrity_check"] == "ok" and r["missing_files"] == []


def test_daily_snapshot(tmp_path):
    s = CaseStore(tmp_path / "h")
    assert s.maybe_snapshot() is not None and s.maybe_snapshot() is None  # one a day
    s.close()


def test_app_offers_snapshot_after_corruption(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.cases_panel import CasesPanel

    home = tmp_path / "h"
    s = CaseStore(home)
    cid = s.create_case("survivor")
    s.snapshot()
    s.close()
    with open(home / "cases.sqlite", "r+b") as f:
        f.seek(4096)
        f.write(b"\xde\xad" * 4096)
    monkeypatch.setenv("DERMATRIAGE_HOME", str(home))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    from PySide6.QtCore import QObject, Signal

    class FakeController(QObject):  # the panel only needs the two message signals
        error = Signal(str)
        notice = Signal(str)

    ctrl = FakeController()
    notices = []
    ctrl.notice.connect(notices.append)
    panel = CasesPanel(ctrl)
    qtbot.addWidget(panel)
    assert panel.store.get_case(cid)["pseudonym"] == "survivor"
    assert notices and "restored" in notices[0]
