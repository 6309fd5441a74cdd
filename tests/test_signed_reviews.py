"""Issue 30, item 1: who wrote a review is proven by a signature, not assumed from the account it
came from. Against the real Orthanc with three accounts (clinic A, clinic B, the dermatologist):
clinic B reads A's report and stores a forged one; A's inbox lists it as unverified and changes
nothing; the trusted dermatologist's signed review is applied, to the annotation only."""

from __future__ import annotations

import copy
import io
import json
import os
import stat

import pytest
from pydicom import dcmread

from cases import reviews as trusted
from cases.dicom import to_bytes, uid
from cases.store import CaseStore
from exchange import inbox, outbox, reviews
from exchange.sr import case_text_from_sr, review_sr, signed_review_from_sr
from inference.analysis import Analyzer
from inference.imageio import load_image


def _case(store, photo):
    an = Analyzer.load("tiny-a", "cpu")
    cid = store.create_case("A-0042", "left forearm", author="nurse")
    rgb = load_image(photo).rgb[::2, ::2].copy()
    iid = store.add_image(cid, rgb, "file", photo.name)
    store.add_analysis(iid, an.analyze(rgb), author="nurse")
    return cid


def _store_sr(client, ds):
    client.store_instances([dcmread(io.BytesIO(to_bytes(ds)))])


def _snapshot(store, cid):
    case = store.get_case(cid)
    return {
        "annotation": case["annotation"],
        "images": [(im["id"], [(a["id"], a["triage"]) for a in im["analyses"]]) for im in case["images"]],
        "audit": len(case["audit"]),
    }


@pytest.fixture()
def cleanup(orthanc):
    studies = []
    yield studies
    for study in studies:
        orthanc.delete_study(study)


def test_a_forged_review_from_another_clinics_account_changes_nothing(
    tmp_path, models_env, fullres_images, orthanc, cleanup
):
    a_client, b_client, d_client = orthanc.client(), orthanc.client("clinic-b"), orthanc.client("derm")
    clinic = CaseStore(tmp_path / "clinic-a")
    cid = _case(clinic, fullres_images[4])
    outbox.queue(clinic, cid)
    assert outbox.send_due(clinic, a_client) == (1, 0)
    derm = CaseStore(tmp_path / "derm")
    me = reviews.init(derm.home, "Dr Real")
    trusted.trust(clinic, me.public_key, me.name, me.fingerprint)
    before = _snapshot(clinic, cid)

    # Clinic B's account reads A's report and stores forged versions of it.
    study = uid("study", cid)
    cleanup.append(study)
    [sr_meta] = [
        i for i in b_client.search_for_instances(study) if i["00080016"]["Value"][0] == "1.2.840.10008.5.1.4.1.1.88.33"
    ]
    sr = b_client.retrieve_instance(study, sr_meta["0020000E"]["Value"][0], sr_meta["00080018"]["Value"][0])
    doc = json.loads(case_text_from_sr(sr))
    forged = copy.deepcopy(doc)
    forged["annotation"] = {"diagnosis": "nv", "confirm_type": "histopathology", "notes": "benign, discharge",
                            "author": "Dr Real", "updated_at": "2099-01-01T00:00:00.000+00:00"}  # fmt: skip
    extra = copy.deepcopy(forged["images"][0])
    extra["id"] = "f" * 32
    forged["images"].append(extra)
    forged["audit"] = [{"at": "2020-01-01T00:00:00.000+00:00", "who": "Dr Real", "entity": "annotation",
                        "field": "diagnosis", "before": None, "after": "nv"}]  # fmt: skip
    _store_sr(b_client, review_sr(forged))  # 1: unsigned
    mallory = reviews.init(tmp_path / "mallory", "Dr Real")  # 2: signed, by a key A does not trust
    m_store = CaseStore(tmp_path / "mallory")
    second = copy.deepcopy(forged)
    second["annotation"]["notes"] = "second"  # another version: another SR on the server
    _store_sr(b_client, review_sr(second, 2, reviews.sign(m_store.home, second)))
    good = reviews.sign(derm.home, {**forged, "annotation": {**forged["annotation"], "diagnosis": "mel"}})
    tampered = {**good, "diagnosis": "nv"}  # 3: a real signature, its content changed
    third = copy.deepcopy(forged)
    third["annotation"]["notes"] = "third"
    _store_sr(b_client, review_sr(third, 3, tampered))
    assert mallory.public_key != me.public_key

    res = inbox.sync(clinic, a_client, only_own=True)
    assert not res.reviews, res.reviews
    assert len(res.unverified) == 3, res.unverified
    joined = " ".join(res.unverified)
    assert "unsigned" in joined and "does not trust" in joined and "does not match" in joined
    assert all("A-0042" in line and "not applied" in line for line in res.unverified)
    assert _snapshot(clinic, cid) == before  # no annotation, no photo, no analysis, no audit row

    # The real dermatologist's review, signed by the trusted key, through the dermatologist's account.
    derm_res = inbox.sync(derm, d_client)
    assert cid in [c.id for c in derm.list_cases()], derm_res.problems
    with derm.transaction():
        derm.set_annotation(cid, "mel", "histopathology", "excise", author="typed in a field")
        outbox.queue(derm, cid)
    assert outbox.send_due(derm, d_client) == (1, 0)
    res = inbox.sync(clinic, a_client, only_own=True)
    case = clinic.get_case(cid)
    assert case["annotation"]["diagnosis"] == "mel" and case["annotation"]["author"] == "Dr Real"
    assert len(res.reviews) == 1 and "Dr Real" in res.reviews[0]
    assert [(im["id"], [(a["id"], a["triage"]) for a in im["analyses"]]) for im in case["images"]] == before["images"]
    assert trusted.last_review(clinic, cid)["reviewer"] == "Dr Real"
    # The forged ones stay unapplied however often the inbox is checked; the applied one is not fetched again.
    again = inbox.sync(clinic, a_client, only_own=True)
    assert not again.reviews and len(again.unverified) == 3
    assert clinic.get_case(cid)["annotation"]["diagnosis"] == "mel"
    for s in (clinic, derm, m_store):
        s.close()


