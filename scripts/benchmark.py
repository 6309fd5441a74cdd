"""Speed and memory figures for the README. Prints a table; compares against a baseline in the
same run (timings on shared machines are noisy: medians, and ratios taken in one run).

    .venv/bin/python scripts/benchmark.py [--images 30] [--json docs/benchmark.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FULLRES = ROOT.parent / "shared" / "data" / "fullres-samples" / "images"


def median_ms(fn, items, repeat=1):
    times = []
    for _ in range(repeat):
        for it in items:
            t = time.perf_counter()
            fn(it)
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def onnx_vs_torch(files, threads):
    import numpy as np
    import torch
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    from inference.cam import class_activation_map, place_heatmap
    from inference.classifier import OnnxClassifier, flipped_views
    from inference.imageio import load_image
    from inference.preprocess import preprocess
    from inference.probs import softmax
    from inference.registry import default_model_id, find_model, list_models, verify
    from training.models import build_model

    torch.set_num_threads(threads)
    entry = find_model(default_model_id())
    vm = verify(entry)
    clf = OnnxClassifier(vm, "cpu", threads)
    m = vm.manifest
    run = ROOT / "runs" / "lite0_allham" / "checkpoint_best.pt"  # the default model's training run
    model = build_model(m.architecture, 7)
    note = "same weights (training checkpoint)"
    if run.exists():
        model.load_state_dict(torch.load(run, map_location="cpu", weights_only=False)["model"])
    else:
        note = "same architecture, random weights (checkpoint not present; timing only)"
    model.eval()
    datas = [f.read_bytes() for f in files]

    def onnx_path(data):
        rgb = load_image(data, name="x").rgb
        p = clf.predict(rgb)
        p.heatmap()

    def torch_path(data):
        rgb = load_image(data, name="x").rgb
        x = torch.from_numpy(preprocess(rgb, m.preprocess))
        views = torch.from_numpy(flipped_views(x.numpy(), m.test_time_flips))  # as many views as the app
        with GradCAM(model=model, target_layers=[model.backbone]) as gc:
            with torch.no_grad():
                logits = model(views).numpy()
            c = int(np.argmax(np.mean([softmax(v, m.temperature) for v in logits], axis=0)))
            cam = gc(input_tensor=x, targets=[ClassifierOutputTarget(c)])[0]
        place_heatmap(cam, rgb.shape[:2], (0, 0, rgb.shape[1], rgb.shape[0]))

    from inference.analysis import Analyzer

    analyzer = Analyzer.load(None, "cpu")  # as the app: checks beside the network (network_threads())
    sequential = Analyzer.load(None, "cpu", threads, overlap=False)  # the baseline: one after the other
    others = [e.id for e in list_models()[0] if e.id != m.id]
    # Another bundled model chosen in the app: its network, then the default's for the check only.
    alternative = Analyzer.load(others[0], "cpu") if others else None

    def full_path(data, an=analyzer):  # what the app does for one photo: from the file's bytes to triage
        an.analyze(load_image(data, name="x").rgb).heatmap()

    def sequential_path(data):
        full_path(data, sequential)

    def alternative_path(data):
        full_path(data, alternative)

    for d in datas[:3]:  # warm-up
        onnx_path(d)
        torch_path(d)
        full_path(d)
        sequential_path(d)
        if alternative:
            alternative_path(d)
    onnx_ms = median_ms(onnx_path, datas, 2)
    full_ms, seq_ms, alt_ms = [], [], []
    for _ in range(2):  # interleaved, so that a busy moment of the machine hits all of them
        full_ms.append(median_ms(full_path, datas))
        seq_ms.append(median_ms(sequential_path, datas))
        if alternative:
            alt_ms.append(median_ms(alternative_path, datas))
    full_ms, seq_ms = statistics.median(full_ms), statistics.median(seq_ms)
    torch_ms = median_ms(torch_path, datas, 1)
    _ = class_activation_map
    return {
        "model": m.id,
        "onnx_ms": onnx_ms,
        "full_analysis_ms": full_ms,
        "full_analysis_sequential_ms": seq_ms,
        "alternative": others[0] if others else None,
        "full_analysis_alternative_ms": statistics.median(alt_ms) if alt_ms else None,
        "network_threads": analyzer.classifiers[0].session.get_session_options().intra_op_num_threads,
        "torch_gradcam_ms": torch_ms,
        "speedup": torch_ms / onnx_ms,
        "note": note,
    }


def big_photo(files, repeat=5):
    """A 12-megapixel phone photo (4000 x 3000 JPEG, made from a shared photo): the whole analysis
    from the file's bytes, as the app does it, beside the baseline in the same run: the same photo
    decoded at full size (the loader's long-side limit at 4096 as before issue 31.8)."""
    import io

    import numpy as np
    from PIL import Image

    from inference import imageio
    from inference.analysis import Analyzer

    buf = io.BytesIO()
    big = np.asarray(Image.open(files[0]).convert("RGB").resize((4000, 3000), Image.BICUBIC), dtype=np.int16)
    noise = np.random.default_rng(0).normal(0, 3, big.shape).astype(np.int16)  # sensor noise: a phone's file size
    Image.fromarray(np.clip(big + noise, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=92)
    data = buf.getvalue()
    an = Analyzer.load(None, "cpu")

    def whole(_):
        an.analyze(imageio.load_image(data, name="phone.jpg").rgb).heatmap()

    whole(None)
    new, old = [], []
    for _ in range(repeat):  # interleaved
        new.append(median_ms(whole, [None]))
        imageio.MAX_SIDE, kept = 4096, imageio.MAX_SIDE
        try:
            old.append(median_ms(whole, [None]))
        finally:
            imageio.MAX_SIDE = kept
    return {"bytes": len(data), "ms": statistics.median(new), "baseline_ms": statistics.median(old)}


def cli_throughput(files, model):
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    an = Analyzer.load(model, "cpu")
    an.analyze(load_image(files[0]).rgb)
    t = time.perf_counter()
    for f in files:
        an.analyze(load_image(f).rgb)
    return len(files) / (time.perf_counter() - t)


def run_measured(cmd, env=None, timeout=900):
    """Run a child and return (stderr text, its own peak RSS in MB, exit code).

    The peak is the child's own VmHWM from /proc, polled while it runs: rusage figures are no
    good here, because a forked child inherits this (torch-laden) process's peak."""
    import tempfile

    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=env)
        deadline = time.monotonic() + timeout
        hwm_kb = 0
        while True:
            try:
                status_text = Path(f"/proc/{proc.pid}/status").read_text()
                hwm_kb = max(hwm_kb, int(re.search(r"VmHWM:\s+(\d+)", status_text).group(1)))
            except (OSError, AttributeError):
                pass
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return err.read().decode(errors="replace"), hwm_kb / 1024, proc.returncode


def cli_end_to_end(files, model="default"):
    """The real `dermatriage-cli predict` over the folder: images/s including start-up, peak RSS."""
    t = time.perf_counter()
    _, peak, rc = run_measured(
        [
            sys.executable,
            "-m",
            "cli",
            "predict",
            str(files[0].parent),
            "--format",
            "isic-csv",
            "--output",
            os.devnull,
            *(["--model", model] if model != "default" else []),
        ]
    )
    if rc != 0:
        raise SystemExit(f"CLI run failed with exit code {rc}")
    return len(files) / (time.perf_counter() - t), peak


def app_cold_start(runs=3):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "DERMATRIAGE_HOME": "/tmp/dermatriage-bench",
    }
    shown, ready, peaks = [], [], []
    for _ in range(runs):
        log, peak, _ = run_measured(
            [sys.executable, "-m", "desktop.main", "--quit-after", "3", str(FULLRES / "ISIC_0034529.jpg")],
            env=env,
            timeout=120,
        )
        shown.append(float(re.search(r"window shown after ([\d.]+) s", log).group(1)))
        m = re.search(r"model ready after ([\d.]+) s", log)
        ready.append(float(m.group(1)) if m else float("nan"))
        peaks.append(peak)
    return statistics.median(shown), statistics.median(ready), max(peaks)


