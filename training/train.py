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
from collections import Counter
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler

from inference import metrics as M
from inference.classes import CLASS_KEYS
from inference.probs import softmax
from training import data as D
from training.checkpoint import StopClock, rng_state, save_atomic, set_rng_state
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
from training.sampling import EpochSampler, draws_per_source, source_weights

log = logging.getLogger("dermatriage.train")
RESUME_ME = 75  # exit status of a run stopped by SIGTERM / SIGINT after writing its checkpoint (EX_TEMPFAIL)


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
    p.add_argument(
        "--resume",
        nargs="?",
        const="",
        default=None,
        metavar="DIR",
        help="continue exactly from DIR/checkpoint_last.pt with DIR's config (options given here win); "
        "without DIR: from --output",
    )
    p.add_argument("--checkpoint-minutes", type=float, default=10.0, help="write a resumable checkpoint this often")
    p.add_argument("--stop-after-steps", type=int, default=None, help=argparse.SUPPRESS)  # tests cut a run here
    p.add_argument(
        "--extra-data",
        nargs="*",
        default=[],
        help="other clinics' photos (isic2017-256 layout), split 70/15/15 by near-duplicate group",
    )
    p.add_argument(
        "--source-balance",
        type=float,
        default=0.0,
        help="0: sources drawn as they come; 1: an equal share of each epoch per source; 0.5: between",
    )
    p.add_argument("--dist-backend", default="gloo")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--export-id", help="after training, export to assets/models/<id>")
    p.add_argument("--display-name", default=None)
    p.add_argument("--models-dir", default="assets/models")
    return p


def parse_args(argv=None) -> argparse.Namespace:
    parser = get_args_parser()
    pre, _ = parser.parse_known_args(argv)
    if pre.resume:  # a run folder: its own config, then what is given on this command line
        saved = json.loads((Path(pre.resume) / "config.json").read_text())
        keep = {k: v for k, v in saved.items() if k not in ("preprocess", "resume", "config")}
        parser.set_defaults(**{**keep, "output": pre.resume})
    elif pre.config:
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
    extra = [r for r in records if D.dataset_of(r) != "ham10000"]
    records = [r for r in records if D.dataset_of(r) == "ham10000"]
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
    if extra and not args.split_file:  # other clinics: their own 70/15/15, the HAM10000 split untouched
        assignment = {**assignment, **D.split_by_lesion(extra, seed=args.split_seed)}
    records = records + extra
    split_sha = (
        D.write_split(out / "split.csv", records, assignment)
        if not args.split_file
        else (__import__("hashlib").sha256(split_path.read_bytes()).hexdigest())
    )
    by_split = {s: [r for r in records if assignment.get(r.image_id) == s] for s in ("train", "val", "test")}
    if args.max_images:
        by_split = {s: D.stratified_head(rs, args.max_images) for s, rs in by_split.items()}
    return records, by_split, split_sha


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


def _make_sampler(args, train_ds, labels, weights, sources, world, rank):
    """The epoch's order of photos: deterministic per (seed, epoch), so a resume is exact."""
    if world > 1:
        return DistributedSampler(train_ds, num_replicas=world, rank=rank, seed=args.seed)
    sample_w = None
    if args.source_balance > 0:
        sample_w = source_weights(sources, args.source_balance)
    if args.weighted_sampler:
        class_w = weights[np.asarray(labels)]
        sample_w = class_w if sample_w is None else sample_w * class_w
    return EpochSampler(len(train_ds), args.seed, sample_w)


def _criterion(args, weights, soft, device):
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
    return criterion.to(device)


