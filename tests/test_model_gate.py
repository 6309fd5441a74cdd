"""Issue 15 item 3 and issue 18: a model's manifest and files pass one gate (schema, signature,
hashes, files inside the folder); a bad model is refused by name and the others keep working."""

from __future__ import annotations

import base64
import json
import shutil

import pytest

from inference import ed25519
from inference.errors import ModelError
from inference.registry import check_all, find_model, list_models, verify
from tests.tiny_model import resign


@pytest.fixture()
def root(tiny_models, tmp_path):
    r = tmp_path / "m"
    shutil.copytree(tiny_models, r)
    return r


def edit(root, model_id, fn, sign=True):
    path = root / model_id / "manifest.json"
    m = json.loads(path.read_text())
    fn(m)
    path.write_text(json.dumps(m))
    if sign:
        resign(root / model_id)


def status(root):
    return {(e.id if e else None): p for e, p in check_all(root)}


BAD_MANIFESTS = {
    "schema as string": lambda m: m.update(schema_version="1"),
    "classes null": lambda m: m.update(classes=None),
    "threshold text": lambda m: m["thresholds"].update(malignant="abc"),
    "threshold above 1": lambda m: m["thresholds"].update(malignant=1.5),
    "urgent missing": lambda m: m["thresholds"].pop("urgent"),
    "urgent below referral": lambda m: m["thresholds"].update(urgent=0.1, malignant=0.3),
    "temperature 0": lambda m: m["calibration"].update(temperature=0),
    "no ood": lambda m: m.pop("ood"),
    "ood without threshold": lambda m: m["ood"].pop("threshold"),
    "appearance gate of 1": lambda m: m["ood"].update(appearance_needs_features=1.0),  # would ignore the look
    "appearance gate text": lambda m: m["ood"].update(appearance_needs_features="0.5"),
    "appearance gate negative": lambda m: m["ood"].update(appearance_needs_features=-0.5),
    "appearance gate huge": lambda m: m["ood"].update(appearance_needs_features=1e308),
    "onnx outside": lambda m: m.update(onnx_file="../tiny-b/model.onnx"),
    "onnx absolute": lambda m: m.update(onnx_file="/etc/passwd"),
    "cam outside": lambda m: m["cam"].update(file="../../x.npz"),
    "unknown preprocessing": lambda m: m["preprocess"].update(magic=1),
    "malignant flag flipped": lambda m: m["classes"][5].update(malignant=True),
}


@pytest.mark.parametrize("name", sorted(BAD_MANIFESTS))
def test_bad_manifest_is_refused_by_name_and_others_work(root, name):
    edit(root, "tiny-a", BAD_MANIFESTS[name])  # even when re-signed: the gate is the schema
    st = status(root)
    assert st.get("tiny-b") is None and "tiny-b" in st  # the other model still verifies
    bad = [p for e, p in st.items() if e != "tiny-b"]
    assert bad and all(p for p in bad) and any("tiny-a" in p for p in bad)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_nan_threshold_is_refused(root, value):
    path = root / "tiny-a" / "manifest.json"
    text = path.read_text().replace('"malignant": 0.3', f'"malignant": {value}')
    assert value in text
    path.write_text(text)
    resign(root / "tiny-a")
    entries, problems = list_models(root)
    assert [e.id for e in entries] == ["tiny-b"] and "tiny-a" in problems[0]


def test_one_digit_edited_threshold_is_refused(root):
    """A plausible but edited threshold (0.3 -> 0.9) turns melanomas into 'monitor': the signed
    index covers the manifest's bytes, so the edit is caught."""
    edit(root, "tiny-a", lambda m: m["thresholds"].update(malignant=0.9, urgent=0.95), sign=False)
    st = status(root)
    assert "manifest was changed" in st["tiny-a"] and st["tiny-b"] is None


def test_unsigned_unknown_key_and_bad_signature_are_refused(root, tmp_path):
    (root / "tiny-a" / "signature.json").unlink()
    assert "not signed" in status(root)["tiny-a"]
    resign(root / "tiny-a")
    sig_path = root / "tiny-a" / "signature.json"
    index = json.loads(sig_path.read_text())
    index["key_id"] = "0" * 16
    sig_path.write_text(json.dumps(index))
    assert "does not trust" in status(root)["tiny-a"]
    resign(root / "tiny-a")
    index = json.loads(sig_path.read_text())
    sig = bytearray(base64.b64decode(index["signature"]))
    sig[5] ^= 1
    index["signature"] = base64.b64encode(bytes(sig)).decode()
    sig_path.write_text(json.dumps(index))
    assert "not valid" in status(root)["tiny-a"]


