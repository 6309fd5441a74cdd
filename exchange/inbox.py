"""The inbox: ask the server (QIDO-RS) for DermaTriage review reports this store has not seen,
retrieve them and their photos (WADO-RS), and merge each case with the bundle importer's rules
and its validation gate (cases.importer.merge_case). A dermatologist's store receives new cases;
a clinic's store receives the answers to its own cases."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from cases import imaging_bridge
from cases.dicom import uid
from cases.importer import ImportResult, Staging, merge_case
from cases.store import StoreError, now
from cases.validate import strict_json, validate_case
from exchange.sr import COMPREHENSIVE_SR, case_text_from_sr

log = logging.getLogger("dermatriage.exchange")


@dataclass
class InboxResult:
    checked: int = 0
    results: list[ImportResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _tag(obj: dict, tag: str):
    v = obj.get(tag, {}).get("Value")
    return v[0] if v else None


def pending(store, client) -> list[tuple[str, str, str]]:
    """(study, series, sop) of review SRs on the server that this store has not merged yet."""
    found = client.search_for_instances(search_filters={"SOPClassUID": COMPREHENSIVE_SR}, get_remaining=True)
    out = []
    for inst in found:
        study, series, sop = _tag(inst, "0020000D"), _tag(inst, "0020000E"), _tag(inst, "00080018")
        if not (study and series and sop):
            continue
        if store.db.execute("SELECT 1 FROM inbox_seen WHERE sop_instance_uid=?", (sop,)).fetchone():
            continue
        out.append((study, series, sop))
    return out


def sync(store, client, only_own: bool = False) -> InboxResult:
    """Merge every unseen review. only_own: the clinic's view, answers to cases it already has."""
    res = InboxResult()
    for study, series, sop in pending(store, client):
        res.checked += 1
        try:
            sr = client.retrieve_instance(study, series, sop)
            text = case_text_from_sr(sr)
            if text is None:
                raise StoreError("the report carries no case document")
            doc = validate_case(strict_json(text, "the server's case document"), "the server's case")
            if only_own and not store.db.execute("SELECT 1 FROM lesion WHERE id=?", (doc["id"],)).fetchone():
                continue
            with Staging(store.home) as staging:
                staged = _photos(store, client, doc, staging)
                result = merge_case(store, doc, staged, source="server")
            with store.transaction():
                store.db.execute(
                    "INSERT OR IGNORE INTO inbox_seen(sop_instance_uid, case_id, seen_at) VALUES (?,?,?)",
                    (sop, doc["id"], now()),
                )
            res.results.append(result)
        except StoreError as e:
            res.problems.append(f"report {sop[:24]}...: {e}")
        except Exception as e:  # noqa: BLE001 - a server answer is untrusted input: report, go on
            res.problems.append(f"report {sop[:24]}...: {type(e).__name__}: {str(e)[:160]}")
    return res


def _photos(store, client, doc: dict, staging) -> dict:
    """Retrieve the photos this store lacks; the document's image hashes become those of the
    local PNGs (the pixels are what must be identical); heatmaps are recomputed locally, not sent."""
    staged = {}
    series = uid("series", doc["id"], "photos")
    for im in doc["images"]:
        for a in im["analyses"]:
            a["heatmap_sha256"] = None
        row = store.db.execute("SELECT sha256 FROM image WHERE id=?", (im["id"],)).fetchone()
        if row is not None:
            im["sha256"] = row["sha256"]
            continue
        ds = client.retrieve_instance(uid("study", doc["id"]), series, uid("image", im["id"]))
        png, digest, (h, w) = imaging_bridge.png_from_dataset(ds)
        if (w, h) != (im["width"], im["height"]):
            raise StoreError(f"photo {im['id']} has another size on the server than in its report")
        path = staging / f"{digest}.png"
        path.write_bytes(png)
        im["sha256"] = digest
        staged[digest] = path
    return staged
