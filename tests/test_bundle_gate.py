"""Issue 15: an imported bundle is untrusted. Ids never become paths, bombs are stopped before they
inflate, types are checked, the import is all-or-nothing and leaves nothing behind, and a case
that comes back reviewed is merged by rules."""

from __future__ import annotations

import io
import json
import os
import resource
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from cases.export import export_bundle, export_dicom, export_pdf, import_bundle
from cases.store import CaseStore, StoreError
from inference.analysis import Analyzer
from inference.imageio import load_image


@pytest.fixture()
def clinic(tmp_path, models_env, fullres_images):
    store = CaseStore(tmp_path / "clinic")
    an = Analyzer.load("tiny-a", "cpu")
    cid = store.create_case("P-9", "back", author="nurse")
    img = load_image(fullres_images[0])
    iid = store.add_image(cid, img.rgb, "file", fullres_images[0].name)
    store.add_analysis(iid, an.analyze(img.rgb), author="nurse")
    bundle = export_bundle(store, cid, tmp_path / "out", with_pdf=False)
    yield store, cid, bundle, an, img
    store.close()


def rewrite(src: Path, dst: Path, case=None, add=(), drop=(), raw_case: bytes | None = None, info=None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            if i.filename in drop:
                continue
            data = zin.read(i)
            if i.filename == "case.json":
                if raw_case is not None:
                    data = raw_case
                elif case is not None:
                    doc = json.loads(data)
                    case(doc)
                    data = json.dumps(doc).encode()
            if i.filename == "bundle.json" and info is not None:
                doc = json.loads(data)
                info(doc)
                data = json.dumps(doc).encode()
            zout.writestr(i.filename, data)
        for name, data in add:
            zout.writestr(name, data)
    return dst


def store_files(home: Path) -> set[str]:
    return {str(p.relative_to(home)) for p in home.rglob("*") if p.is_file() and not p.name.startswith("cases.sqlite")}


def assert_nothing_written(other: CaseStore, before: set[str]):
    assert other.list_cases() == []
    assert store_files(other.home) == before
    assert other.integrity()["integrity_check"] == "ok"


@pytest.mark.parametrize(
    "bad_id", ["../../somewhere/x", "/tmp/abs-case", "x/../0123456789abcdef0123456789abcdef", "", 12, None]
)
def test_case_id_is_never_a_path(clinic, tmp_path, bad_id):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    before = store_files(other.home)
    bad = rewrite(bundle, tmp_path / "bad.zip", case=lambda d: d.update(id=bad_id))
    with pytest.raises(StoreError, match="Refused"):
        import_bundle(other, bad)
    assert_nothing_written(other, before)
    assert not (tmp_path / "somewhere").exists() and not Path("/tmp/abs-case").exists()


def test_an_image_id_cannot_take_over_another_case(clinic, tmp_path):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    import_bundle(other, bundle)
    doc = other.get_case(cid)
    thief = rewrite(bundle, tmp_path / "thief.zip", case=lambda d: d.update(id="f" * 32))
    with pytest.raises(StoreError, match="another case"):
        import_bundle(other, thief)
    assert other.get_case(cid)["images"] == doc["images"]
    assert len(other.list_cases()) == 1


def test_store_paths_stay_inside(tmp_path):
    from cases.ids import inside

    (tmp_path / "root").mkdir()
    os.symlink("/etc", tmp_path / "root" / "link")
    with pytest.raises(StoreError):
        inside(tmp_path / "root", "link", "passwd")
    with pytest.raises(StoreError):
        inside(tmp_path / "root", "..", "x")
    assert inside(tmp_path / "root", "a", "b") == (tmp_path / "root" / "a" / "b").resolve()


def _bomb(size: int) -> bytes:
    return b"{" + b" " * size + b"}"


def test_zip_bomb_case_json_is_stopped_early(clinic, tmp_path):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    before = store_files(other.home)
    bad = rewrite(bundle, tmp_path / "bomb.zip", raw_case=_bomb(400 * 2**20))  # 400 MB of spaces
    assert bad.stat().st_size < 2 * 2**20
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(StoreError, match="larger than allowed|inflates past"):
        import_bundle(other, bad)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 200 * 1024  # KB: < 200 MB more
    assert_nothing_written(other, before)


def test_unreferenced_and_oversized_members_write_nothing(clinic, tmp_path):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    zeros = b"\0" * (100 * 2**20)
    junk = [(f"files/{i:064x}.png", zeros) for i in range(3)]
    bad = rewrite(bundle, tmp_path / "junk.zip", add=junk)
    res = import_bundle(other, bad)  # junk members are never read, the case imports
    assert res.status == "new"
    files = store_files(other.home)
    blobs = {f for f in files if f.startswith("blobs/")}
    doc = other.get_case(cid)
    wanted = {im["sha256"] for im in doc["images"]} | {
        a["heatmap_sha256"] for im in doc["images"] for a in im["analyses"]
    }
    assert {Path(b).stem for b in blobs} == wanted  # nothing the case does not reference
    assert not any(".incoming" in f for f in files)
    # a referenced photo that inflates to 100 MB is refused, nothing left behind
    photo = doc["images"][0]["sha256"]
    other2 = CaseStore(tmp_path / "derm2")
    before2 = store_files(other2.home)
    big = rewrite(bundle, tmp_path / "big.zip", drop=[f"files/{photo}.png"], add=[(f"files/{photo}.png", zeros)])
    with pytest.raises(StoreError, match="larger than allowed|inflates past"):
        import_bundle(other2, big)
    assert_nothing_written(other2, before2)


def _png(w, h, mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h)).save(buf, "PNG")
    return buf.getvalue()