def test_flipped_byte_in_any_file_is_refused(root, tmp_path):
    for name in ("model.onnx", "classifier.npz", "ood.npz", "manifest.json", "signature.json"):
        r = tmp_path / name
        shutil.copytree(root, r)
        p = r / "tiny-a" / name
        data = bytearray(p.read_bytes())
        data[len(data) // 2] ^= 0x01
        p.write_bytes(bytes(data))
        st = status(r)
        assert st["tiny-b"] is None
        assert [p for e, p in st.items() if e != "tiny-b" and p], name


def test_folder_must_carry_its_models_id(root):
    """Two folders with one id would hide one model: a copy under another name is refused."""
    shutil.copytree(root / "tiny-a", root / "tiny-c")
    entries, problems = list_models(root)
    assert sorted(e.id for e in entries) == ["tiny-a", "tiny-b"]
    assert "tiny-c" in problems[0] and "calls itself 'tiny-a'" in problems[0]


def test_external_data_is_refused(root):
    onnx = root / "tiny-a" / "model.onnx"
    onnx.write_bytes(onnx.read_bytes() + b"\x0a\x08location\x12\x04x.bin")
    edit(root, "tiny-a", lambda m: m.update(onnx_sha256=__import__("hashlib").sha256(onnx.read_bytes()).hexdigest()))
    with pytest.raises(ModelError, match="other files"):
        verify(find_model("tiny-a", root))


def test_ed25519_matches_cryptography():
    from cryptography.hazmat.primitives import serialization as S
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    for i in range(20):
        k = Ed25519PrivateKey.generate()
        pub = k.public_key().public_bytes(S.Encoding.Raw, S.PublicFormat.Raw)
        msg = bytes([i]) * i
        sig = k.sign(msg)
        assert ed25519.verify(pub, msg, sig)
        assert not ed25519.verify(pub, msg + b"x", sig)
        bad = bytearray(sig)
        bad[i % 64] ^= 1 << (i % 8)
        assert not ed25519.verify(pub, msg, bytes(bad))
        assert not ed25519.verify(pub[::-1], msg, sig)
    # RFC 8032 test vector 1 (empty message)
    pub = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    sig = bytes.fromhex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )
    assert ed25519.verify(pub, b"", sig)


def test_bundled_models_are_signed_by_the_release_key(monkeypatch):
    """With only the app's own keys trusted (assets/keys), every bundled model verifies."""
    from tests.conftest import BUNDLED

    monkeypatch.delenv("DERMATRIAGE_TRUSTED_KEYS")
    entries, problems = list_models(BUNDLED)
    assert entries and not problems
    for e in entries:
        verify(e)


def test_decision_weights_change_only_the_top_class(tmp_path):
    """calibration.decision_weights (docs/experiments/decision-weights.md): the most likely class is argmax(p * w);
    probabilities, malignant probability and triage stay as they were; bad weights are refused."""
    import numpy as np

    from inference.analysis import Analyzer
    from tests.tiny_model import make_tiny_model

    make_tiny_model(tmp_path, "tiny-w", seed=3)
    folder = tmp_path / "tiny-w"
    rgb = np.random.default_rng(0).integers(0, 255, (300, 300, 3), dtype=np.uint8)
    plain = Analyzer.load("tiny-w", "cpu", root=tmp_path).analyze(rgb)
    manifest = json.loads((folder / "manifest.json").read_text())
    target = int(np.argsort(plain.probabilities)[0])  # the least likely class
    w = [1.0] * 7
    w[target] = 1000.0
    manifest["calibration"]["decision_weights"] = w
    (folder / "manifest.json").write_text(json.dumps(manifest))
    resign(folder)
    weighted = Analyzer.load("tiny-w", "cpu", root=tmp_path).analyze(rgb)
    assert np.allclose(weighted.probabilities, plain.probabilities)
    assert weighted.malignant_probability == plain.malignant_probability and weighted.triage == plain.triage
    assert weighted.predicted_index == target != plain.predicted_index
    assert weighted.to_dict()["predicted"] == weighted.predicted
    for bad in ([1.0] * 6, [1.0] * 6 + [-1.0], [1.0] * 6 + [float("inf")]):
        manifest["calibration"]["decision_weights"] = bad
        (folder / "manifest.json").write_text(json.dumps(manifest).replace("Infinity", "1e999"))
        resign(folder)
        with pytest.raises(ModelError):
            verify(find_model("tiny-w", tmp_path))


def test_test_time_flips_average_the_views_and_keep_the_heatmap_of_the_photo(tmp_path):
    """calibration.test_time_flips (docs/experiments/tta.md): the probabilities are the mean over the photo as
    is and its flipped copies, each through the real ONNX network; features, heatmap and the
    not-a-lesion check stay those of the photo as is; any other count is refused."""
    import numpy as np

    from inference.analysis import Analyzer
    from inference.preprocess import normalize, resize_to_model
    from inference.probs import softmax
    from tests.tiny_model import make_tiny_model

    make_tiny_model(tmp_path, "tiny-f", seed=4)
    folder = tmp_path / "tiny-f"
    rgb = np.random.default_rng(1).integers(0, 255, (300, 300, 3), dtype=np.uint8)
    plain = Analyzer.load("tiny-f", "cpu", root=tmp_path).analyze(rgb)
    manifest = json.loads((folder / "manifest.json").read_text())
    for flips in (2, 4):
        manifest["calibration"]["test_time_flips"] = flips
        (folder / "manifest.json").write_text(json.dumps(manifest))
        resign(folder)
        an = Analyzer.load("tiny-f", "cpu", root=tmp_path)
        res = an.analyze(rgb)
        clf = an.classifiers[0]
        pix = resize_to_model(rgb, clf.manifest.preprocess)
        views = [pix, pix[:, ::-1], pix[::-1], pix[::-1, ::-1]][:flips]
        singles = [
            softmax(clf.run(normalize(np.ascontiguousarray(v)[None], clf.manifest.preprocess))[0][0], 1.5)
            for v in views
        ]
        assert np.allclose(res.probabilities, np.mean(singles, axis=0), atol=1e-6)
        assert not np.allclose(res.probabilities, plain.probabilities)
        assert np.allclose(res.predictions[0].features, plain.predictions[0].features, atol=1e-6)
        assert res.ood[0].feature_score == pytest.approx(plain.ood[0].feature_score, rel=1e-5)
    for bad in (3, 0, "4"):
        manifest["calibration"]["test_time_flips"] = bad
        (folder / "manifest.json").write_text(json.dumps(manifest))
        resign(folder)
        with pytest.raises(ModelError):
            verify(find_model("tiny-f", tmp_path))
