"""Issue 18: signed model updates install into the user data folder after the same checks the app
makes before using a model; anything else is refused by name with the reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from inference.errors import ModelError
from inference.install import install, remove
from inference.registry import installed_dir, list_models
from tests.tiny_model import make_tiny_model

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def home(tmp_path, monkeypatch, tiny_models):
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DERMATRIAGE_MODELS", str(tiny_models))
    return tmp_path / "home"


@pytest.fixture()
def package(tmp_path):
    folder = make_tiny_model(tmp_path / "pkgs", "tiny-update", seed=7)
    return folder


def _zip(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as z:
        for p in folder.iterdir():
            z.write(p, f"{folder.name}/{p.name}")
    return out


def test_good_package_installs_and_is_used(home, package, tmp_path, fullres_images):
    e = install(_zip(package, tmp_path / "u.zip"))
    assert e.folder == installed_dir() / "tiny-update" and home in e.folder.parents
    assert "tiny-update" in [x.id for x in list_models()[0]]
    r = subprocess.run(
        [sys.executable, "-m", "cli", "predict", str(fullres_images[0]), "--model", "tiny-update"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ),
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"][0]["models"][0]["id"] == "tiny-update"
    with pytest.raises(ModelError, match="already installed"):
        install(package)
    remove("tiny-update")
    assert "tiny-update" not in [x.id for x in list_models()[0]]
    with pytest.raises(ModelError, match="bundled"):
        remove("tiny-a")


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", ["model.onnx", "classifier.npz", "ood.npz", "card.md", "manifest.json"])
def test_a_flipped_byte_in_any_file_is_refused(home, package, name):
    _flip(package / name)
    with pytest.raises(ModelError):
        install(package)
    assert not installed_dir().exists() or not [p for p in installed_dir().iterdir() if not p.name.startswith(".")]


def test_edited_manifest_unknown_key_and_missing_signature_are_refused(home, package, tmp_path):
    m = json.loads((package / "manifest.json").read_text())
    m["thresholds"]["malignant"] = 0.9
    m["thresholds"]["urgent"] = 0.95
    edited = tmp_path / "edited" / "tiny-update"
    shutil.copytree(package, edited)
    (edited / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelError, match="changed after it was signed"):
        install(edited)
    unsigned = tmp_path / "unsigned" / "tiny-update"
    shutil.copytree(package, unsigned)
    (unsigned / "signature.json").unlink()
    with pytest.raises(ModelError, match="not signed"):
        install(unsigned)
    stranger = tmp_path / "stranger.pem"
    from training.sign import load_key, new_key, sign_folder

    new_key(stranger)  # a key nobody added to the trusted list
    other = tmp_path / "other" / "tiny-update"
    shutil.copytree(package, other)
    sign_folder(other, load_key(stranger))
    with pytest.raises(ModelError, match="does not trust"):
        install(other)
    # an administrator trusts it: now it installs
    keys = home / "keys"
    keys.mkdir(parents=True)
    from training.sign import public_hex

    (keys / "partner.pub").write_text(public_hex(load_key(stranger)))
    assert install(other).id == "tiny-update"


def test_hostile_zip_members_are_refused(home, package, tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as z:
        for p in package.iterdir():
            z.write(p, p.name)
        z.writestr("../../escape.txt", "x")
    with pytest.raises(ModelError, match="not allowed"):
        install(bad)
    assert not (tmp_path / "escape.txt").exists() and not (home.parent / "escape.txt").exists()


def test_cli_install_and_remove(home, package, tmp_path):
    env = dict(os.environ)
    base = [sys.executable, "-m", "cli", "models"]
    r = subprocess.run(base + ["install", str(package)], capture_output=True, text=True, cwd=REPO, env=env)
    assert r.returncode == 0 and "installed tiny-update" in r.stdout, r.stderr
    r = subprocess.run(base, capture_output=True, text=True, cwd=REPO, env=env)
    assert "tiny-update" in r.stdout and r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(base + ["remove", "tiny-update"], capture_output=True, text=True, cwd=REPO, env=env)
    assert r.returncode == 0
    _flip(package / "model.onnx")
    r = subprocess.run(base + ["install", str(package)], capture_output=True, text=True, cwd=REPO, env=env)
    assert r.returncode == 2 and "refused" in r.stderr and "integrity" in r.stderr


# --- Issue 30, item 8 -------------------------------------------------------------------------------


def _edited(package: Path, tmp_path: Path, name: str, model_id: str | None = None, **manifest) -> Path:
    from tests.tiny_model import resign

    folder = tmp_path / name / (model_id or package.name)
    shutil.copytree(package, folder)
    m = json.loads((folder / "manifest.json").read_text())
    m.update(manifest, **({"id": model_id} if model_id else {}))
    (folder / "manifest.json").write_text(json.dumps(m))
    resign(folder)
    return folder


def test_an_unsigned_zip_bomb_writes_nothing(home, tmp_path):
    import time

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("m/model.onnx", "w") as f:
            for _ in range(300):
                f.write(b"\0" * 2**20)  # 300 MB that compress to a few hundred KB
        z.writestr("m/manifest.json", "{}")
    assert bomb.stat().st_size < 4_000_000
    t = time.monotonic()
    with pytest.raises(ModelError, match="not signed.*nothing was unpacked"):
        install(bomb)
    assert time.monotonic() - t < 5
    assert not any(installed_dir().rglob("model.onnx")) if installed_dir().exists() else True


def test_an_older_version_never_replaces_a_newer_one(home, package, tmp_path, capsys):
    new = _edited(package, tmp_path, "new", version="20261205")
    old = _edited(package, tmp_path, "old", version="20261201")
    install(new)
    with pytest.raises(ModelError, match="not newer"):
        install(old, replace=True)
    assert next(e for e in list_models()[0] if e.id == "tiny-update").manifest.version == "20261205"
    install(old, replace=True, allow_downgrade=True)
    assert next(e for e in list_models()[0] if e.id == "tiny-update").manifest.version == "20261201"


def test_a_key_in_a_folder_others_can_write_is_not_trusted(home, package, tmp_path):
    from training.sign import load_key, new_key, public_hex, sign_folder

    stranger = tmp_path / "stranger.pem"
    new_key(stranger)
    other = tmp_path / "other" / "tiny-update"
    shutil.copytree(package, other)
    sign_folder(other, load_key(stranger))
    keys = home / "keys"
    keys.mkdir(parents=True)
    (keys / "planted.pub").write_text(public_hex(load_key(stranger)))
    os.chmod(keys, 0o777)
    with pytest.raises(ModelError, match="does not trust"):
        install(other)
    os.chmod(keys, 0o755)
    os.chmod(keys / "planted.pub", 0o666)
    with pytest.raises(ModelError, match="does not trust"):
        install(other)


def test_look_alike_ids_and_names_are_refused(home, package, tmp_path):
    bundled = list_models()[0][0].id
    with pytest.raises(ModelError, match="bundled"):
        install(_edited(package, tmp_path, "case", model_id=bundled.upper()))
    with pytest.raises(ModelError, match="claim to be the default"):
        install(_edited(package, tmp_path, "dflt", display_name="Tiny (default)"))


def test_a_graph_that_explodes_in_memory_is_refused(home, package, tmp_path):
    import onnx
    from onnx import TensorProto, helper

    from tests.tiny_model import resign

    folder = tmp_path / "bombgraph" / "tiny-update"
    shutil.copytree(package, folder)
    g = onnx.load(folder / "model.onnx")
    shape = helper.make_tensor("bomb_shape", TensorProto.INT64, [3], [1024, 1024, 1024])  # 4 GiB of float32
    g.graph.initializer.append(shape)
    value = helper.make_tensor("v", TensorProto.FLOAT, [1], [0.0])
    g.graph.node.append(helper.make_node("ConstantOfShape", ["bomb_shape"], ["bomb"], value=value))
    g.graph.node.append(helper.make_node("ReduceSum", ["bomb"], ["bomb_sum"], keepdims=0))
    g.graph.output.append(helper.make_tensor_value_info("bomb_sum", TensorProto.FLOAT, []))
    onnx.save(g, folder / "model.onnx")
    import hashlib

    m = json.loads((folder / "manifest.json").read_text())
    m["onnx_sha256"] = hashlib.sha256((folder / "model.onnx").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(m))
    resign(folder)
    with pytest.raises(ModelError, match="needs more than"):
        install(folder)
