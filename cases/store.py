"""The embedded case store: SQLite (WAL, synchronous=FULL, explicit transactions, migrations by
user_version) plus content-addressed image files and a readable case.json sidecar per case.

A save returns only after the database commit and the sidecar are on disk; images are written
(atomically) before the rows that point to them, so a crash can leave an unused file but never a
row that points to a missing one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cases.errors import StoreCorruptError, StoreError, StoreUnavailableError, os_error, sqlite_error
from cases.files import BlobStore, atomic_write
from cases.ids import check_id, inside
from cases.schema import MIGRATIONS
from cases.schema_gate import CONFIRM_TYPES, DIAGNOSES
from inference import imaging
from inference.paths import user_data_dir

log = logging.getLogger(__name__)

SNAPSHOTS_KEPT = 5
KEEP = object()  # set_annotation: leave this field as it is


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    return uuid.uuid4().hex


def default_home() -> Path:
    return user_data_dir()


def network_share_warning(path: Path) -> str | None:
    """Never keep the store on a network share: SQLite locking is unreliable there."""
    p = str(path.resolve())
    if p.startswith("\\\\") or p.startswith("//"):
        return f"The case store {p} is on a network share. Keep it on this computer's own disk."
    try:
        best, fstype = "", ""
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 2 and p.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, fstype = parts[1], parts[2]
        if fstype in {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs"}:
            return f"The case store is on a network share ({fstype}). Keep it on a local disk."
    except OSError:
        pass
    return None


@dataclass(frozen=True)
class CaseSummary:
    id: str
    pseudonym: str
    body_site: str
    created_at: str
    images: int
    last_triage: str | None
    last_malignant: float | None
    diagnosis: str | None
    reviewed: bool
    received_at: str | None = None  # last time the inbox brought something for it from the server
    sent_state: str | None = None  # the outbox's state for it (queued, sending, sent, failed), None: never sent
    reviewer: str | None = None  # who wrote its diagnosis (a signed review's author where there is one)
    answered: bool = False  # a signed review from a dermatologist was applied to it


class CaseStore:
    def __init__(self, home: Path, check: bool = True):
        self.home = Path(home)
        try:
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as e:
            raise os_error(e, "opening the case store", self.home) from None
        _private(self.home, 0o700)  # patient data: readable by this user alone
        self.blobs = BlobStore(self.home / "blobs")
        self.db_path = self.home / "cases.sqlite"
        self.warnings: list[str] = []
        self._tx_depth = 0
        self._pending_sidecars: set[str] = set()
        w = network_share_warning(self.home)
        if w:
            self.warnings.append(w)
            log.warning(w)
        # Only a database that opens and then fails its check is damaged; a full, read-only or
        # forbidden disk is reported as that, with advice that does not touch the file.
        try:
            self.db = self._connect()
            result = self.db.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        except sqlite3.DatabaseError as e:
            err = sqlite_error(e, "opening the case store", self.home)
            if isinstance(err, StoreUnavailableError):  # a full / read-only disk, not damage
                raise err from None
            result = str(e)
        except OSError as e:
            raise os_error(e, "opening the case store", self.home) from None
        if result != "ok":
            try:
                self.db.close()
            except Exception:
                pass
            raise StoreCorruptError(
                f"The case database failed its check ({result}). Restore a snapshot.",
                self.list_snapshots(),
            )
        try:
            self._migrate()
        except sqlite3.Error as e:
            raise sqlite_error(e, "updating the case store", self.home) from None

    @classmethod
    def open_default(cls) -> CaseStore:
        return cls(default_home())

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.db_path, isolation_level=None, timeout=30, check_same_thread=False)
        _private(self.db_path, 0o600)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"This case store was written by a newer DermaTriage (schema {version}); update the app.")
        for target, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.execute("PRAGMA foreign_keys=OFF")  # table rebuilds; checked before commit
            with self.transaction():
                for stmt in script:
                    self.db.execute(stmt)
                if self.db.execute("PRAGMA foreign_key_check").fetchone():
                    raise StoreError("a schema update would break a reference; the store was left as it was")
                self.db.execute(f"PRAGMA user_version={target}")
            self.db.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        """One SQLite transaction; nested uses join the outer one, and sidecars written inside
        wait for the outer commit (a rolled-back case never gets a sidecar)."""
        return _Tx(self)

    # --- writing -------------------------------------------------------------------------
    def create_case(self, pseudonym: str, body_site: str = "", author: str = "", patient_id: str | None = None) -> str:
        """A new case; a new patient too unless `patient_id` names one the user chose (two people
        with one pseudonym, or two folders' IMG_0001.jpg, are never merged by name)."""
        pseudonym = pseudonym.strip() or "anonymous"
        case_id = new_id()
        with self.transaction():
            row = None
            if patient_id is not None:
                row = self.db.execute(
                    "SELECT id FROM patient WHERE id=?", (check_id(patient_id, "patient id"),)
                ).fetchone()
                if row is None:
                    raise StoreError(f"patient {patient_id} not found")
            pid = row["id"] if row else new_id()
            if not row:
                self.db.execute(
                    "INSERT INTO patient(id, pseudonym, created_at) VALUES (?,?,?)", (pid, pseudonym, now())
                )
            self.db.execute(
                "INSERT INTO lesion(id, patient_id, body_site, created_at) VALUES (?,?,?,?)",
                (case_id, pid, body_site, now()),
            )
            self.audit(author, "lesion", case_id, "created", None, pseudonym)
        self.write_sidecar(case_id)
        return case_id

    def add_image(
        self,
        case_id: str,
        rgb: np.ndarray,
        source: str = "file",
        original_name: str = "",
        captured_at: str | None = None,
        crop_box=None,
        gamma: float = 1.0,
    ) -> str:
        """Stores the upright pixels as PNG (no EXIF, no GPS) once under their sha256."""
        try:
            digest = self.blobs.put(imaging.encode_png(rgb))  # PNG: lossless, no EXIF/GPS
        except OSError as e:
            raise os_error(e, "storing a photo", self.home) from None
        image_id = new_id()
        t = now()
        row = {
            "id": image_id,
            "sha256": digest,
            "source": source,
            "original_name": original_name,
            "width": int(rgb.shape[1]),
            "height": int(rgb.shape[0]),
            "captured_at": captured_at or t,
            "crop_box": list(crop_box) if crop_box else None,
            "gamma": float(gamma),
            "created_at": t,
        }
        with self.transaction():
            self.insert_image_row(case_id, row)
        self.write_sidecar(case_id)
        return image_id

    def add_analysis(self, image_id: str, analysis, author: str = "") -> str:
        """Every analysis is kept with its audit stamp: model id + sha256, app version, device."""
        heat = np.uint8(np.clip(analysis.heatmap(), 0, 1) * 255)
        try:
            heat_sha = self.blobs.put(imaging.encode_png(heat))
        except OSError as e:
            raise os_error(e, "storing a heatmap", self.home) from None
        d = analysis.to_dict()
        aid = new_id()
        p0 = analysis.predictions[0]
        row = {
            "id": aid,
            "model_id": "+".join(p.model_id for p in analysis.predictions),
            "model_sha256": "+".join(p.model_sha256 for p in analysis.predictions),
            "app_version": analysis.app_version,
            "device": p0.device,
            "probabilities": d["probabilities"],
            "malignant_probability": analysis.malignant_probability,
            "triage": analysis.triage,
            "reason": analysis.reason,
            "warnings": d["warnings"],
            "gate": d["quality"],
            "ita": analysis.ita,
            "heatmap_sha256": heat_sha,
            "created_at": now(),
            "author": author,
            "detail": d,
        }
        with self.transaction():
            case_id = self.db.execute("SELECT lesion_id FROM image WHERE id=?", (image_id,)).fetchone()[0]
            self.insert_analysis_row(image_id, row)
        self.write_sidecar(case_id)
        return aid

    def save_analysis_from_file(self, path: Path, loaded, analysis, pseudonym: str | None = None) -> str:
        """Case, photo and analysis in one transaction: a full disk leaves no empty case."""
        with self.transaction():
            return self._save_from_file(path, loaded, analysis, pseudonym)

    def _save_from_file(self, path: Path, loaded, analysis, pseudonym: str | None) -> str:
        case_id = self.create_case(pseudonym or Path(path).stem)
        image_id = self.add_image(
            case_id,
            loaded.rgb,
            "file",
            Path(path).name,
            crop_box=analysis.settings.crop_box,
            gamma=analysis.settings.gamma,
        )
        self.add_analysis(image_id, analysis)
        return case_id

    def set_annotation(self, case_id: str, diagnosis=KEEP, confirm_type=KEEP, notes=KEEP, author: str = "") -> None:
        """Only what changed is written, and every change is audited (who, when, before, after).
        Fields left at KEEP are unchanged; None clears a field (undo needs that)."""
        if diagnosis not in (KEEP, None) and diagnosis not in DIAGNOSES:
            raise StoreError(f"unknown diagnosis {diagnosis!r}")
        if confirm_type not in (KEEP, None) and confirm_type not in CONFIRM_TYPES + ("",):
            raise StoreError(f"unknown confirmation type {confirm_type!r}")
        with self.transaction():
            cur = self.db.execute("SELECT * FROM annotation WHERE lesion_id=?", (case_id,)).fetchone()
            old = dict(cur) if cur else {"diagnosis": None, "confirm_type": None, "notes": None}
            new = {"diagnosis": diagnosis, "confirm_type": confirm_type, "notes": notes}
            changes = {k: v for k, v in new.items() if v is not KEEP and v != old.get(k)}
            if not changes:
                return
            if cur is None:
                vals = {k: (None if v is KEEP else v) for k, v in new.items()}
                self.db.execute(
                    "INSERT INTO annotation(lesion_id, diagnosis, confirm_type, notes, author, "
                    "updated_at) VALUES (?,?,?,?,?,?)",
                    (case_id, vals["diagnosis"], vals["confirm_type"], vals["notes"], author, now()),
                )
            else:
                sets = ", ".join(f"{k}=?" for k in changes)
                self.db.execute(
                    f"UPDATE annotation SET {sets}, author=?, updated_at=? WHERE lesion_id=?",
                    (*changes.values(), author, now(), case_id),
                )
            for k, v in changes.items():
                self.audit(author, "annotation", case_id, k, old.get(k), v)
        self.write_sidecar(case_id)

    def audit(self, who, entity, entity_id, field, before, after, at: str | None = None) -> None:
        """One audit row, linked into the chain (at: an imported row keeps its own time)."""
        from cases import audit_chain

        audit_chain.append(self.db, at or now(), who, entity, entity_id, field, before, after)

    # --- reading -------------------------------------------------------------------------
    def get_case(self, case_id: str) -> dict:
        les = self.db.execute(
            "SELECT l.*, p.pseudonym FROM lesion l JOIN patient p ON p.id=l.patient_id WHERE l.id=?", (case_id,)
        ).fetchone()
        if les is None:
            raise StoreError(f"case {case_id} not found")
        images = [
            dict(r)
            for r in self.db.execute(
                "SELECT * FROM image WHERE lesion_id=? ORDER BY captured_at, created_at", (case_id,)
            )
        ]
        for im in images:
            im["crop_box"] = json.loads(im["crop_box"]) if im["crop_box"] else None
            im["analyses"] = [
                self._analysis_dict(r)
                for r in self.db.execute("SELECT * FROM analysis WHERE image_id=? ORDER BY created_at", (im["id"],))
            ]
        ann = self.db.execute("SELECT * FROM annotation WHERE lesion_id=?", (case_id,)).fetchone()
        return {
            "schema": 1,
            "id": les["id"],
            "patient_id": les["patient_id"],
            "pseudonym": les["pseudonym"],
            "body_site": les["body_site"],
            "created_at": les["created_at"],
            "images": images,
            "annotation": dict(ann) if ann else None,
            "audit": self.audit_log(case_id),
        }

    @staticmethod
    def _analysis_dict(r) -> dict:
        d = dict(r)
        for k in ("probabilities", "warnings", "gate", "detail"):
            d[k] = json.loads(d[k]) if d[k] else None
        return d

    def audit_log(self, case_id: str) -> list[dict]:
        return [
            dict(r)
            for r in self.db.execute(
                "SELECT at, who, entity, field, before, after FROM audit WHERE entity_id=? ORDER BY seq", (case_id,)
            )
        ]

    def list_cases(
        self,
        search: str = "",
        triage: str | None = None,
        diagnosis: str | None = None,
        since: str | None = None,
        until: str | None = None,
        unreviewed: bool = False,
        in_bin: bool = False,
        received: bool = False,
    ) -> list[CaseSummary]:
        """Cases outside the bin (or, with in_bin, the ones in it), newest first. received: only
        those the inbox brought from the server (the inbox view), the latest arrival first."""
        rows = self.db.execute(_LIST_SQL, (int(in_bin),)).fetchall()
        arrivals = dict(self.db.execute("SELECT case_id, MAX(seen_at) FROM inbox_seen GROUP BY case_id").fetchall())
        out = []
        for r in rows:
            if received and r["id"] not in arrivals:
                continue
            s = CaseSummary(
                r["id"],
                r["pseudonym"],
                r["body_site"] or "",
                r["created_at"],
                r["images"],
                r["last_triage"],
                r["last_mal"],
                r["diagnosis"],
                r["diagnosis"] is not None,
                arrivals.get(r["id"]),
                r["sent_state"],
                r["signed_by"] or r["annotated_by"] or None,
                r["signed_by"] is not None,
            )
            if search and search.lower() not in f"{s.pseudonym} {s.body_site} {s.id}".lower():
                continue
            if triage and s.last_triage != triage:
                continue
            if diagnosis and s.diagnosis != diagnosis:
                continue
            if since and s.created_at < since:
                continue
            if until and s.created_at > until:
                continue
            if unreviewed and s.reviewed:
                continue
            out.append(s)
        if received:
            out.sort(key=lambda c: c.received_at, reverse=True)
        return out

    def image_rgb(self, sha256: str) -> np.ndarray:
        return imaging.decode_png(self.blobs.get(sha256))

    def heatmap(self, sha256: str) -> np.ndarray:
        data = self.blobs.get(sha256)
        return imaging.decode_png(data, "L").astype(np.float32) / 255

    # --- durability ----------------------------------------------------------------------
    def case_dir(self, case_id: str) -> Path:
        return inside(self.home / "cases", check_id(case_id))

    def write_sidecar(self, case_id: str) -> None:
        if self._tx_depth:
            self._pending_sidecars.add(case_id)
            return
        doc = self.get_case(case_id)
        try:
            atomic_write(self.case_dir(case_id) / "case.json", json.dumps(doc, indent=1, ensure_ascii=False).encode())
        except OSError as e:
            raise os_error(e, "writing the case's readable copy", self.home) from None

    def integrity(self) -> dict:
        """PRAGMA integrity_check plus: does every row point to an existing, intact file?"""
        from cases import audit_chain

        ic = self.db.execute("PRAGMA integrity_check").fetchone()[0]
        if ic == "ok":
            ic = audit_chain.check(self.db)
        missing = []
        for (digest,) in self.db.execute(
            "SELECT sha256 FROM image UNION SELECT heatmap_sha256 FROM analysis WHERE heatmap_sha256 IS NOT NULL"
        ):
            if not self.blobs.path(digest).exists():
                missing.append(digest)
        return {"integrity_check": ic, "missing_files": missing}

    def snapshot(self) -> Path:
        """Online backup API: consistent copy while the store stays open; keeps the newest few."""
        folder = self.home / "snapshots"
        try:
            folder.mkdir(exist_ok=True)
        except OSError as e:
            raise os_error(e, "taking a snapshot", self.home) from None
        target = folder / f"cases-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S-%f}.sqlite"
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
            dst = sqlite3.connect(target)
            try:
                with dst:
                    self.db.backup(dst)
            finally:
                dst.close()
        except sqlite3.Error as e:
            target.unlink(missing_ok=True)  # a half snapshot is worse than none
            raise sqlite_error(e, "taking a snapshot", self.home) from None
        for old in self.list_snapshots()[SNAPSHOTS_KEPT:]:
            old.unlink(missing_ok=True)
        return target

    def maybe_snapshot(self, max_age_hours: float = 24.0) -> Path | None:
        """Take a snapshot if the newest one is older than max_age_hours (called when the app opens)."""
        snaps = self.list_snapshots()
        if snaps and (dt.datetime.now().timestamp() - snaps[0].stat().st_mtime) < max_age_hours * 3600:
            return None
        return self.snapshot()

    def list_snapshots(self) -> list[Path]:
        return sorted((self.home / "snapshots").glob("cases-*.sqlite"), reverse=True)

    @staticmethod
    def restore_snapshot(home: Path, snapshot: Path) -> None:
        """Put a snapshot back in place of a damaged database. The copy is built beside it, checked
        (integrity_check) and synced first; only then is the damaged one moved aside and the copy
        renamed in. On any failure (a full disk, say) the database is left exactly as it was."""
        home = Path(home)
        db = home / "cases.sqlite"
        tmp = home / ".restoring.sqlite"
        try:
            tmp.unlink(missing_ok=True)
            src = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
                if ok == "ok":
                    ok = _schema_is_ours(dst)
                if ok == "ok":
                    from cases import audit_chain

                    ok = audit_chain.check(dst) if _has_chain(dst) else "ok"
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                src.close()
                dst.close()
            if ok != "ok":
                raise StoreError(f"The snapshot {snapshot.name} is refused ({ok}); choose another.")
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
            for suffix in ("", "-wal", "-shm"):
                p = Path(str(db) + suffix)
                if p.exists():
                    p.replace(home / f"damaged-{stamp}{suffix}.sqlite")
            os.replace(tmp, db)
        except sqlite3.Error as e:
            tmp.unlink(missing_ok=True)
            raise sqlite_error(e, "restoring a snapshot", home) from None
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise os_error(e, "restoring a snapshot", home) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    # --- rows (the app's saves and the importer share them) -----------------------------------
    def insert_image_row(self, case_id: str, im: dict) -> None:
        self.db.execute(
            "INSERT INTO image(id, lesion_id, sha256, source, original_name, width, height, "
            "captured_at, crop_box, gamma, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                im["id"],
                case_id,
                im["sha256"],
                im.get("source"),
                im.get("original_name"),
                im["width"],
                im["height"],
                im.get("captured_at") or im["created_at"],
                json.dumps(im["crop_box"]) if im.get("crop_box") else None,
                im.get("gamma") if im.get("gamma") is not None else 1.0,
                im["created_at"],
            ),
        )

    def insert_analysis_row(self, image_id: str, a: dict) -> None:
        self.db.execute(
            "INSERT INTO analysis(id, image_id, model_id, model_sha256, app_version, device, "
            "probabilities, malignant_probability, triage, reason, warnings, gate, ita, "
            "heatmap_sha256, created_at, author, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                a["id"],
                image_id,
                a["model_id"],
                a["model_sha256"],
                a.get("app_version"),
                a.get("device"),
                json.dumps(a["probabilities"]),
                a["malignant_probability"],
                a["triage"],
                a.get("reason"),
                json.dumps(a.get("warnings") or []),
                json.dumps(a.get("gate")),
                a.get("ita"),
                a.get("heatmap_sha256"),
                a["created_at"],
                a.get("author"),
                json.dumps(a.get("detail")),
            ),
        )

    def blob_referenced(self, digest: str) -> bool:
        return bool(
            self.db.execute(
                "SELECT 1 FROM image WHERE sha256=? UNION SELECT 1 FROM analysis WHERE heatmap_sha256=?",
                (digest, digest),
            ).fetchone()
        )