class _Run:
    """What a checkpoint holds besides the data: the network, its EMA, optimiser and schedule, the
    phase (backbone frozen or not), where the run is, and its history."""

    def __init__(self, args, model, ema, distributed, ddp_ids):
        self.args, self.model, self.ema = args, model, ema
        self.distributed, self.ddp_ids = distributed, ddp_ids
        self.frozen = args.freeze_epochs > 0 and bool(args.pretrained or args.weights)
        self.sched_offset = args.freeze_epochs if self.frozen else 0
        set_backbone_trainable(model, not self.frozen)
        self.train_model = self._wrap(find_unused=self.frozen)
        self.optimizer = self.make_optimizer()
        self.scheduler = None if self.frozen else self.make_scheduler(args.epochs)
        self.history, self.best, self.stale = [], -1.0, 0
        self.epoch, self.step, self.carry = 0, 0, None

    def _wrap(self, find_unused=False):
        if not self.distributed:
            return self.model
        return torch.nn.parallel.DistributedDataParallel(self.model, self.ddp_ids, find_unused_parameters=find_unused)

    def make_optimizer(self):
        a = self.args
        groups = parameter_groups(self.model, a.lr, tuple(a.lr_ratios))
        groups = [g for g in groups if any(p.requires_grad for p in g["params"])]
        if a.opt == "sgd":
            return torch.optim.SGD(groups, lr=a.lr, momentum=a.momentum, weight_decay=a.weight_decay, nesterov=True)
        return torch.optim.AdamW(groups, lr=a.lr, weight_decay=a.weight_decay)

    def make_scheduler(self, epochs_left):
        a = self.args
        t0_ep = a.t0 or max(1, epochs_left - self.sched_offset)
        return torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
            self.optimizer, T_0=max(1, int(round(t0_ep))), T_mult=a.t_mult, eta_min=a.lr * 1e-3
        )

    def unfreeze_if_due(self, epoch):
        if self.frozen and epoch >= self.args.freeze_epochs:
            self.frozen = False
            set_backbone_trainable(self.model, True)
            self.train_model = self._wrap()
            self.optimizer = self.make_optimizer()
            self.scheduler = self.make_scheduler(self.args.epochs)
            log.info("epoch %d: backbone unfrozen", epoch)

    def state(self, config) -> dict:
        return {
            "format": 2,
            "model": self.model.state_dict(),
            "ema": self.ema.state_dict() if self.ema is not None else None,
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler else None,
            "frozen": self.frozen,
            "sched_offset": self.sched_offset,
            "epoch": self.epoch,  # the epoch in progress (step > 0) or the next one (step 0)
            "step": self.step,
            "carry": self.carry,
            "history": self.history,
            "best": self.best,
            "stale": self.stale,
            "config": config,
            "rng": rng_state(),
        }

    def restore(self, ck: dict) -> None:
        if ck.get("format") != 2:  # an older run: saved after a whole epoch, no phase, no random state
            ck = {**ck, "epoch": ck["epoch"] + 1, "step": 0, "frozen": ck["epoch"] < self.args.freeze_epochs,
                  "sched_offset": self.sched_offset, "rng": None}  # fmt: skip
        self.model.load_state_dict(ck["model"])
        if self.ema is not None and ck.get("ema"):
            self.ema.load_state_dict(ck["ema"])
        self.epoch, self.step, self.carry = ck["epoch"], ck["step"], ck.get("carry")
        self.history, self.best, self.stale = ck["history"], ck["best"], ck["stale"]
        self.frozen = ck["frozen"] and self.frozen
        self.sched_offset = ck["sched_offset"]
        set_backbone_trainable(self.model, not self.frozen)
        self.train_model = self._wrap(find_unused=self.frozen)
        self.optimizer = self.make_optimizer()
        same_plan = ck["config"].get("epochs") == self.args.epochs
        if not same_plan and not self.frozen:
            self.sched_offset = self.epoch  # a new --epochs: one fresh cosine over what is left
        # A new scheduler sets the learning rate of its first step: the saved optimiser state (with the
        # rate of the step it stopped at) is loaded after it.
        self.scheduler = None if self.frozen else self.make_scheduler(self.args.epochs)
        if ck["frozen"] == self.frozen:  # else the saved optimiser knew the head only
            self.optimizer.load_state_dict(ck["optimizer"])
        if self.scheduler is not None and ck.get("scheduler") and same_plan and ck["frozen"] == self.frozen:
            self.scheduler.load_state_dict(ck["scheduler"])
        elif self.scheduler is not None:  # a fresh cosine starts from its own first rate
            for g, lr in zip(self.optimizer.param_groups, self.scheduler.get_last_lr(), strict=True):
                g["lr"] = lr
        if ck.get("rng"):
            set_rng_state(ck["rng"])
        log.info("resumed from epoch %d step %d (best val balanced accuracy %.4f)", self.epoch, self.step, self.best)


