"""Import of case bundles and sidecars: the zip gate, then a merge into the store.

The gate reads only what case.json references, each member streamed to a staging folder inside
the store with its declared and its actual size capped, hashed while it streams, and decoded once
to prove it is the PNG the document says; nothing reaches the image folder or the database before
the whole bundle has passed, and the staging folder is removed whatever happens.

Merge rules when the case already exists (a case sent out and coming back reviewed): photos and
analyses new to this store are added; the newer annotation wins and the one it replaces stays in
the audit log; an older incoming annotation is not applied (and said so); two different annotations
with the same time are a conflict, reported, and the local one is kept. Patients are never matched
by pseudonym: only by the patient id a bundle carries."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from cases.errors import StoreError, os_error
from cases.ids import check_id
from cases.schema_gate import MAX_SIDE, strict_json, validate_bundle_info, validate_case
from cases.store import new_id

MAX_BUNDLE_BYTES = 2 * 1024**3
MAX_JSON_BYTES = 32 * 1024**2
MAX_PNG_BYTES = 64 * 1024**2  # a 4096 x 4096 RGB PNG of noise is about 50 MB
MAX_TOTAL_BYTES = 4 * 1024**3
CHUNK = 1 << 20


# ImportResult.summary()'s texts by status ({0} case, {1} photos, {2} analyses, {3} annotation);
# listed for translation in desktop/i18n_catalog.py.
SUMMARIES = {
    "unchanged": "case {0}: already here, nothing new",
    "new": "case {0}: imported ({1} photo(s), {2} analysis/es)",
    "merged": "case {0}: merged ({1} new photo(s), {2} new analysis/es, annotation: {3})",
}
ANNOTATION_LABELS = {
    "none": "none",
    "taken": "taken",
    "kept-newer-local": "kept the newer one here",
    "same": "the same",
    "conflict": "conflict",
}


@dataclass
class ImportResult:
    case_id: str
    status: str  # new | merged | unchanged
    added_images: int = 0
    added_analyses: int = 0
    annotation: str = "none"  # none | taken | kept-newer-local | same | conflict
    messages: list[str] = field(default_factory=list)

    def summary(self, translate=None, name: str | None = None) -> str:
        """What happened, in English; with `translate` (the app's desktop.i18n.core) in the app's
        language, the annotation outcome then in words. The messages stay English. name: how the
        case is called for a person (its pseudonym and body site) instead of its id."""
        tr = translate or str
        annotation = tr(ANNOTATION_LABELS.get(self.annotation, self.annotation)) if translate else self.annotation
        template = tr(SUMMARIES.get(self.status, SUMMARIES["merged"]))
        text = template.format(name or self.case_id, self.added_images, self.added_analyses, annotation)
        return "; ".join([text, *self.messages])


def _read_capped(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str, sink=None) -> bytes | None:
    """Stream one member, refusing it once it inflates past `limit` (whatever its header claims)."""
    if info.file_size > limit:
        raise StoreError(f"'{name}': member {info.filename} is larger than allowed ({limit // 2**20} MB).")
    out = io.BytesIO() if sink is None else None
    total = 0
    with z.open(info) as f:
        while chunk := f.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise StoreError(f"'{name}': member {info.filename} inflates past {limit // 2**20} MB.")
            (sink or out).write(chunk)
    return out.getvalue() if out is not None else None


def _check_png(path: Path, size: tuple[int, int] | None, mode: str, name: str) -> None:
    try:
        with Image.open(path) as img:
            if img.format != "PNG":
                raise StoreError(f"'{name}': a file in the bundle is not a PNG image.")
            w, h = img.size
            if w > MAX_SIDE or h > MAX_SIDE:
                raise StoreError(f"'{name}': an image is {w} x {h} pixels, above the {MAX_SIDE} px limit.")
            if size is not None and (w, h) != size:
                raise StoreError(f"'{name}': a photo's size differs from what case.json says.")
            if img.mode != mode:
                raise StoreError(f"'{name}': an image has colour mode {img.mode}, expected {mode}.")
            img.load()
    except StoreError:
        raise
    except Exception as e:  # noqa: BLE001 - any decoder failure means the file is not what it claims
        raise StoreError(f"'{name}': an image in the bundle cannot be decoded ({type(e).__name__}).") from None


class _HashingSink:
    def __init__(self, f):
        self.f = f
        self.hash = hashlib.sha256()

    def write(self, b: bytes) -> None:
        self.hash.update(b)
        self.f.write(b)


class Staging:
    """A folder inside the store for files on their way in; removed on exit."""

    def __init__(self, home: Path):
        self.home = home

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.home))
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False


def read_bundle(path: Path, staging: Path) -> tuple[dict, dict[str, Path]]:
    """The zip gate: returns the validated case document and {sha256: staged file} for exactly
    the files it references."""
    name = path.name
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise StoreError(f"'{name}' is too large to be a case bundle.")
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = [i.filename for i in infos]
            if len(names) != len(set(names)):
                raise StoreError(f"'{name}' holds two members with one name; it was not imported.")
            by_name = {i.filename: i for i in infos}
            for i in infos:
                if i.flag_bits & 0x1:
                    raise StoreError(f"'{name}' is encrypted; DermaTriage bundles never are.")
                if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise StoreError(f"'{name}' uses a compression DermaTriage does not write ({i.compress_type}).")
            if "case.json" not in by_name:
                raise StoreError(f"'{name}' is not a DermaTriage case bundle (no case.json).")
            if "bundle.json" not in by_name:
                raise StoreError(f"'{name}' is not a DermaTriage case bundle (no bundle.json).")
            validate_bundle_info(
                strict_json(_read_capped(z, by_name["bundle.json"], MAX_JSON_BYTES, name), "bundle.json")
            )
            doc = validate_case(strict_json(_read_capped(z, by_name["case.json"], MAX_JSON_BYTES, name), "case.json"))
            wanted: dict[str, tuple[tuple[int, int] | None, str]] = {}
            for im in doc["images"]:
                wanted[im["sha256"]] = ((im["width"], im["height"]), "RGB")
                for a in im["analyses"]:
                    if a.get("heatmap_sha256"):
                        wanted.setdefault(a["heatmap_sha256"], (None, "L"))
            staged: dict[str, Path] = {}
            total = 0
            for digest, (size, mode) in wanted.items():
                info = by_name.get(f"files/{digest}.png")
                if info is None:
                    raise StoreError(f"'{name}' lacks a photo or heatmap that case.json lists; it was not imported.")
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise StoreError(f"'{name}' inflates to more than {MAX_TOTAL_BYTES // 2**30} GB.")
                target = staging / f"{digest}.png"
                with open(target, "wb") as f:
                    sink = _HashingSink(f)
                    _read_capped(z, info, MAX_PNG_BYTES, name, sink)
                if sink.hash.hexdigest() != digest:
                    raise StoreError(f"'{name}' is damaged: a photo does not match its fingerprint.")
                _check_png(target, size, mode, name)
                staged[digest] = target
    except zipfile.BadZipFile:
        raise StoreError(f"'{name}' is damaged or not a zip file.") from None
    except (NotImplementedError, RuntimeError, EOFError, zipfile.LargeZipFile, ValueError, zlib.error) as e:
        raise StoreError(f"'{name}' cannot be read as a case bundle ({str(e)[:100]}).") from None
    return doc, staged


def import_bundle(store, path: str | Path) -> ImportResult:
    path = Path(path)
    try:
        with Staging(store.home) as staging:
            doc, staged = read_bundle(path, staging)
            return merge_case(store, doc, staged)
    except OSError as e:
        raise os_error(e, f"importing '{path.name}'", store.home) from None


def merge_case(store, doc: dict, staged: dict[str, Path], source: str = "bundle") -> ImportResult:
    """All-or-nothing: files first (as the store always does), then one transaction; files this
    import added are removed again if the transaction fails."""
    check_id(doc["id"])
    added_files = []
    try:
        for digest, p in staged.items():
            if store.blobs.put_file(p, digest):
                added_files.append(digest)
        for im in doc["images"]:
            if not store.blobs.path(im["sha256"]).exists():
                raise StoreError(f"case {doc['id']}: photo {im['sha256'][:12]} is missing; nothing was imported.")
        with store.transaction():
            result = _merge_rows(store, doc, source)
    except BaseException:
        for digest in added_files:
            if not store.blob_referenced(digest):
                store.blobs.path(digest).unlink(missing_ok=True)
        raise
    store.write_sidecar(doc["id"])
    return result


def _merge_rows(store, doc: dict, source: str) -> ImportResult:
    db = store.db
    cid = doc["id"]
    local = db.execute(
        "SELECT l.*, p.pseudonym FROM lesion l JOIN patient p ON p.id=l.patient_id WHERE l.id=?", (cid,)
    ).fetchone()
    result = ImportResult(cid, "merged" if local else "new")
    if local is None:
        pid = doc.get("patient_id")
        known = db.execute("SELECT pseudonym FROM patient WHERE id=?", (pid,)).fetchone() if pid else None
        if known is not None and known["pseudonym"] != doc["pseudonym"]:
            # Another person here under that id: never attach a case to them on the bundle's word.
            result.messages.append(
                "its patient id belongs to another patient in this store; the case was given a patient of its own"
            )
            pid, known = new_id(), None
        elif known is not None:
            result.messages.append(f"attached to this store's patient {doc['pseudonym'][:40]} (same id and pseudonym)")
        if known is None:
            pid = pid or new_id()
            db.execute(
                "INSERT INTO patient(id, pseudonym, created_at) VALUES (?,?,?)",
                (pid, doc["pseudonym"], doc["created_at"]),
            )
        db.execute(
            "INSERT INTO lesion(id, patient_id, body_site, created_at) VALUES (?,?,?,?)",
            (cid, pid, doc.get("body_site") or "", doc["created_at"]),
        )
    else:
        if local["pseudonym"] != doc["pseudonym"] or (local["body_site"] or "") != (doc.get("body_site") or ""):
            result.messages.append("pseudonym / body site differ from this store's; this store's kept")
    for im in doc["images"]:
        row = db.execute("SELECT lesion_id, sha256 FROM image WHERE id=?", (im["id"],)).fetchone()
        if row is not None and (row["lesion_id"] != cid or row["sha256"] != im["sha256"]):
            raise StoreError(f"Refused: photo id {im['id']} already belongs to another case or photo here.")
        if row is None:
            store.insert_image_row(cid, im)
            result.added_images += 1
        for a in im["analyses"]:
            arow = db.execute("SELECT image_id FROM analysis WHERE id=?", (a["id"],)).fetchone()
            if arow is not None and arow["image_id"] != im["id"]:
                raise StoreError(f"Refused: analysis id {a['id']} already belongs to another photo here.")
            if arow is None:
                store.insert_analysis_row(im["id"], a)
                result.added_analyses += 1
    result.annotation = _merge_annotation(store, cid, doc.get("annotation"), result, audit=local is not None)
    seen = {tuple(e.values()) for e in store.audit_log(cid)}
    for e in doc.get("audit") or []:
        key = (e["at"], e.get("who"), e["entity"], e.get("field"), e.get("before"), e.get("after"))
        if key not in seen:
            store.audit(e.get("who"), e["entity"], cid, e.get("field"), e.get("before"), e.get("after"), at=e["at"])
    nothing_new = (
        local is not None
        and not (result.added_images or result.added_analyses)
        and result.annotation
        in (
            "none",
            "same",
            "kept-newer-local",
        )
    )
    if nothing_new and not result.messages:
        result.status = "unchanged"
    else:
        store.audit("", "lesion", cid, "imported" if local is None else "merged", None, f"{source}: {result.summary()}")
    return result


FIELDS = ("diagnosis", "confirm_type", "notes")


def _merge_annotation(store, cid: str, incoming: dict | None, result: ImportResult, audit: bool = True) -> str:
    """audit=False for a case new to this store: its own audit log already tells the history."""
    if not incoming or not any(incoming.get(k) for k in FIELDS):
        return "none"
    cur = store.db.execute("SELECT * FROM annotation WHERE lesion_id=?", (cid,)).fetchone()
    new = {k: incoming.get(k) for k in FIELDS}
    t_in = incoming.get("updated_at") or ""
    if cur is not None:
        old = {k: cur[k] for k in FIELDS}
        if old == new:
            return "same"
        t_cur = cur["updated_at"] or ""
        if t_in < t_cur:
            result.messages.append("the bundle's annotation is older than this store's and was not applied")
            return "kept-newer-local"
        if t_in == t_cur:
            result.messages.append(
                "CONFLICT: two different annotations with the same time; this store's kept, the bundle's "
                f"({json.dumps(new, ensure_ascii=False)[:200]}) is recorded in the audit log"
            )
            store.audit(
                incoming.get("author") or "", "annotation", cid, "conflict", None, json.dumps(new, ensure_ascii=False)
            )
            return "conflict"
        store.db.execute(
            "UPDATE annotation SET diagnosis=?, confirm_type=?, notes=?, author=?, updated_at=? WHERE lesion_id=?",
            (new["diagnosis"], new["confirm_type"], new["notes"], incoming.get("author"), t_in, cid),
        )
    else:
        old = {k: None for k in FIELDS}
        store.db.execute(
            "INSERT INTO annotation(lesion_id, diagnosis, confirm_type, notes, author, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            (cid, new["diagnosis"], new["confirm_type"], new["notes"], incoming.get("author"), t_in),
        )
    for k in FIELDS:
        if audit and old[k] != new[k]:
            store.audit(incoming.get("author") or "", "annotation", cid, k, old[k], new[k])
    return "taken"


def rebuild_from_sidecars(store) -> tuple[int, list[str]]:
    """Recreate every case found in cases/*/case.json that the database lacks; a broken sidecar is
    reported and skipped, never the end of the rebuild."""
    n, problems = 0, []
    for f in sorted((store.home / "cases").glob("*/case.json")):
        try:
            doc = validate_case(strict_json(f.read_bytes()[: MAX_JSON_BYTES + 1], str(f)), str(f))
            if doc["id"] != f.parent.name:
                raise StoreError(f"{f}: its id {doc['id']} does not match its folder")
            if not store.db.execute("SELECT 1 FROM lesion WHERE id=?", (doc["id"],)).fetchone():
                merge_case(store, doc, {}, source="sidecar")
                n += 1
        except (StoreError, OSError) as e:
            problems.append(str(e))
    return n, problems


def rebuild_store(store) -> int:
    """Recreate every case found in cases/*/case.json that the store's database lacks (broken sidecars
    are skipped and listed in store.warnings). Here, not in the store: the store never imports the
    importer (no import circle)."""
    import logging

    n, problems = rebuild_from_sidecars(store)
    store.warnings += problems
    for p in problems:
        logging.getLogger("dermatriage.cases").warning("sidecar skipped: %s", p)
    return n
