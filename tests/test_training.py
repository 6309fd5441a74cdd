from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from inference import metrics as M  # noqa: E402
from inference.classes import CLASS_KEYS  # noqa: E402
from training import data as D  # noqa: E402
from training.models import ARCHITECTURES, build_model  # noqa: E402


def test_metrics_match_sklearn():
    from sklearn import metrics as skm

    rng = np.random.default_rng(0)
    y = rng.integers(0, 7, 400)
    logits = rng.normal(size=(400, 7)) + np.eye(7)[y] * 1.5
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    pred = probs.argmax(1)
    rep = M.classification_report(probs, y)
    assert rep["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert rep["accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    assert rep["macro_f1"] == pytest.approx(skm.f1_score(y, pred, average="macro"))
    assert rep["top2_accuracy"] == pytest.approx(skm.top_k_accuracy_score(y, probs, k=2))
    np.testing.assert_array_equal(rep["confusion_matrix"], skm.confusion_matrix(y, pred, labels=range(7)))
    prec, rec, f1, _ = skm.precision_recall_fscore_support(y, pred, labels=range(7), zero_division=0)
    for i, k in enumerate(("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")):
        assert rep["per_class"][k]["precision"] == pytest.approx(prec[i])
        assert rep["per_class"][k]["recall"] == pytest.approx(rec[i])
        assert rep["per_class"][k]["auc"] == pytest.approx(skm.roc_auc_score(y == i, probs[:, i]))
    mal = np.isin(y, [0, 1, 4])
    assert rep["malignant_auc"] == pytest.approx(skm.roc_auc_score(mal, probs[:, [0, 1, 4]].sum(1)))
    scores = rng.random(300).round(2)  # ties
    lab = rng.random(300) < 0.3
    fpr, tpr, _ = M.roc_curve(lab, scores)
    assert M.auc(fpr, tpr) == pytest.approx(skm.roc_auc_score(lab, scores))


def test_bootstrap_intervals_resample_whole_lesions():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 7, 300)
    logits = rng.normal(size=(300, 7)) + np.eye(7)[y] * 1.2
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    rep = M.classification_report(probs, y, ci=True)
    for k in ("balanced_accuracy", "malignant_auc"):
        lo, hi = rep["ci95"][k]
        assert lo < rep[k] < hi and hi - lo < 0.25
    assert M.balanced_accuracy(y, probs.argmax(1)) == pytest.approx(rep["balanced_accuracy"])
    # Two images of every lesion: drawing lesions gives the interval of the single-image data
    # (same draws), while drawing images pretends there are twice as many lesions (too narrow).
    lesions = np.arange(300)
    y2, p2, g2 = np.r_[y, y], np.r_[probs, probs], np.r_[lesions, lesions]
    single = M.bootstrap_ci(M.malignant_auc, y, probs, lesions, n_boot=400)
    grouped = M.bootstrap_ci(M.malignant_auc, y2, p2, g2, n_boot=400)
    naive = M.bootstrap_ci(M.malignant_auc, y2, p2, None, n_boot=400)
    assert grouped == pytest.approx(single)
    assert naive[1] - naive[0] < 0.85 * (grouped[1] - grouped[0])
    perfect = np.eye(7)[y]  # perfectly separated: no uncertainty
    assert M.bootstrap_ci(M.malignant_auc, y, perfect, n_boot=50) == (1.0, 1.0)


