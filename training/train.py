"""Train a classifier on a labelled image folder; optionally export it as a bundled model.

    dermatriage-train --data ../shared/data/ham10000-224 --arch efficientnet_lite0 --pretrained \
        --epochs 10 --output runs/lite0 --export-id efficientnet_lite0-ham10000-20261122

Shaped like torchvision's reference scripts: get_args_parser(), main(args), train_one_epoch(),
evaluate(). Multi-process: `torchrun --nproc-per-node N -m training.train ...` (DDP; gloo on CPU).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, WeightedRandomSampler
from torch.utils.data.distributed import DistributedSampler

from inference import metrics as M
from inference.classes import CLASS_KEYS
from inference.probs import softmax
from training import data as D
from training.engine import (
    ImageArrayDataset,
    make_criterion,
    predict_logits,
    train_one_epoch,
)
from training.models import (
    ARCHITECTURES,
    build_model,
    parameter_groups,
    preprocess_spec_for,
    set_backbone_trainable,
)

log = logging.getLogger("dermatriage.train")


def get_args_parser(add_help: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser("DermaTriage training", add_help=add_help)
    p.add_argument("--config", help="YAML or JSON file whose keys set defaults for these options")
    p.add_argument("--data", default="../shared/data/ham10000-224", help="HAM10000 folder or class tree")
    p.add_argument(
        "--sharper-data",
        help="ham10000-224: take each photo from this copy where it has it (with --data ham10000-200x150)",
    )
    p.add_argument(
        "--anchor-data",
        help="keep the lesion split of this folder (split with --split-seed) and split only new lesions",
    )
    p.add_argument("--augment", default="default", choices=["default", "strong"])
    p.add_argument("--color-constancy", default="none", choices=["none", "shades_of_gray"])
    p.add_argument("--arch", default="efficientnet_lite0", choices=sorted(ARCHITECTURES))
    p.add_argument("--pretrained", action="store_true", help="local ImageNet weights (EfficientNet-Lite)")
    p.add_argument("--weights", help="local state dict of the original network to start from")
    p.add_argument(
        "--init-from", help="a finished run's checkpoint_best.pt: start from its whole network, head included"
    )
    p.add_argument("--input-size", type=int, default=None)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--opt", default="adamw", choices=["adamw", "sgd"])
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument(
        "--lr-ratios",
        type=float,
        nargs=3,
        default=(0.1, 0.3, 1.0),
        help="LR multipliers for the first, middle and last third of the backbone",
    )
    p.add_argument("--t0", type=float, default=None, help="first cosine cycle in epochs (default: all)")
    p.add_argument("--t-mult", type=int, default=1, help="cycle-length multiplier after each restart")
    p.add_argument("--freeze-epochs", type=int, default=1, help="epochs with the backbone frozen first")
    p.add_argument(
        "--small-size",
        type=int,
        default=None,
        help="progressive resizing: train the first --small-epochs epochs on crops of this many pixels "
        "(validation, export and the app stay at the model's input size)",
    )
    p.add_argument("--small-epochs", type=int, default=0, help="epochs trained at --small-size")
    p.add_argument("--loss", default="ce", choices=["ce", "focal"])
    p.add_argument("--teacher", help="teacher probabilities (training.distill) for the training photos")
    p.add_argument("--distill-weight", type=float, default=0.5, help="with --teacher: weight of the teacher term")
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument(
        "--class-weights",
        default="median",
        choices=["median", "sqrt_median", "none"],
        help="median-frequency weights; sqrt_median softens them (nv is 72 %% of HAM)",
    )
    p.add_argument("--weighted-sampler", action="store_true")
    p.add_argument(
        "--malignant-weight",
        type=float,
        default=0.0,
        help="weight of an extra benign-vs-malignant loss on the summed malignant probability",
    )
    p.add_argument(
        "--ema",
        type=float,
        default=0.0,
        help="keep an exponential moving average of the weights "
        "with this decay (e.g. 0.998); it is what gets validated, checkpointed and exported",
    )
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--patience", type=int, default=4, help="early stop after N epochs w/o improvement")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--split-seed", type=int, default=42)
    p.add_argument("--split-file", help="reuse a saved split CSV (image_id,...,split)")
    p.add_argument("--max-images", type=int, default=None, help="smoke runs: first N per split")
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--device", default="auto", help="auto (a GPU when torch sees one), cpu, cuda, cuda:1 ...")
    p.add_argument("--output", default="runs/latest")
    p.add_argument("--resume", action="store_true", help="continue from output/checkpoint_last.pt")
    p.add_argument("--dist-backend", default="gloo")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--export-id", help="after training, export to assets/models/<id>")
    p.add_argument("--display-name", default=None)
    p.add_argument("--models-dir", default="assets/models")
    return p


def parse_args(argv=None) -> argparse.Namespace:
    parser = get_args_parser()
    pre, _ = parser.parse_known_args(argv)
    if pre.config:
        parser.set_defaults(**_read_config(pre.config))
    return parser.parse_args(argv)


def _read_config(path: str) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith((".yaml", ".yml")):
        import yaml

        cfg = yaml.safe_load(text) or {}
    else:
        cfg = json.loads(text)
    return {k.replace("-", "_"): v for k, v in cfg.items()}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def _dist_info() -> tuple[int, int]:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    return world, rank


def prepare_data(args, out: Path):
    records = D.records_for(vars(args))
    if args.split_file:
        assignment = D.read_split(Path(args.split_file))
        split_path = Path(args.split_file)
        if split_path.resolve() != (out / "split.csv").resolve():  # the export reads the run's own copy
            (out / "split.csv").write_bytes(split_path.read_bytes())
    elif getattr(args, "anchor_data", None):  # configs of runs made before this option lack it
        old = D.load_dataset(args.anchor_data)
        assignment = D.split_anchored(
            records,
            D.split_by_lesion(old, seed=args.split_seed),
            {r.image_id: r.lesion_id for r in old},
            seed=args.split_seed,
        )
        split_path = out / "split.csv"
    else:
        assignment = D.split_by_lesion(records, seed=args.split_seed)
        split_path = out / "split.csv"
    split_sha = (
        D.write_split(out / "split.csv", records, assignment)
        if not args.split_file
        else (__import__("hashlib").sha256(split_path.read_bytes()).hexdigest())
    )
    by_split = {s: [r for r in records if assignment.get(r.image_id) == s] for s in ("train", "val", "test")}
    if args.max_images:
        by_split = {s: _stratified_head(rs, args.max_images) for s, rs in by_split.items()}
    return records, by_split, split_sha


def _stratified_head(records, n):
    """First images round-robin over classes, so a smoke run still sees several classes."""
    by_label: dict[int, list] = {}
    for r in records:
        by_label.setdefault(r.label, []).append(r)
    out, i = [], 0
    while len(out) < n and any(i < len(v) for v in by_label.values()):
        out += [v[i] for v in by_label.values() if i < len(v)][: n - len(out)]
        i += 1
    return out


def evaluate(model, loader) -> dict:
    logits, y = predict_logits(model, loader)
    pred = logits.argmax(1)
    return {
        "balanced_accuracy": M.balanced_accuracy(y, pred),
        "accuracy": float((pred == y).mean()),
        "malignant_auc": M.malignant_auc(y, softmax(logits)),
        "logits": logits,
        "labels": y,
    }


def main(args: argparse.Namespace) -> dict:
    world, rank = _dist_info()
    distributed = world > 1
    if distributed:
        dist.init_process_group(backend=args.dist_backend)
    is_main = rank == 0
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    _setup_logging(out / "train.log" if is_main else None)
    if args.threads:
        torch.set_num_threads(args.threads)
    seed_everything(args.seed + rank)
    device = _pick_device(args.device, int(os.environ.get("LOCAL_RANK", rank)))
    ddp_ids = [device.index] if device.type == "cuda" else None
    spec = preprocess_spec_for(args.arch, args.input_size)
    if args.color_constancy != "none":
        spec = dataclasses.replace(spec, color_constancy=args.color_constancy)

    records, by_split, split_sha = prepare_data(args, out)
    counts = {s: len(v) for s, v in by_split.items()}
    log.info("images per split: %s", counts)
    t0 = time.perf_counter()
    pix = {s: D.load_pixels(v, spec) for s, v in by_split.items() if v}
    log.info("decoded %d images in %.1f s", sum(len(v) for v in pix.values()), time.perf_counter() - t0)
    labels = {s: [r.label for r in v] for s, v in by_split.items()}

    soft = None
    if getattr(args, "teacher", None):  # configs of runs made before this option lack it
        from training.distill import load_teacher

        soft = load_teacher(args.teacher, [r.image_id for r in by_split["train"]])
        log.info("distilling from %s (weight %.2f)", args.teacher, args.distill_weight)
    train_ds = ImageArrayDataset(pix["train"], labels["train"], spec, augment=True, strength=args.augment, soft=soft)
    val_ds = ImageArrayDataset(pix["val"], labels["val"], spec, augment=False)
    weights = D.median_frequency_weights(labels["train"])
    if args.weighted_sampler:
        sample_w = weights[np.asarray(labels["train"])]
        sampler = WeightedRandomSampler(torch.as_tensor(sample_w), len(sample_w))
    elif distributed:
        sampler = DistributedSampler(train_ds, num_replicas=world, rank=rank, seed=args.seed)
    else:
        sampler = None
    train_loader = DataLoader(
        train_ds,
        batch_size=args.batch_size,
        shuffle=sampler is None,
        sampler=sampler,
        num_workers=args.workers,
        drop_last=len(train_ds) > args.batch_size,
        persistent_workers=args.workers > 0,
        pin_memory=device.type == "cuda",
    )
    val_loader = DataLoader(val_ds, batch_size=64, num_workers=0)

    model = build_model(args.arch, len(CLASS_KEYS), args.pretrained, args.weights, args.dropout)
    if args.init_from:  # a warm restart: nothing is frozen, the head is already trained
        model.load_state_dict(torch.load(args.init_from, map_location="cpu", weights_only=False)["model"])
        args.freeze_epochs = 0
    model = model.to(device, memory_format=torch.channels_last)
    class_w = None
    if args.class_weights == "median":
        class_w = torch.tensor(weights, dtype=torch.float32)
    elif args.class_weights == "sqrt_median":
        class_w = torch.tensor(np.sqrt(weights), dtype=torch.float32)
    if args.weighted_sampler:
        class_w = None  # the sampler already balances; both at once over-corrects
    criterion = make_criterion(
        args.loss,
        class_w,
        args.label_smoothing,
        malignant=M.malignant_indices(),
        malignant_weight=args.malignant_weight,
    )
    if soft is not None:
        from training.distill import DistillLoss

        criterion = DistillLoss(criterion, args.distill_weight)
    criterion = criterion.to(device)
    ema = None
    if args.ema:
        from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

        ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(args.ema), use_buffers=True)

    def make_optimizer():
        groups = parameter_groups(model, args.lr, tuple(args.lr_ratios))
        groups = [g for g in groups if any(p.requires_grad for p in g["params"])]
        if args.opt == "sgd":
            return torch.optim.SGD(
                groups, lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay, nesterov=True
            )
        return torch.optim.AdamW(groups, lr=args.lr, weight_decay=args.weight_decay)

    def make_scheduler(opt, epochs_left):
        t0_ep = args.t0 or max(1, epochs_left)
        return torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
            opt, T_0=max(1, int(round(t0_ep))), T_mult=args.t_mult, eta_min=args.lr * 1e-3
        )

    frozen = args.freeze_epochs > 0 and bool(args.pretrained or args.weights)
    sched_offset = args.freeze_epochs if frozen else 0
    set_backbone_trainable(model, not frozen)
    train_model = model
    if distributed:
        train_model = torch.nn.parallel.DistributedDataParallel(model, ddp_ids, find_unused_parameters=frozen)
    optimizer = make_optimizer()
    scheduler = None if frozen else make_scheduler(optimizer, args.epochs)
    history, best, start_epoch, stale = [], -1.0, 0, 0

    last_ckpt = out / "checkpoint_last.pt"
    if args.resume and last_ckpt.exists():
        ck = torch.load(last_ckpt, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        if ema is not None and ck.get("ema"):
            ema.load_state_dict(ck["ema"])
        start_epoch, history, best, stale = ck["epoch"] + 1, ck["history"], ck["best"], ck["stale"]
        saved_frozen = ck["epoch"] < args.freeze_epochs and frozen  # the saved optimizer's phase
        frozen = start_epoch < args.freeze_epochs and frozen
        set_backbone_trainable(model, not frozen)
        optimizer = make_optimizer()
        same_phase = saved_frozen == frozen  # else resumed just as the backbone unfreezes:
        if same_phase:  # then a fresh optimizer and schedule, as without a resume
            optimizer.load_state_dict(ck["optimizer"])
        else:
            log.info("epoch %d: backbone unfrozen", start_epoch)
        same_plan = ck["config"].get("epochs") == args.epochs
        if not same_plan and not frozen:
            sched_offset = start_epoch  # a new --epochs: one fresh cosine over what is left
        scheduler = None if frozen else make_scheduler(optimizer, args.epochs - sched_offset)
        if scheduler is not None and ck.get("scheduler") and same_plan and same_phase:
            scheduler.load_state_dict(ck["scheduler"])
        log.info("resumed from epoch %d (best val balanced accuracy %.4f)", start_epoch, best)

    config = {k: v for k, v in vars(args).items()}
    config["preprocess"] = spec.to_dict()
    if is_main:
        (out / "config.json").write_text(json.dumps(config, indent=2, default=str))

    for epoch in range(start_epoch, args.epochs):
        if frozen and epoch >= args.freeze_epochs:
            frozen = False
            set_backbone_trainable(model, True)
            if distributed:
                train_model = torch.nn.parallel.DistributedDataParallel(model, ddp_ids)
            optimizer = make_optimizer()
            scheduler = make_scheduler(optimizer, args.epochs - sched_offset)
            log.info("epoch %d: backbone unfrozen", epoch)
        if isinstance(sampler, DistributedSampler):
            sampler.set_epoch(epoch)
        size = args.small_size if args.small_size and epoch < args.small_epochs else spec.input_size
        train_ds.set_train_size(size)
        if size != spec.input_size or (args.small_size and epoch == args.small_epochs):
            log.info("epoch %d: training crops of %d px", epoch, size)
        stats = train_one_epoch(
            train_model,
            criterion,
            optimizer,
            train_loader,
            scheduler,
            epoch,
            log.info,
            progress=is_main and not args.no_progress,
            sched_offset=sched_offset,
            ema=ema,
            device=device,
        )
        stats["epoch"] = epoch
        stats["train_size"] = size
        stats["lr"] = max(g["lr"] for g in optimizer.param_groups)
        if is_main:
            t = time.perf_counter()
            kept = ema.module if ema is not None else model  # what is validated is what is kept
            ev = evaluate(kept, val_loader)
            stats.update(
                val_balanced_accuracy=ev["balanced_accuracy"],
                val_accuracy=ev["accuracy"],
                val_malignant_auc=ev["malignant_auc"],
                val_seconds=time.perf_counter() - t,
            )
            log.info(
                "epoch %d: val balanced acc %.4f acc %.4f malignant AUC %.4f",
                epoch,
                ev["balanced_accuracy"],
                ev["accuracy"],
                ev["malignant_auc"],
            )
            history.append(stats)
            if ev["balanced_accuracy"] > best:
                best, stale = ev["balanced_accuracy"], 0
                torch.save(
                    {"model": _cpu_state(kept), "epoch": epoch, "arch": args.arch, "config": config},
                    out / "checkpoint_best.pt",
                )
            else:
                stale += 1
            torch.save(
                {
                    "model": model.state_dict(),
                    "ema": ema.state_dict() if ema is not None else None,
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict() if scheduler else None,
                    "epoch": epoch,
                    "history": history,
                    "best": best,
                    "stale": stale,
                    "config": config,
                },
                last_ckpt,
            )
            (out / "history.json").write_text(json.dumps(history, indent=2))
        stop = torch.tensor([int(is_main and stale >= args.patience)])
        if distributed:
            dist.broadcast(stop, src=0)
        if stop.item():
            log.info("early stop: no improvement for %d epochs", args.patience)
            break

    result = {"best_val_balanced_accuracy": best, "epochs_run": len(history), "output": str(out)}
    if is_main:
        result["data_sha256"] = D.data_sha256(by_split["train"] + by_split["val"] + by_split["test"])
        result["split_sha256"] = split_sha
        result["git_commit"] = git_commit()
        result["counts"] = counts
        (out / "result.json").write_text(json.dumps(result, indent=2))
        if args.export_id:
            from training.export import export_run

            result["export"] = str(export_run(out, args.export_id, args.models_dir, args.display_name))
    if distributed:
        dist.destroy_process_group()
    return result


def _pick_device(name: str, local_rank: int = 0) -> torch.device:
    """local_rank: this process's index on its own machine (torchrun's LOCAL_RANK)."""
    if name == "auto":
        name = f"cuda:{local_rank % torch.cuda.device_count()}" if torch.cuda.is_available() else "cpu"
    device = torch.device(name)
    if device.type == "cuda":
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True
    return device


def _cpu_state(model) -> dict:
    return {k: v.detach().cpu() for k, v in model.state_dict().items()}


def _setup_logging(path: Path | None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if path is not None:
        handlers.append(logging.FileHandler(path, encoding="utf-8"))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", handlers=handlers, force=True)


def cli(argv=None) -> int:
    result = main(parse_args(argv))
    print(json.dumps({k: v for k, v in result.items()}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(cli())