MUTATIONS = {
    "images is a dict": lambda d: d.update(images={}),
    "images null": lambda d: d.update(images=None),
    "annotation list": lambda d: d.update(annotation=[1]),
    "int id": lambda d: d.update(id=7),
    "no pseudonym": lambda d: d.pop("pseudonym"),
    "probability above 1": lambda d: d["images"][0]["analyses"][0]["probabilities"].update(mel=3.0),
    "probability text": lambda d: d["images"][0]["analyses"][0]["probabilities"].update(mel="x"),
    "unknown triage": lambda d: d["images"][0]["analyses"][0].update(triage="fine"),
    "unknown diagnosis": lambda d: d.update(annotation={"diagnosis": "cancer?"}),
    "huge width": lambda d: d["images"][0].update(width=13000),
    "two photos one id": lambda d: d["images"].append(dict(d["images"][0])),
    "sha256 path": lambda d: d["images"][0].update(sha256="../../etc/passwd"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_wrong_types_are_refused_cleanly(clinic, tmp_path, name):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    before = store_files(other.home)
    bad = rewrite(bundle, tmp_path / "bad.zip", case=MUTATIONS[name])
    with pytest.raises(StoreError, match="Refused"):
        import_bundle(other, bad)
    assert_nothing_written(other, before)


def test_nan_duplicate_entries_foreign_and_newer_bundles(clinic, tmp_path):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    before = store_files(other.home)
    with zipfile.ZipFile(bundle) as z:
        text = z.read("case.json").decode()
    nan = rewrite(bundle, tmp_path / "nan.zip", raw_case=text.replace('"mel": ', '"mel": NaN, "x": ', 1).encode())
    dup = rewrite(bundle, tmp_path / "dup.zip", add=[("case.json", b"{}")])
    foreign = rewrite(bundle, tmp_path / "foreign.zip", info=lambda d: d.update(format="something-else"))
    newer = rewrite(bundle, tmp_path / "newer.zip", info=lambda d: d.update(version=9))
    nobundle = rewrite(bundle, tmp_path / "nobundle.zip", drop=["bundle.json"])
    for bad, pattern in [
        (nan, "not valid JSON"),
        (dup, "two members"),
        (foreign, "bundle.json"),
        (newer, "newer DermaTriage"),
        (nobundle, "no bundle.json"),
    ]:
        with pytest.raises(StoreError, match=pattern):
            import_bundle(other, bad)
    assert_nothing_written(other, before)


def _patch_member_header(path: Path, name: str, flag_or=0, method=None) -> None:
    """Edit the local and central headers of one member (encryption flag, compression method)."""
    data = bytearray(path.read_bytes())
    nb = name.encode()
    for sig, flag_off, meth_off, name_off in ((b"PK\x03\x04", 6, 8, 30), (b"PK\x01\x02", 8, 10, 46)):
        i = 0
        while (i := data.find(sig, i)) >= 0:
            n = int.from_bytes(
                data[
                    i + name_off - 4 if sig == b"PK\x03\x04" else i + 28 : i + name_off - 2
                    if sig == b"PK\x03\x04"
                    else i + 30
                ],
                "little",
            )
            if data[i + name_off : i + name_off + n] == nb:
                flags = int.from_bytes(data[i + flag_off : i + flag_off + 2], "little") | flag_or
                data[i + flag_off : i + flag_off + 2] = flags.to_bytes(2, "little")
                if method is not None:
                    data[i + meth_off : i + meth_off + 2] = method.to_bytes(2, "little")
            i += 4
    path.write_bytes(bytes(data))


def test_encrypted_deflate64_nonimage_and_huge_png_are_refused(clinic, tmp_path):
    store, cid, bundle, *_ = clinic
    other = CaseStore(tmp_path / "derm")
    before = store_files(other.home)
    doc = store.get_case(cid)
    photo = doc["images"][0]["sha256"]
    enc = rewrite(bundle, tmp_path / "enc.zip")
    _patch_member_header(enc, "case.json", flag_or=1)
    d64 = rewrite(bundle, tmp_path / "d64.zip")
    _patch_member_header(d64, "case.json", method=9)
    import hashlib

    fake = b"\x89PNG\r\n\x1a\n" + b"not really" * 100
    fake_sha = hashlib.sha256(fake).hexdigest()
    nonimage = rewrite(
        bundle,
        tmp_path / "nonimage.zip",
        case=lambda d: d["images"][0].update(sha256=fake_sha),
        add=[(f"files/{fake_sha}.png", fake)],
    )
    huge = _png(13000, 13000, "L")
    huge_sha = hashlib.sha256(huge).hexdigest()
    hugeb = rewrite(
        bundle,
        tmp_path / "huge.zip",
        case=lambda d: d["images"][0].update(sha256=huge_sha),
        add=[(f"files/{huge_sha}.png", huge)],
    )
    for bad, pattern in [(enc, "encrypted"), (d64, "compression"), (nonimage, "decoded"), (hugeb, "4096")]:
        with pytest.raises(StoreError, match=pattern):
            import_bundle(other, bad)
    assert_nothing_written(other, before)
    assert photo  # the original photo is untouched in the clinic
    assert store.integrity()["missing_files"] == []


def test_reviewed_case_comes_back_merged(clinic, tmp_path, fullres_images):
    store, cid, bundle, an, img = clinic
    derm = CaseStore(tmp_path / "derm")
    assert import_bundle(derm, bundle).status == "new"
    follow = load_image(fullres_images[1])
    iid = derm.add_image(cid, follow.rgb, "file", fullres_images[1].name)
    derm.add_analysis(iid, an.analyze(follow.rgb), author="dr d")
    derm.set_annotation(cid, diagnosis="mel", confirm_type="histopathology", notes="excise", author="dr d")
    store.set_annotation(cid, diagnosis="nv", confirm_type="clinical", author="nurse")  # the clinic's guess
    derm.set_annotation(cid, notes="excise within 2 weeks", author="dr d")  # the answer, made later
    back = export_bundle(derm, cid, tmp_path / "back2", with_pdf=False)
    res = import_bundle(store, back)
    assert res.status == "merged" and res.added_images == 1 and res.added_analyses == 1
    assert res.annotation == "taken", res.summary()
    case = store.get_case(cid)
    assert len(case["images"]) == 2 and case["annotation"]["diagnosis"] == "mel"
    assert case["annotation"]["notes"] == "excise within 2 weeks"
    changes = [(e["field"], e["before"], e["after"]) for e in case["audit"]]
    assert ("diagnosis", "nv", "mel") in changes  # the replaced annotation stays in the audit log
    again = import_bundle(store, back)
    assert again.status == "unchanged"
    # an older annotation coming in is not applied, and said so
    store.set_annotation(cid, notes="seen again, fine", author="nurse")
    res = import_bundle(store, back)
    assert res.annotation == "kept-newer-local" and "older" in res.summary()
    assert store.get_case(cid)["annotation"]["notes"] == "seen again, fine"
    derm.close()


def test_annotation_conflict_is_reported(clinic, tmp_path):
    store, cid, bundle, *_ = clinic
    store.set_annotation(cid, diagnosis="nv", author="a")
    t = store.get_case(cid)["annotation"]["updated_at"]
    clash = rewrite(
        bundle,
        tmp_path / "clash.zip",
        case=lambda d: d.update(
            annotation={"diagnosis": "mel", "confirm_type": None, "notes": None, "author": "b", "updated_at": t}
        ),
    )
    res = import_bundle(store, clash)
    assert res.annotation == "conflict" and "CONFLICT" in res.summary()
    assert store.get_case(cid)["annotation"]["diagnosis"] == "nv"


def test_patients_with_one_pseudonym_stay_apart(tmp_path, models_env):
    s = CaseStore(tmp_path / "s")
    a = s.create_case("IMG_0001")
    b = s.create_case("IMG_0001")
    assert s.get_case(a)["patient_id"] != s.get_case(b)["patient_id"]
    c = s.create_case("IMG_0001", patient_id=s.get_case(a)["patient_id"])  # the user says: same person
    assert s.get_case(c)["patient_id"] == s.get_case(a)["patient_id"]


def test_old_store_with_unique_pseudonyms_migrates(tmp_path):
    import sqlite3

    from cases.schema import MIGRATIONS

    home = tmp_path / "old"
    home.mkdir()
    db = sqlite3.connect(home / "cases.sqlite")
    for stmt in MIGRATIONS[0]:
        db.execute(stmt)
    db.execute("INSERT INTO patient VALUES ('a'||hex(randomblob(15)), 'P', '2026-01-01T00:00')")
    pid = db.execute("SELECT id FROM patient").fetchone()[0]
    db.execute("INSERT INTO lesion VALUES (?, ?, 'back', '2026-01-01T00:00')", ("b" * 32, pid))
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    s = CaseStore(home)
    assert s.get_case("b" * 32)["pseudonym"] == "P"
    s.create_case("P")
    assert len({s.get_case(c.id)["patient_id"] for c in s.list_cases()}) == 2
    assert s.integrity()["integrity_check"] == "ok"


def test_exports_of_a_case_stay_in_their_folder(clinic, tmp_path):
    store, cid, *_ = clinic
    out = tmp_path / "exports"
    for fn in (export_pdf, export_dicom):
        fn(store, cid, out)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".pdf", ".dcm")]
    assert written and all(out in p.parents for p in written)


def test_broken_sidecar_does_not_stop_rebuild(tmp_path):
    s = CaseStore(tmp_path / "s")
    good = s.create_case("good")
    bad = s.create_case("bad")
    (s.home / "cases" / bad / "case.json").write_text("{broken")
    (s.home / "cases" / "../../escape").mkdir(parents=True, exist_ok=True)
    s.close()
    (tmp_path / "s" / "cases.sqlite").unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp_path / "s" / "cases.sqlite") + suffix).unlink(missing_ok=True)
    s = CaseStore(tmp_path / "s")
    from cases.importer import rebuild_store

    assert rebuild_store(s) == 1
    assert [c.id for c in s.list_cases()] == [good]
    assert any("not valid JSON" in w for w in s.warnings)