def test_temperature_reduces_nll_and_thresholds():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 7, 500)
    logits = (rng.normal(size=(500, 7)) + np.eye(7)[y] * 2) * 4  # over-confident
    t = M.fit_temperature(logits, y)
    assert t > 1.5 and M.nll(logits, y, t) < M.nll(logits, y, 1.0)
    mal = rng.random(1000) < 0.2
    score = np.where(mal, rng.uniform(0.3, 1, 1000), rng.uniform(0, 0.7, 1000))
    thr = M.threshold_for_sensitivity(mal, score, 0.95)
    sens, _ = M.sens_spec(mal, score, thr)
    assert sens >= 0.95
    spec_thr = M.threshold_for_specificity(mal, score, 0.95)
    assert M.sens_spec(mal, score, spec_thr)[1] >= 0.95
    (s_lo, s_hi), (p_lo, p_hi) = M.sens_spec_ci(mal, score, thr, n_boot=300)
    spec = M.sens_spec(mal, score, thr)[1]
    assert s_lo <= sens <= s_hi and p_lo < spec < p_hi and s_hi - s_lo < 0.1


def test_split_is_grouped_by_lesion_and_stratified(ham_root, tmp_path):
    records = D.load_ham10000(ham_root)
    # Make lesions with several images, as in full HAM10000: pair up images of the same class.
    fake = [D.Record(r.image_id, r.path, r.label, f"L{i // 2}-{r.label}", r.meta) for i, r in enumerate(records)]
    a = D.split_by_lesion(fake, seed=7)
    by_lesion = {}
    for r in fake:
        by_lesion.setdefault(r.lesion_id, set()).add(a[r.image_id])
    assert all(len(s) == 1 for s in by_lesion.values())  # no lesion in two splits
    for c in range(7):
        labels = [a[r.image_id] for r in fake if r.label == c]
        frac = labels.count("train") / len(labels)
        assert 0.6 < frac < 0.8
    assert a == D.split_by_lesion(fake, seed=7)  # fixed by the seed
    sha = D.write_split(tmp_path / "split.csv", fake, a)
    assert len(sha) == 64 and D.read_split(tmp_path / "split.csv") == a


def test_median_frequency_weights():
    w = D.median_frequency_weights([0, 0, 0, 0, 1, 1, 2], n_classes=4)
    np.testing.assert_allclose(w, [0.5, 1.0, 2.0, 0.0])


def test_folder_tree_loader(tmp_path, ham_root):
    import shutil

    src = sorted((ham_root / "images").glob("*.jpg"))[:2]
    for key, f in zip(("mel", "nv"), src, strict=True):
        (tmp_path / key).mkdir()
        shutil.copy(f, tmp_path / key / f.name)
    recs = D.load_folder_tree(tmp_path)
    assert sorted(r.label for r in recs) == [4, 5]


@pytest.mark.parametrize("name", sorted(ARCHITECTURES))
def test_every_architecture_forward_backward(name):
    torch.manual_seed(0)
    model = build_model(name, 7)
    x = torch.randn(2, 3, 64, 64)
    out = model(x)
    assert out.shape == (2, 7)
    out.sum().backward()
    assert model.classifier.weight.grad is not None
    assert model.forward_features(x).ndim == 4  # a conv map, for CAM


def test_local_weights_file(tmp_path):
    import torchvision

    net = torchvision.models.resnet18(weights=None)
    torch.save(net.state_dict(), tmp_path / "r18.pth")
    m = build_model("resnet18", 7, weights=tmp_path / "r18.pth")
    assert torch.equal(m.backbone[0].weight, net.conv1.weight)


def test_imagenet_weights_load_for_lite0():
    m = build_model("efficientnet_lite0", 7, pretrained=True)
    assert m.backbone.net.conv_stem.weight.abs().sum() > 0