class _Tx:
    def __init__(self, store: CaseStore):
        self.store = store
        self.db = store.db

    def __enter__(self):
        if self.store._tx_depth == 0:
            self.db.execute("BEGIN IMMEDIATE")
        self.store._tx_depth += 1
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.store._tx_depth -= 1
        if self.store._tx_depth:
            return False  # the outer transaction decides
        pending, self.store._pending_sidecars = self.store._pending_sidecars, set()
        try:
            self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
        except sqlite3.Error as e:
            if exc_type is None:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise sqlite_error(e, "saving", self.store.home) from None
        if isinstance(exc, sqlite3.Error):
            raise sqlite_error(exc, "saving", self.store.home) from None
        if isinstance(exc, OSError) and not isinstance(exc, StoreError):
            raise os_error(exc, "saving", self.store.home) from None
        if exc_type is None:
            for cid in sorted(pending):
                self.store.write_sidecar(cid)
        return False


_LIST_SQL = """
SELECT l.id, p.pseudonym, l.body_site, l.created_at,
       (SELECT COUNT(*) FROM image i WHERE i.lesion_id=l.id) AS images,
       (SELECT a.triage FROM analysis a JOIN image i ON i.id=a.image_id WHERE i.lesion_id=l.id
        ORDER BY a.created_at DESC LIMIT 1) AS last_triage,
       (SELECT a.malignant_probability FROM analysis a JOIN image i ON i.id=a.image_id
        WHERE i.lesion_id=l.id ORDER BY a.created_at DESC LIMIT 1) AS last_mal,
       (SELECT n.diagnosis FROM annotation n WHERE n.lesion_id=l.id) AS diagnosis,
       (SELECT n.author FROM annotation n WHERE n.lesion_id=l.id AND n.diagnosis IS NOT NULL) AS annotated_by,
       (SELECT o.state FROM outbox o WHERE o.case_id=l.id) AS sent_state,
       (SELECT r.reviewer FROM review_applied r WHERE r.case_id=l.id) AS signed_by
FROM lesion l JOIN patient p ON p.id=l.patient_id
WHERE (l.id IN (SELECT case_id FROM bin)) = ?
ORDER BY l.created_at DESC
"""