def _load_data(args, out):
    records, by_split, split_sha = prepare_data(args, out)
    counts = {s: len(v) for s, v in by_split.items()}
    log.info("images per split: %s", counts)
    by_source = {s: dict(sorted(Counter(D.dataset_of(r) for r in v).items())) for s, v in by_split.items()}
    log.info("images per split and source: %s", by_source)
    t0 = time.perf_counter()
    spec = _spec(args)
    pix = {s: D.load_pixels(v, spec) for s, v in by_split.items() if v}
    log.info("decoded %d images in %.1f s", sum(len(v) for v in pix.values()), time.perf_counter() - t0)
    return by_split, split_sha, counts, pix


def _spec(args):
    spec = preprocess_spec_for(args.arch, args.input_size)
    if args.color_constancy != "none":
        spec = dataclasses.replace(spec, color_constancy=args.color_constancy)
    return spec


def main(args: argparse.Namespace) -> dict:
    clock = StopClock(args.checkpoint_minutes, args.stop_after_steps)
    clock.install()  # from the start: a SIGTERM during data loading stops at the first step
    try:
        return _main(args, clock)
    finally:
        clock.uninstall()


def _main(args: argparse.Namespace, clock: StopClock) -> dict:
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
    spec = _spec(args)
    by_split, split_sha, counts, pix = _load_data(args, out)
    labels = {s: [r.label for r in v] for s, v in by_split.items()}

    soft = None
    if getattr(args, "teacher", None):  # configs of runs made before this option lack it
        from training.distill import load_teacher

        soft = load_teacher(args.teacher, [r.image_id for r in by_split["train"]])
        log.info("distilling from %s (weight %.2f)", args.teacher, args.distill_weight)
    train_ds = ImageArrayDataset(pix["train"], labels["train"], spec, augment=True, strength=args.augment, soft=soft)
    val_ds = ImageArrayDataset(pix["val"], labels["val"], spec, augment=False)
    weights = D.median_frequency_weights(labels["train"])
    sources = [D.dataset_of(r) for r in by_split["train"]]
    sampler = _make_sampler(args, train_ds, labels["train"], weights, sources, world, rank)
    if isinstance(sampler, EpochSampler) and args.source_balance > 0:
        log.info("draws per source in an epoch: %s", draws_per_source(sampler, sources))
    drop_last = len(train_ds) > args.batch_size
    train_loader = DataLoader(
        train_ds,
        batch_size=args.batch_size,
        sampler=sampler,
        num_workers=args.workers,
        drop_last=drop_last,
        persistent_workers=args.workers > 0,
        pin_memory=device.type == "cuda",
        generator=torch.Generator().manual_seed(args.seed),  # never draws from the global generator
    )
    val_loader = DataLoader(val_ds, batch_size=64, num_workers=0)

    model = build_model(args.arch, len(CLASS_KEYS), args.pretrained, args.weights, args.dropout)
    if args.init_from:  # a warm restart: nothing is frozen, the head is already trained
        model.load_state_dict(torch.load(args.init_from, map_location="cpu", weights_only=False)["model"])
        args.freeze_epochs = 0
    model = model.to(device, memory_format=torch.channels_last)
    criterion = _criterion(args, weights, soft, device)
    ema = None
    if args.ema:
        from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

        ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(args.ema), use_buffers=True)
    run = _Run(args, model, ema, distributed, ddp_ids)
    config = {k: v for k, v in vars(args).items() if k not in ("stop_after_steps",)}
    config["resume"] = None
    config["preprocess"] = spec.to_dict()
    last_ckpt = out / "checkpoint_last.pt"
    if args.resume is not None and last_ckpt.exists():
        run.restore(torch.load(last_ckpt, map_location=device, weights_only=False))
    if is_main:
        (out / "config.json").write_text(json.dumps(config, indent=2, default=str))

    steps = len(train_ds) // args.batch_size if drop_last else -(-len(train_ds) // args.batch_size)
    stopped = _epochs(args, run, train_ds, train_loader, val_loader, criterion, sampler, steps, clock,
                      config, last_ckpt, out, is_main, device, distributed, spec)  # fmt: skip
    if stopped:
        log.info("stopped at epoch %d step %d; continue with --resume %s", run.epoch, run.step, out)
        return {"interrupted": True, "epoch": run.epoch, "step": run.step, "output": str(out)}

    result = {"best_val_balanced_accuracy": run.best, "epochs_run": len(run.history), "output": str(out)}
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


