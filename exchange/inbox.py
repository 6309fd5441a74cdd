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
from cases.schema_gate import strict_json, validate_case
from cases.store import StoreError, now
from exchange.sr import COMPREHENSIVE_SR, case_text_from_sr

log = logging.getLogger("dermatriage.exchange")


@dataclass
class InboxResult:
    checked: int = 0
    results: list[ImportResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)  # the clinic's view: each signed review applied
    unverified: list[str] = field(default_factory=list)  # reviews not applied, and why


PAGE = 200  # instances per search page
MAX_PAGES = 50  # 10,000 reports per check at most; the rest waits for the next check
UID_CHARS = set("0123456789.")


def _tag(obj: object, tag: str) -> str | None:
    """A UID from a search result entry, or None when it is not one (a list, a number, 65+ chars)."""
    v = obj.get(tag, {}).get("Value") if isinstance(obj, dict) and isinstance(obj.get(tag), dict) else None
    u = v[0] if isinstance(v, list) and len(v) == 1 else None
    return u if isinstance(u, str) and 0 < len(u) <= 64 and set(u) <= UID_CHARS else None


def pending(store, client, problems: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(study, series, sop) of review SRs on the server that this store has not merged yet. Searched
    page by page (PAGE per page, at most MAX_PAGES); a server that ignores the offset (the same page
    again) ends the search; an entry that is not a well-formed result is skipped, with its reason."""
    problems = problems if problems is not None else []
    out, seen_uids = [], set()
    for page in range(MAX_PAGES):
        found = client.search_for_instances(
            search_filters={"SOPClassUID": COMPREHENSIVE_SR}, limit=PAGE, offset=page * PAGE
        )
        if not isinstance(found, list):
            problems.append("the server's search answer is not a list; nothing was read from it")
            break
        new = 0
        for inst in found:
            study, series, sop = _tag(inst, "0020000D"), _tag(inst, "0020000E"), _tag(inst, "00080018")
            if not (study and series and sop):
                problems.append("one search result without a well-formed study, series or instance UID was skipped")
                continue
            if sop in seen_uids:
                continue
            seen_uids.add(sop)
            new += 1
            if store.db.execute("SELECT 1 FROM inbox_seen WHERE sop_instance_uid=?", (sop,)).fetchone():
                continue
            out.append((study, series, sop))
        if len(found) < PAGE:
            break
        if new == 0:
            problems.append("the server sent the same results again (it ignores the search offset); search ended")
            break
    else:
        problems.append(f"more than {MAX_PAGES * PAGE} reports on the server; the rest waits for the next check")
    return out


def _pending_or_problem(store, client, res: InboxResult) -> list[tuple[str, str, str]]:
    """pending(), with a server that cannot be asked turned into one problem line (not a traceback)."""
    from exchange.reasons import failure_reason

    try:
        return pending(store, client, res.problems)
    except Exception as e:  # noqa: BLE001 - down, 401, HTML, nested JSON, TLS: untrusted answers
        res.problems.append(f"the server could not be searched: {failure_reason(e)}")
        return []


def mark_seen(store, sop: str, case_id: str | None, outcome: str) -> None:
    """Remember a report so that the inbox never fetches it again (also the store's own sent ones)."""
    with store.transaction():
        store.db.execute(
            "INSERT OR IGNORE INTO inbox_seen(sop_instance_uid, case_id, seen_at, outcome) VALUES (?,?,?,?)",
            (sop, case_id, now(), outcome),
        )


def sync_reviews(store, client) -> InboxResult:
    """The clinic's view: answers to its own cases. Only a review signed by a dermatologist this clinic
    trusts is applied, and only to the case's annotation (cases.reviews.apply_review): never photos,
    analyses, audit entries or a triage from the server. Reports for other clinics' cases are marked
    seen without being downloaded; an unverified review is listed and changes nothing."""
    from cases import reviews as store_reviews
    from exchange import reviews
    from exchange.sr import signed_review_from_sr

    res = InboxResult()
    own = {uid("study", r["id"]): r["id"] for r in store.db.execute("SELECT id FROM lesion")}
    trusted = {t.public_key: t for t in store_reviews.trusted(store)}
    for study, series, sop in _pending_or_problem(store, client, res):
        cid = own.get(study)
        if cid is None:
            mark_seen(store, sop, None, "not this clinic's case")
            continue
        res.checked += 1
        name = _case_name(store, cid)
        if store.db.execute("SELECT 1 FROM bin WHERE case_id=?", (cid,)).fetchone():
            res.unverified.append(f"{name}: in the bin, so its review was not applied (restore it to receive it)")
            continue  # not marked seen: applied once the case is restored
        try:
            sr = client.retrieve_instance(study, series, sop)
            review, who, why = reviews.verify(signed_review_from_sr(sr), cid, trusted)
            if review is None:
                res.unverified.append(f"{name}: unverified: not applied ({why})")
                continue  # not marked seen: applied once its reviewer is trusted
            outcome = store_reviews.apply_review(store, cid, review, who)
            mark_seen(store, sop, cid, f"review {outcome}")
            if outcome == "taken":
                res.reviews.append(f"{name}: review by {who.name} applied ({review['diagnosis']})")
            elif outcome == "older":
                res.reviews.append(f"{name}: an older review by {who.name} was not applied (a later one is)")
        except StoreError as e:
            res.problems.append(f"{name}: {e}")
        except Exception as e:  # noqa: BLE001 - a server answer is untrusted input: report, go on
            res.problems.append(f"{name}: {type(e).__name__}: {str(e)[:160]}")
    return res


def _case_name(store, cid: str) -> str:
    row = store.db.execute(
        "SELECT p.pseudonym FROM lesion l JOIN patient p ON p.id=l.patient_id WHERE l.id=?", (cid,)
    ).fetchone()
    return f"case {cid[:8]} ({row['pseudonym']})" if row else f"case {cid[:8]}"


def sync(store, client, only_own: bool = False) -> InboxResult:
    """Merge every unseen report. only_own: the clinic's view (sync_reviews)."""
    if only_own:
        return sync_reviews(store, client)
    res = InboxResult()
    for study, series, sop in _pending_or_problem(store, client, res):
        res.checked += 1
        try:
            sr = client.retrieve_instance(study, series, sop)
            text = case_text_from_sr(sr)
            if text is None:
                raise StoreError("the report carries no case document")
            doc = validate_case(strict_json(text, "the server's case document"), "the server's case")
            with Staging(store.home) as staging:
                staged = _photos(store, client, doc, staging)
                result = merge_case(store, doc, staged, source="server")
            mark_seen(store, sop, doc["id"], f"case {result.status}")
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