def _has_chain(db: sqlite3.Connection) -> bool:
    return any(r[1] == "chain" for r in db.execute("PRAGMA table_info(audit)"))


def _schema_is_ours(db: sqlite3.Connection) -> str:
    """'ok' when every table, index, trigger and view of `db` is one the app itself creates at that
    schema version, with the same definition; else which one is not (a planted trigger that rewrites
    every new 'mel' to 'nv' is refused)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        return f"schema {version} is newer than this app's"
    ref = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            for stmt in script:
                ref.execute(stmt)
        ours = {
            (t, n): " ".join((s or "").split()) for t, n, s in ref.execute("SELECT type, name, sql FROM sqlite_master")
        }
    finally:
        ref.close()
    for t, n, s in db.execute("SELECT type, name, sql FROM sqlite_master"):
        if n.startswith("sqlite_"):
            continue
        if ours.get((t, n)) != " ".join((s or "").split()):
            return f"it holds a {t} '{str(n)[:40]}' that DermaTriage does not create"
    return "ok"


def _private(path: Path, mode: int) -> None:
    """Make a file or folder of ours private (0600 / 0700); a path we do not own is left alone."""
    try:
        if os.name != "nt" and path.exists() and path.stat().st_uid == os.getuid():
            os.chmod(path, mode)
    except OSError:
        pass