def _epochs(args, run, train_ds, train_loader, val_loader, criterion, sampler, steps, clock, config, last_ckpt,
            out, is_main, device, distributed, spec) -> bool:  # fmt: skip
    """Train from where `run` is to the last epoch; True when stopped early by a signal or the test cut."""

    def save():
        if is_main:
            save_atomic(run.state(config), last_ckpt)

    def hook(step_done, carry):
        due, stop = clock.step()
        if step_done == steps:  # the epoch's end: validated, saved and stopped there
            return False
        if due and not distributed:
            run.step, run.carry = step_done, carry
            save()
            log.info("checkpoint: epoch %d step %d of %d", run.epoch, step_done, steps)
        return stop and not distributed

    for epoch in range(run.epoch, args.epochs):
        run.unfreeze_if_due(epoch)
        run.epoch, start_step = epoch, run.step
        if isinstance(sampler, DistributedSampler):
            sampler.set_epoch(epoch)
        else:
            sampler.start(epoch, start_step * args.batch_size)
        size = args.small_size if args.small_size and epoch < args.small_epochs else spec.input_size
        train_ds.set_train_size(size)
        if size != spec.input_size or (args.small_size and epoch == args.small_epochs):
            log.info("epoch %d: training crops of %d px", epoch, size)
        stats = train_one_epoch(
            run.train_model, criterion, run.optimizer, train_loader, run.scheduler, epoch, log.info,
            progress=is_main and not args.no_progress, sched_offset=run.sched_offset, ema=run.ema, device=device,
            steps=steps, start_step=start_step, carry=run.carry if start_step else None, hook=hook,
        )  # fmt: skip
        if "stopped_at" in stats:
            return True
        run.step, run.carry = 0, None
        stats.update(epoch=epoch, train_size=size, lr=max(g["lr"] for g in run.optimizer.param_groups))
        if is_main:
            _validate(run, val_loader, stats, epoch, config, out)
        run.epoch = epoch + 1
        save()
        if is_main:
            (out / "history.json").write_text(json.dumps(run.history, indent=2))
        stop = torch.tensor([int(is_main and run.stale >= args.patience)])
        if distributed:
            dist.broadcast(stop, src=0)
        if stop.item():
            log.info("early stop: no improvement for %d epochs", args.patience)
            break
        if clock.stop_requested:
            return True
    return False


def _validate(run, val_loader, stats, epoch, config, out) -> None:
    t = time.perf_counter()
    kept = run.ema.module if run.ema is not None else run.model  # what is validated is what is kept
    ev = evaluate(kept, val_loader)
    stats.update(
        val_balanced_accuracy=ev["balanced_accuracy"],
        val_accuracy=ev["accuracy"],
        val_malignant_auc=ev["malignant_auc"],
        val_seconds=time.perf_counter() - t,
    )
    log.info(
        "epoch %d: val balanced acc %.4f acc %.4f malignant AUC %.4f",
        epoch, ev["balanced_accuracy"], ev["accuracy"], ev["malignant_auc"],
    )  # fmt: skip
    run.history.append(stats)
    if ev["balanced_accuracy"] > run.best:
        run.best, run.stale = ev["balanced_accuracy"], 0
        ckpt = {"model": _cpu_state(kept), "epoch": epoch, "arch": run.args.arch, "config": config}
        save_atomic(ckpt, out / "checkpoint_best.pt")
    else:
        run.stale += 1


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
    return RESUME_ME if result.get("interrupted") else 0


if __name__ == "__main__":
    sys.exit(cli())