def training_throughput(threads, size=224, steps=6):
    """Images per second of one training step of Lite0, batch 32, strong augmentation included,
    on crops of `size` px made from 224 px images (what progressive resizing trains on first)."""
    import numpy as np
    import torch

    from training.engine import ImageArrayDataset
    from training.models import build_model, preprocess_spec_for

    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = build_model("efficientnet_lite0", 7, pretrained=True).to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), 1e-3)
    pix = np.random.default_rng(0).integers(0, 255, (32, 224, 224, 3), dtype=np.uint8)
    ds = ImageArrayDataset(pix, np.arange(32) % 7, preprocess_spec_for("efficientnet_lite0"), True, "strong")
    ds.set_train_size(size)
    times = []
    for i in range(steps):
        t = time.perf_counter()
        x, y = (torch.stack(v) for v in zip(*(ds[j] for j in range(32)), strict=True))
        loss = torch.nn.functional.cross_entropy(model(x.contiguous(memory_format=torch.channels_last)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i:
            times.append(time.perf_counter() - t)
    return 32 / statistics.median(times)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=30)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--json", default=None)
    a = p.parse_args()
    files = sorted(FULLRES.glob("*.jpg"))
    r = {"machine": f"{os.cpu_count()} cores", "threads": a.threads}
    r["per_image"] = onnx_vs_torch(files[: a.images], a.threads)
    r["phone_12mp"] = big_photo(files)
    r["cli_images_per_s_single"] = cli_throughput(files, None)
    r["cli_images_per_s_ensemble"] = cli_throughput(files, "ensemble")
    r["cli_e2e_images_per_s_single"], r["cli_peak_mb"] = cli_end_to_end(files)
    r["cli_e2e_images_per_s_ensemble"], r["cli_peak_mb_ensemble"] = cli_end_to_end(files, "ensemble")
    r["app_window_s"], r["app_model_ready_s"], r["app_peak_mb"] = app_cold_start()
    r["train_images_per_s"] = training_throughput(a.threads)
    r["train_images_per_s_160"] = training_throughput(a.threads, 160)
    pi = r["per_image"]
    rows = [
        ("decode+preprocess+classify+heatmap, ONNX Runtime (median)", f"{pi['onnx_ms']:.1f} ms"),
        ("same in torch eager + pytorch-grad-cam GradCAM (median)", f"{pi['torch_gradcam_ms']:.1f} ms"),
        ("speed-up of the ONNX path (same run)", f"{pi['speedup']:.1f}x"),
        (
            "full analysis of one photo: decode, quality gate, classify, heatmap, not-a-lesion check, "
            "skin tone, triage; default model (median)",
            f"{pi['full_analysis_ms']:.1f} ms",
        ),
        (
            f"same, checks after the network instead of beside it ({a.threads} network threads; the baseline)",
            f"{pi['full_analysis_sequential_ms']:.1f} ms "
            f"({pi['full_analysis_sequential_ms'] / pi['full_analysis_ms']:.2f}x the time)",
        ),
        (
            f"same, alternative model `{pi['alternative']}` chosen (its network, then the default's "
            "for the not-a-lesion check only)",
            f"{pi['full_analysis_alternative_ms']:.1f} ms" if pi["full_analysis_alternative_ms"] else "-",
        ),
        (
            f"12-megapixel phone JPEG (4000 x 3000, {r['phone_12mp']['bytes'] / 1e6:.1f} MB): bytes to triage "
            "and heatmap, decoded at reduced size (target <= 1 s; median of 5)",
            f"{r['phone_12mp']['ms']:.0f} ms (baseline, decoded at full size: {r['phone_12mp']['baseline_ms']:.0f} ms)",
        ),
        (
            f"analysis throughput in one process, {len(files)} full-size photos, default model",
            f"{r['cli_images_per_s_single']:.1f} img/s",
        ),
        ("same, ensemble of all bundled models", f"{r['cli_images_per_s_ensemble']:.1f} img/s"),
        (
            f"`dermatriage-cli predict` on the {len(files)} photos incl. start-up, default model",
            f"{r['cli_e2e_images_per_s_single']:.1f} img/s",
        ),
        ("same, `--model ensemble`", f"{r['cli_e2e_images_per_s_ensemble']:.1f} img/s"),
        (
            "CLI peak memory, default model / ensemble",
            f"{r['cli_peak_mb']:.0f} MB / {r['cli_peak_mb_ensemble']:.0f} MB",
        ),
        ("app cold start to visible window (median of 3)", f"{r['app_window_s']:.2f} s"),
        ("app cold start to model ready", f"{r['app_model_ready_s']:.2f} s"),
        ("app peak memory (one photo analysed)", f"{r['app_peak_mb']:.0f} MB"),
        (
            "training throughput, EfficientNet-Lite0, batch 32, strong augmentation, 224 px",
            f"{r['train_images_per_s']:.1f} img/s",
        ),
        (
            "same on 160 px crops (`train --small-size 160`: progressive resizing's first epochs)",
            f"{r['train_images_per_s_160']:.1f} img/s ({r['train_images_per_s_160'] / r['train_images_per_s']:.2f}x)",
        ),
    ]
    print(f"\nDermaTriage benchmark ({r['machine']}, {a.threads} threads; model {pi['model']}; {pi['note']})")
    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    if a.json:
        Path(a.json).write_text(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