def test_the_later_signed_review_wins_whatever_its_fields_say(tmp_path, models_env, fullres_images):
    clinic = CaseStore(tmp_path / "clinic")
    cid = _case(clinic, fullres_images[5])
    me = reviews.init(tmp_path / "derm", "Dr Later")
    who = trusted.trust(clinic, me.public_key, me.name, me.fingerprint)
    base = clinic.get_case(cid)

    def signed(dx, confirm, at):
        ann = {"diagnosis": dx, "confirm_type": confirm, "updated_at": at}
        return reviews.sign(tmp_path / "derm", {**base, "annotation": ann})

    first = signed("nv", "clinical", "2026-12-01T10:00:00.000+00:00")
    second = signed("mel", "histopathology", "2026-12-02T10:00:00.000+00:00")
    t = {who.public_key: who}
    assert trusted.apply_review(clinic, cid, reviews.verify(second, cid, t)[0], who) == "taken"
    assert trusted.apply_review(clinic, cid, reviews.verify(first, cid, t)[0], who) == "older"
    assert clinic.get_case(cid)["annotation"]["diagnosis"] == "mel"
    assert reviews.verify(second, "0" * 32, t)[2] == "signed for another case"
    assert reviews.verify({**second, "signed_at": "2099-01-01T00:00:00.000+00:00"}, cid, t)[0] is None
    clinic.close()


def test_reviewer_keys_are_private_and_a_planted_key_is_refused(tmp_path):
    me = reviews.init(tmp_path, "Dr Key")
    folder = tmp_path / reviews.KEY_FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "signing.key").stat().st_mode) == 0o600
    with pytest.raises(reviews.ReviewError):
        reviews.init(tmp_path, "Dr Key again")  # never replaced
    assert reviews.load(tmp_path)[1] == me
    os.chmod(folder / "signing.key", 0o644)
    with pytest.raises(reviews.ReviewError, match="open to other users"):
        reviews.load(tmp_path)
    pub = tmp_path / "key.json"
    pub.write_text(json.dumps(reviews.public_document(me)))
    assert reviews.read_public(pub) == me
    pub.write_text(json.dumps({**reviews.public_document(me), "public_key": "zz"}))
    with pytest.raises(reviews.ReviewError):
        reviews.read_public(pub)