def _run_train(args, env=None, timeout=900):
    return subprocess.run(
        [sys.executable, "-m", "training.train", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_ddp_two_processes_gloo(ham_root, tmp_path):
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc-per-node",
        "2",
        "--master-port",
        "29533",
        "-m",
        "training.train",
        "--data",
        str(ham_root),
        "--arch",
        "tinyvgg",
        "--epochs",
        "2",
        "--max-images",
        "16",
        "--batch-size",
        "4",
        "--output",
        str(tmp_path / "ddp"),
        "--dist-backend",
        "gloo",
        "--no-progress",
        "--threads",
        "1",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    done = (tmp_path / "ddp" / "result.json").exists()
    # A known gloo teardown abort ("terminate called without an active exception") sometimes hits a
    # rank after the run has finished and written its result (about 1 CI run in 4): that is
    # accepted only when the result is there; any other failure fails.
    teardown_abort = "terminate called without an active exception" in out.stderr and done
    assert out.returncode == 0 or teardown_abort, out.stderr[-3000:]
    result = json.loads((tmp_path / "ddp" / "result.json").read_text())
    assert result["epochs_run"] == 2


@pytest.fixture(scope="module")
def smoke_export(ham_root, tmp_path_factory):
    """A few training steps of the real default architecture on real images, then a real export."""
    out = tmp_path_factory.mktemp("smoke")
    r = _run_train(
        [
            "--config",
            "training/configs/efficientnet_lite0.yaml",
            "--data",
            str(ham_root),
            "--epochs",
            "2",
            "--freeze-epochs",
            "1",
            "--max-images",
            "21",
            "--batch-size",
            "8",
            "--output",
            str(out / "run"),
            "--no-progress",
            "--export-id",
            "smoke-lite0",
            "--models-dir",
            str(out / "models"),
        ]
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.mark.slow
def test_smoke_training_exports_a_complete_model(smoke_export):
    folder = smoke_export / "models" / "smoke-lite0"
    m = json.loads((folder / "manifest.json").read_text())
    for key in (
        "onnx_sha256",
        "preprocess",
        "classes",
        "calibration",
        "thresholds",
        "ood",
        "metrics",
        "provenance",
        "intended_use",
        "metrics_by_ita_band",
        "reference_prediction",
    ):
        assert key in m
    assert m["provenance"]["split_sha256"] and m["provenance"]["data_sha256"]
    assert m["calibration"]["fit_on"] == "val" and m["thresholds"]["chosen_on"] == "val"
    assert set(m["metrics"]["test"]["ci95"]) == {
        "balanced_accuracy",
        "malignant_auc",
        "malignant_sensitivity",
        "malignant_specificity",
    }
    card = (folder / "card.md").read_text()
    assert "split by lesion (all photos of a lesion in the same part)" in card and card.count("95 % CI") >= 4
    assert "| the same by class | " in card and set(m["ood"]["pipeline_test_rejected_per_class"]) <= set(CLASS_KEYS)
    assert card.count("not a diagnosis") >= 1
    for png in ("confusion_test.png", "roc_test.png", "reliability_test.png", "ood_scores.png"):
        assert (folder / "report" / png).stat().st_size > 1000
    hist = json.loads((smoke_export / "run" / "history.json").read_text())
    assert len(hist) == 2 and all("train_seconds" in h for h in hist)
    with open(smoke_export / "run" / "split.csv") as f:
        assert {row["split"] for row in csv.DictReader(f)} == {"train", "val", "test"}


def _torch_model(folder):
    m = json.loads((folder / "manifest.json").read_text())
    run = folder.parent.parent / "run"
    ck = torch.load(run / "checkpoint_best.pt", map_location="cpu", weights_only=False)
    model = build_model(m["architecture"], 7)
    model.load_state_dict(ck["model"])
    return model.eval(), m


@pytest.mark.slow
def test_onnx_matches_torch_on_real_images(smoke_export, fullres_images):
    from inference.analysis import Analyzer
    from inference.imageio import load_image
    from inference.preprocess import PreprocessSpec, preprocess
    from inference.probs import softmax

    folder = smoke_export / "models" / "smoke-lite0"
    model, m = _torch_model(folder)
    spec = PreprocessSpec.from_dict(m["preprocess"])
    an = Analyzer.load("smoke-lite0", "cpu", root=folder.parent)
    worst = 0.0
    for f in fullres_images[::10]:
        rgb = load_image(f).rgb
        with torch.no_grad():
            logits = model(torch.from_numpy(preprocess(rgb, spec))).numpy()[0]
        p_torch = softmax(logits, m["calibration"]["temperature"])
        p_onnx = an.analyze(rgb).predictions[0].probabilities
        worst = max(worst, float(np.abs(p_torch - p_onnx).max()))
    assert worst <= 1e-4


@pytest.mark.slow
def test_cam_equals_pytorch_grad_cam(smoke_export, fullres_images):
    import cv2
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    from inference.cam import class_activation_map
    from inference.classifier import OnnxClassifier
    from inference.imageio import load_image
    from inference.preprocess import PreprocessSpec, preprocess
    from inference.registry import find_model, verify

    folder = smoke_export / "models" / "smoke-lite0"
    model, m = _torch_model(folder)
    spec = PreprocessSpec.from_dict(m["preprocess"])
    clf = OnnxClassifier(verify(find_model("smoke-lite0", folder.parent)), "cpu")
    rs = []
    with GradCAM(model=model, target_layers=[model.backbone]) as gc:
        for f in fullres_images[::7]:
            rgb = load_image(f).rgb
            p = clf.predict(rgb)
            c = p.predicted_index
            ref = gc(input_tensor=torch.from_numpy(preprocess(rgb, spec)), targets=[ClassifierOutputTarget(c)])[0]
            ours = cv2.resize(
                class_activation_map(p.features, clf.model.cam_weights, c),
                ref.shape[::-1],
                interpolation=cv2.INTER_LINEAR,
            )
            if ref.std() > 0 and ours.std() > 0:
                rs.append(np.corrcoef(ref.ravel(), ours.ravel())[0, 1])
    assert len(rs) >= 5 and min(rs) >= 0.99, rs


def test_lr_range_test_writes_plot_and_suggestion(ham_root, tmp_path):
    from training.lr_find import main as lr_main

    assert (
        lr_main(
            [
                "--data",
                str(ham_root),
                "--arch",
                "tinyvgg",
                "--steps",
                "12",
                "--batch-size",
                "8",
                "--max-images",
                "40",
                "--output",
                str(tmp_path),
            ]
        )
        == 0
    )
    import json

    d = json.loads((tmp_path / "lr_find.json").read_text())
    assert (tmp_path / "lr_find.png").stat().st_size > 1000 and d["suggested"] > 0


def test_metadata_exploration(ham_root, tmp_path):
    from training.explore import main as explore

    assert explore(["--data", str(ham_root), "--output", str(tmp_path)]) == 0
    s = json.loads((tmp_path / "metadata.json").read_text())
    assert s["images"] == 5984 and s["class"]["nv"] == 4323 and sum(s["class"].values()) == 5984
    assert (tmp_path / "metadata.png").stat().st_size > 5000


def test_malignant_loss_term_is_bce_on_summed_malignant_probability():
    from torch import nn

    from training.engine import make_criterion

    torch.manual_seed(0)
    logits = torch.randn(12, 7, requires_grad=True)
    y = torch.tensor([0, 1, 2, 3, 4, 5, 6, 5, 5, 4, 1, 2])
    mal = [0, 1, 4]
    loss = make_criterion("ce", None, 0.0, malignant=mal, malignant_weight=0.5)(logits, y)
    p = logits.softmax(1)
    p_mal = p[:, mal].sum(1)
    is_mal = torch.tensor([int(c in mal) for c in y.tolist()], dtype=torch.float32)
    bce = -(is_mal * p_mal.log() + (1 - is_mal) * (1 - p_mal).log()).mean()
    expected = nn.functional.cross_entropy(logits, y) + 0.5 * bce
    assert loss.item() == pytest.approx(expected.item(), rel=1e-5)
    assert isinstance(make_criterion("ce", None, 0.0, malignant=mal, malignant_weight=0.0), nn.CrossEntropyLoss)
    # The extra term's gradient raises the malignant share for a malignant target.
    one = torch.zeros(1, 7, requires_grad=True)
    make_criterion("ce", None, 0.0, malignant=mal, malignant_weight=1.0)(one, torch.tensor([4])).backward()
    g = one.grad[0]
    assert (g[mal] < 0).all() and (g[[2, 3, 5, 6]] > 0).all()


@pytest.mark.slow
def test_ema_run_then_soup(ham_root, tmp_path):
    """Short real runs with EMA and the malignant term: what is checkpointed is the EMA model, the
    history carries validation malignant AUC; two runs average into a soup that loads and validates."""
    from training.soup import average_states

    runs = []
    for seed in (1, 2):
        out = tmp_path / f"run{seed}"
        r = _run_train(
            ["--config", "training/configs/efficientnet_lite0.yaml", "--data", str(ham_root), "--epochs", "1",
             "--max-images", "14", "--batch-size", "7", "--ema", "0.9", "--malignant-weight", "1.0",
             "--seed", str(seed), "--output", str(out), "--no-progress", "--threads", "2"]
        )  # fmt: skip
        assert r.returncode == 0, r.stderr[-3000:]
        runs.append(out)
    hist = json.loads((runs[0] / "history.json").read_text())
    assert len(hist) == 1 and 0.0 <= hist[0]["val_malignant_auc"] <= 1.0
    best = torch.load(runs[0] / "checkpoint_best.pt", map_location="cpu", weights_only=False)["model"]
    last = torch.load(runs[0] / "checkpoint_last.pt", map_location="cpu", weights_only=False)
    ema = {k.removeprefix("module."): v for k, v in last["ema"].items() if k != "n_averaged"}
    key = "classifier.weight"
    for k, v in best.items():  # one epoch: the kept checkpoint is the EMA after it
        torch.testing.assert_close(v, ema[k])
    assert not torch.equal(last["model"][key], ema[key])  # ... and the EMA is not the raw weights

    states = [torch.load(r / "checkpoint_best.pt", map_location="cpu", weights_only=False)["model"] for r in runs]
    avg = average_states(states)
    torch.testing.assert_close(avg[key], (states[0][key] + states[1][key]) / 2)
    r = subprocess.run(
        [sys.executable, "-m", "training.soup", "--runs", *map(str, runs), "--output", str(tmp_path / "soup"),
         "--device", "cpu"], capture_output=True, text=True, timeout=600
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads((tmp_path / "soup" / "result.json").read_text())
    assert 0.0 <= res["val_balanced_accuracy"] <= 1.0 and len(res["soup_of"]) == 2
    soup = torch.load(tmp_path / "soup" / "checkpoint_best.pt", map_location="cpu", weights_only=False)["model"]
    build_model("efficientnet_lite0", 7).load_state_dict(soup)
    torch.testing.assert_close(soup[key], avg[key])
    bn = next(k for k in soup if k.endswith("running_mean"))
    assert not torch.equal(soup[bn], avg[bn])  # batch-norm statistics were recomputed


@pytest.mark.slow
def test_gallery_with_gradcam_gradcampp_and_guided_backprop(smoke_export, tmp_path):
    from training.gallery import render

    out = render(smoke_export / "run", smoke_export / "models" / "smoke-lite0", per_class=1, out=tmp_path / "g.png")
    from PIL import Image

    with Image.open(out) as im:
        assert im.size[0] > 400 and im.size[1] > 200


def test_a_run_with_a_split_file_keeps_its_copy_for_the_export(ham_root, tmp_path):
    """LOSO runs pass --split-file; the export reads <run>/split.csv, so the run keeps a copy."""
    from training import loso
    from training.train import parse_args, prepare_data

    records = D.load_ham10000(ham_root)
    split = tmp_path / "given.csv"
    D.write_split(split, records, D.split_by_lesion(records))
    out = tmp_path / "run"
    out.mkdir()
    args = parse_args(["--data", str(ham_root), "--split-file", str(split), "--output", str(out)])
    _, by_split, sha = prepare_data(args, out)
    assert (out / "split.csv").read_bytes() == split.read_bytes() and len(sha) == 64
    assert sum(len(v) for v in by_split.values()) == len(records)
    held = loso.loso_split(records, "rosendahl")  # a held-out source is test as a whole, lesions intact
    test_lesions = {r.lesion_id for r in records if held[r.image_id] == "test"}
    assert all(held[r.image_id] == "test" for r in records if r.lesion_id in test_lesions)
    assert all(held[r.image_id] == "test" for r in records if r.meta.get("source") == "rosendahl")


@pytest.mark.slow
def test_resume_right_after_the_frozen_epochs(ham_root, tmp_path):
    """A run stopped after its frozen (head-only) epoch resumes with the whole network training; the
    saved optimizer knew the head only, so it is not loaded into the unfrozen one."""
    out = tmp_path / "run"
    common = ["--config", "training/configs/efficientnet_lite0.yaml", "--data", str(ham_root),
              "--freeze-epochs", "1", "--max-images", "14", "--batch-size", "7", "--output", str(out),
              "--no-progress", "--threads", "2"]  # fmt: skip
    r = _run_train([*common, "--epochs", "1"])
    assert r.returncode == 0, r.stderr[-3000:]
    r = _run_train([*common, "--epochs", "2", "--resume"])
    assert r.returncode == 0, r.stderr[-3000:]
    assert "resumed from epoch 1" in r.stderr and "backbone unfrozen" in r.stderr
    assert [h["epoch"] for h in json.loads((out / "history.json").read_text())] == [0, 1]


def test_progressive_resizing_crops_reach_loader_workers():
    """set_train_size changes the crops the dataset makes, also inside persistent worker processes."""
    from torch.utils.data import DataLoader

    from training.engine import ImageArrayDataset
    from training.models import preprocess_spec_for

    spec = preprocess_spec_for("efficientnet_lite0")
    pix = np.random.default_rng(0).integers(0, 255, (4, 224, 224, 3), dtype=np.uint8)
    ds = ImageArrayDataset(pix, [0, 1, 2, 3], spec, augment=True, strength="strong")
    assert ds[0][0].shape == (3, 224, 224)
    loader = DataLoader(ds, batch_size=2, num_workers=1, persistent_workers=True)
    assert next(iter(loader))[0].shape[-1] == 224
    ds.set_train_size(128)
    assert ds[0][0].shape == (3, 128, 128)
    assert next(iter(loader))[0].shape[-1] == 128  # the worker saw it


@pytest.mark.slow
def test_progressive_resizing_run(ham_root, tmp_path):
    out = tmp_path / "run"
    r = _run_train(
        ["--config", "training/configs/efficientnet_lite0.yaml", "--data", str(ham_root), "--freeze-epochs", "0",
         "--epochs", "2", "--small-size", "128", "--small-epochs", "1", "--max-images", "14", "--batch-size", "7",
         "--output", str(out), "--no-progress", "--threads", "2"]
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    hist = json.loads((out / "history.json").read_text())
    assert [h["train_size"] for h in hist] == [128, 224]
    assert "training crops of 128 px" in r.stderr


def test_distill_loss_mixes_the_class_loss_with_the_teacher():
    from training.distill import DistillLoss

    torch.manual_seed(0)
    logits = torch.randn(5, 7, requires_grad=True)
    y = torch.tensor([0, 1, 2, 5, 6])
    soft = torch.softmax(torch.randn(5, 7), 1)
    base = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    ce_soft = -(soft * torch.log_softmax(logits, 1)).sum(1).mean()
    torch.testing.assert_close(DistillLoss(base, 0.0)(logits, y, soft), base(logits, y))
    torch.testing.assert_close(DistillLoss(base, 1.0)(logits, y, soft), ce_soft)
    torch.testing.assert_close(DistillLoss(base, 0.3)(logits, y, soft), 0.7 * base(logits, y) + 0.3 * ce_soft)
    onehot = torch.nn.functional.one_hot(y, 7).float()  # a one-hot teacher is the plain loss
    plain = torch.nn.CrossEntropyLoss()
    torch.testing.assert_close(DistillLoss(plain, 0.5)(logits, y, onehot), plain(logits, y))
    with pytest.raises(ValueError):
        DistillLoss(base, 1.5)


def test_teacher_is_what_the_app_reports_for_the_ensemble(ham_root):
    """Teacher probabilities are the bundled models' calibrated, view-averaged probabilities
    (OnnxClassifier.predict, the app's path), averaged over the models."""
    from inference.classifier import OnnxClassifier
    from inference.imageio import load_image
    from inference.registry import find_model, verify
    from tests.conftest import BUNDLED, bundled_model_ids
    from training.distill import teacher_probabilities

    ids = bundled_model_ids()
    if not ids:
        pytest.skip("no bundled models")
    records = D.load_ham10000(ham_root)[:3]
    clfs = [OnnxClassifier(verify(find_model(i, BUNDLED)), device="cpu") for i in ids]
    pixels = D.load_pixels(records, clfs[0].manifest.preprocess)
    got = teacher_probabilities(pixels, ids, BUNDLED)
    want = [np.mean([c.predict(load_image(r.path).rgb).probabilities for c in clfs], 0) for r in records]
    np.testing.assert_allclose(got, np.array(want), atol=1e-6)


def test_load_teacher_refuses_missing_photos_and_bad_rows(tmp_path):
    from training.distill import load_teacher

    probs = np.full((2, 7), 1 / 7)
    np.savez(tmp_path / "t.npz", image_ids=np.array(["a", "b"]), probs=probs)
    np.testing.assert_allclose(load_teacher(tmp_path / "t.npz", ["b", "a"]), probs[[1, 0]])
    with pytest.raises(ValueError, match="no teacher probabilities for 1"):
        load_teacher(tmp_path / "t.npz", ["a", "c"])
    np.savez(tmp_path / "bad.npz", image_ids=np.array(["a"]), probs=np.full((1, 7), 0.5))
    with pytest.raises(ValueError, match="not rows of probabilities"):
        load_teacher(tmp_path / "bad.npz", ["a"])


def test_rebalanced_teacher_moves_the_prior_and_keeps_rows_of_probabilities():
    from training.distill import rebalance

    labels = np.array([0, 1, 2, 4, 6] + [5] * 12 + [3] * 3)  # naevi 60 %, dermatofibromas 15 %
    probs = np.full((3, 7), 0.05)
    probs[:, 5] = 0.7
    q = rebalance(probs, labels, 0.5)
    np.testing.assert_allclose(q.sum(1), 1.0)
    assert q[0, 3] / q[0, 5] == pytest.approx((0.05 / 0.7) * (12 / 3) ** 0.5)  # df gains by sqrt(4)
    np.testing.assert_allclose(rebalance(probs, labels, 0.0), probs)  # alpha 0: unchanged
    with pytest.raises(ValueError, match="every class"):
        rebalance(probs, np.array([5, 5, 3]), 0.5)


@pytest.mark.slow
def test_a_distillation_run(ham_root, tmp_path):
    records = D.load_ham10000(ham_root)
    rng = np.random.default_rng(0)
    teacher = tmp_path / "teacher.npz"
    np.savez(teacher, image_ids=np.array([r.image_id for r in records]), probs=rng.dirichlet(np.ones(7), len(records)))
    out = tmp_path / "run"
    r = _run_train(
        ["--config", "training/configs/efficientnet_lite0.yaml", "--data", str(ham_root), "--epochs", "1",
         "--teacher", str(teacher), "--distill-weight", "0.5", "--max-images", "14", "--batch-size", "7",
         "--output", str(out), "--no-progress", "--threads", "2"]
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    assert "distilling from" in r.stderr
    assert json.loads((out / "config.json").read_text())["distill_weight"] == 0.5