def test_signed_review_survives_the_sr_round_trip(tmp_path, models_env, fullres_images):
    clinic = CaseStore(tmp_path / "c")
    cid = _case(clinic, fullres_images[6])
    reviews.init(tmp_path / "d", "Dr SR")
    case = {**clinic.get_case(cid), "annotation": {"diagnosis": "bcc", "confirm_type": "clinical", "notes": "ñ"}}
    signed = reviews.sign(tmp_path / "d", case)
    ds = dcmread(io.BytesIO(to_bytes(review_sr(case, signed_review=signed))))
    assert signed_review_from_sr(ds) == signed
    clinic.close()


class _NoServer:
    """A client that must not be called: a binned case is never sent."""

    def store_instances(self, datasets):
        raise AssertionError("a case in the bin was sent")


def test_a_binned_case_is_never_sent_and_its_review_waits_for_it(
    tmp_path, models_env, fullres_images, orthanc, cleanup
):
    """Issue 30, item 6."""
    from cases.edit import delete_case, restore_case

    clinic = CaseStore(tmp_path / "clinic")
    cid = _case(clinic, fullres_images[7])
    outbox.queue(clinic, cid)
    delete_case(clinic, cid, author="nurse", reason="duplicate")
    assert outbox.due(clinic) == [] and outbox.send_due(clinic, _NoServer()) == (0, 0)
    assert outbox.state_of(clinic, cid).state == outbox.QUEUED  # still queued, for when it is restored
    restore_case(clinic, cid, author="nurse")
    cleanup.append(uid("study", cid))
    assert outbox.send_due(clinic, orthanc.client()) == (1, 0)
    derm = CaseStore(tmp_path / "derm")
    me = reviews.init(derm.home, "Dr Bin")
    trusted.trust(clinic, me.public_key, me.name, me.fingerprint)
    inbox.sync(derm, orthanc.client("derm"))
    with derm.transaction():
        derm.set_annotation(cid, "bcc", "clinical", "", author="x")
        outbox.queue(derm, cid)
    assert outbox.send_due(derm, orthanc.client("derm")) == (1, 0)
    delete_case(clinic, cid, author="nurse", reason="by mistake")
    res = inbox.sync(clinic, orthanc.client(), only_own=True)
    assert not res.reviews and "in the bin" in " ".join(res.unverified)
    assert clinic.get_case(cid)["annotation"] is None
    restore_case(clinic, cid, author="nurse")
    res = inbox.sync(clinic, orthanc.client(), only_own=True)
    assert res.reviews and clinic.get_case(cid)["annotation"]["diagnosis"] == "bcc"
    clinic.close()
    derm.close()


def test_without_pynacl_reviews_are_still_verified_with_the_models_check(
    tmp_path, models_env, fullres_images, monkeypatch
):
    """The installer leaves PyNaCl out for now: a review is then verified by inference/ed25519.py,
    with the same answers, and signing says it cannot."""
    clinic = CaseStore(tmp_path / "c")
    cid = _case(clinic, fullres_images[8])
    me = reviews.init(tmp_path / "d", "Dr Fallback")
    who = trusted.trust(clinic, me.public_key, me.name, me.fingerprint)
    signed = reviews.sign(tmp_path / "d", {**clinic.get_case(cid), "annotation": {"diagnosis": "mel"}})
    monkeypatch.setattr(reviews, "_signing", lambda: None)
    t = {who.public_key: who}
    assert reviews.verify(signed, cid, t)[0] == signed
    assert reviews.verify({**signed, "diagnosis": "nv"}, cid, t)[2] == "a signature that does not match its content"
    with pytest.raises(reviews.ReviewError, match="cannot sign"):
        reviews.sign(tmp_path / "d", {**clinic.get_case(cid), "annotation": {"diagnosis": "mel"}})
    clinic.close()
