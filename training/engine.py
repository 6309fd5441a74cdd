"""Losses, augmentation, one epoch of training, evaluation. Shared by train.py and lr_find.py."""

from __future__ import annotations

import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Dataset

from inference.preprocess import PreprocessSpec


class FocalLoss(nn.Module):
    def __init__(self, weight=None, gamma: float = 2.0, label_smoothing: float = 0.0):
        super().__init__()
        self.register_buffer("weight", weight if weight is not None else None)
        self.gamma = gamma
        self.label_smoothing = label_smoothing

    def forward(self, logits, target):
        ce = F.cross_entropy(logits, target, reduction="none", label_smoothing=self.label_smoothing)
        pt = torch.exp(-F.cross_entropy(logits, target, reduction="none"))
        loss = (1 - pt) ** self.gamma * ce
        if self.weight is not None:
            w = self.weight[target]
            return (loss * w).sum() / w.sum()
        return loss.mean()


class MalignantAuxLoss(nn.Module):
    """Class loss plus a weighted benign-vs-malignant term on the same 7 logits. The malignant
    log-odds is logsumexp(malignant logits) - logsumexp(benign logits), i.e. the logit of the summed
    malignant probability the app reports, so the extra term trains exactly the score that triage
    ranks by."""

    def __init__(self, base: nn.Module, malignant: list[int], weight: float):
        super().__init__()
        self.base = base
        self.register_buffer("malignant", torch.as_tensor(malignant, dtype=torch.long))
        self.weight = weight

    def forward(self, logits, target):
        is_mal = torch.zeros(logits.shape[1], dtype=torch.bool, device=logits.device)
        is_mal[self.malignant] = True
        log_odds = torch.logsumexp(logits[:, is_mal], 1) - torch.logsumexp(logits[:, ~is_mal], 1)
        y = is_mal[target].float()
        return self.base(logits, target) + self.weight * F.binary_cross_entropy_with_logits(log_odds, y)


def make_criterion(
    kind: str, weight, label_smoothing: float, gamma: float = 2.0, malignant=None, malignant_weight: float = 0.0
) -> nn.Module:
    if kind == "focal":
        base = FocalLoss(weight, gamma, label_smoothing)
    else:
        base = nn.CrossEntropyLoss(weight=weight, label_smoothing=label_smoothing)
    if malignant_weight > 0:
        return MalignantAuxLoss(base, list(malignant), malignant_weight)
    return base


def train_transform(size: int, strength: str = "default"):
    """Augmentation on uint8 CHW tensors: geometry, colour, blur, noise. Dermoscopy has no
    canonical orientation, so all flips and rotations are fair. "strong" follows the ISIC
    2018-2020 winners (Gessert et al.; Ha et al.): wider scale, hue/saturation, gamma, JPEG,
    low-resolution resampling, and the artefacts of other clinics' photos (hairs, ruler-like
    lines, the dark circle of a dermatoscope)."""
    from torchvision.transforms import v2

    if strength == "default":
        return v2.Compose(
            [
                v2.RandomResizedCrop(size, scale=(0.5, 1.0), ratio=(0.8, 1.25), antialias=True),
                v2.RandomHorizontalFlip(),
                v2.RandomVerticalFlip(),
                v2.RandomApply([v2.RandomRotation(180)], p=0.3),
                v2.ColorJitter(brightness=0.25, contrast=0.25, saturation=0.25, hue=0.03),
                v2.RandomApply([v2.GaussianBlur(5, sigma=(0.1, 1.5))], p=0.15),
            ]
        )
    return v2.Compose(
        [
            v2.RandomApply([v2.RandomRotation(180)], p=0.5),
            v2.RandomResizedCrop(size, scale=(0.35, 1.0), ratio=(0.75, 1.33), antialias=True),
            v2.RandomHorizontalFlip(),
            v2.RandomVerticalFlip(),
            v2.ColorJitter(brightness=0.3, contrast=0.3, saturation=0.4, hue=0.08),
            v2.RandomApply([RandomGamma((0.7, 1.5))], p=0.3),
            v2.RandomApply([LowResolution((0.35, 0.8))], p=0.2),
            v2.RandomApply([v2.GaussianBlur(5, sigma=(0.1, 1.5))], p=0.2),
            v2.RandomApply([Hairs()], p=0.2),
            v2.RandomApply([ScopeCircle()], p=0.2),
            v2.RandomApply([v2.JPEG((35, 95))], p=0.3),
        ]
    )


class RandomGamma(torch.nn.Module):
    def __init__(self, gamma=(0.7, 1.5)):
        super().__init__()
        self.gamma = gamma

    def forward(self, x):
        g = float(torch.empty(()).uniform_(*self.gamma))
        return ((x.float() / 255.0) ** g * 255.0).round().clamp(0, 255).to(torch.uint8)


class LowResolution(torch.nn.Module):
    """Down- and up-sample: photos of other cameras and the 200x150 copy are less sharp."""

    def __init__(self, scale=(0.35, 0.8)):
        super().__init__()
        self.scale = scale

    def forward(self, x):
        h, w = x.shape[-2:]
        f = float(torch.empty(()).uniform_(*self.scale))
        small = F.interpolate(x[None].float(), size=(max(8, int(h * f)), max(8, int(w * f))), mode="area")
        return (
            F.interpolate(small, size=(h, w), mode="bilinear", align_corners=False)[0]
            .round()
            .clamp(0, 255)
            .to(torch.uint8)
        )


class Hairs(torch.nn.Module):
    """A few thin dark curves (hairs) or straight light/dark lines (ruler marks)."""

    def forward(self, x):
        h, w = x.shape[-2:]
        yy, xx = torch.meshgrid(
            torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij"
        )
        out = x.float()
        for _ in range(int(torch.randint(1, 6, ()))):
            y0, x0 = float(torch.rand(()) * h), float(torch.rand(()) * w)
            ang = float(torch.rand(()) * math.pi)
            bend = float(torch.randn(()) * 0.004)
            d = (yy - y0) * math.cos(ang) - (xx - x0) * math.sin(ang)
            along = (yy - y0) * math.sin(ang) + (xx - x0) * math.cos(ang)
            d = d + bend * along**2
            width = float(torch.empty(()).uniform_(0.6, 1.8))
            mask = torch.exp(-(d**2) / (2 * width**2)) * (
                along.abs() < float(torch.empty(()).uniform_(0.2, 0.8)) * max(h, w)
            )
            shade = float(torch.empty(()).uniform_(10, 70))
            out = out * (1 - mask) + shade * mask
        return out.round().clamp(0, 255).to(torch.uint8)


class ScopeCircle(torch.nn.Module):
    """The dark rim of a dermatoscope's field of view, at a random radius and centre."""

    def forward(self, x):
        h, w = x.shape[-2:]
        yy, xx = torch.meshgrid(
            torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij"
        )
        cy = h / 2 + float(torch.randn(())) * h * 0.05
        cx = w / 2 + float(torch.randn(())) * w * 0.05
        r = float(torch.empty(()).uniform_(0.42, 0.62)) * min(h, w)
        dist = torch.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
        fade = torch.clamp((dist - r) / (0.04 * min(h, w)), 0, 1)
        return (x.float() * (1 - fade * 0.92)).round().clamp(0, 255).to(torch.uint8)


class ImageArrayDataset(Dataset):
    """Images held in memory as uint8 NHWC (decoded once); normalised per the manifest spec."""

    def __init__(
        self, pixels: np.ndarray, labels, spec: PreprocessSpec, augment: bool, strength: str = "default", soft=None
    ):
        self.pixels = torch.from_numpy(pixels).permute(0, 3, 1, 2)  # view, NCHW uint8
        self.labels = torch.as_tensor(np.asarray(labels), dtype=torch.long)
        # Teacher probabilities per photo (distillation): then items are (x, label, soft).
        self.soft = None if soft is None else torch.as_tensor(np.asarray(soft), dtype=torch.float32)
        self.mean = torch.tensor(spec.mean).view(3, 1, 1)
        self.std = torch.tensor(spec.std).view(3, 1, 1)
        self.strength = strength
        self.tf = train_transform(spec.input_size, strength) if augment else None
        self.noise = augment
        # The size training crops are made at (progressive resizing): in shared memory, so that
        # loader worker processes see a change made by the training loop.
        self._size = torch.tensor([spec.input_size], dtype=torch.int32).share_memory_()
        self._built = spec.input_size

    def set_train_size(self, size: int) -> None:
        self._size[0] = int(size)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        x = self.pixels[i]
        if self.tf is not None and int(self._size[0]) != self._built:
            self._built = int(self._size[0])
            self.tf = train_transform(self._built, self.strength)
        if self.tf is not None:
            x = self.tf(x)
        x = (x.float() - self.mean) / self.std
        if self.noise and torch.rand(()) < 0.15:
            x = x + torch.randn_like(x) * 0.05
        if self.soft is not None:
            return x, self.labels[i], self.soft[i]
        return x, self.labels[i]


def train_one_epoch(
    model,
    criterion,
    optimizer,
    loader,
    scheduler,
    epoch,
    log,
    progress=True,
    sched_offset=0,
    ema=None,
    device="cpu",
    steps=None,
    start_step=0,
    carry=None,
    hook=None,
):
    """sched_offset: epochs before the scheduler started (the frozen-backbone epochs); ema: an
    AveragedModel updated after every step. A resumed epoch: `steps` in the whole epoch, the loader
    already past `start_step` of them, `carry` the running (loss sum, count, correct) so far.
    hook(step_done, carry) after each step returns True to stop the epoch there (a checkpoint was
    written); then the result has "stopped_at"."""
    model.train()
    total, n, correct = carry or (0.0, 0, 0)
    start = time.perf_counter()
    steps = steps or len(loader)
    it = loader
    if progress:
        from tqdm import tqdm

        it = tqdm(loader, desc=f"epoch {epoch}", leave=False, mininterval=5)
    for step, (x, y, *soft) in enumerate(it, start=start_step):
        x = x.to(device, non_blocking=True).contiguous(memory_format=torch.channels_last)
        y = y.to(device, non_blocking=True)
        logits = model(x)
        loss = criterion(logits, y, soft[0].to(device, non_blocking=True)) if soft else criterion(logits, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if ema is not None:
            ema.update_parameters(model.module if hasattr(model, "module") else model)
        if scheduler is not None:
            scheduler.step(epoch - sched_offset + (step + 1) / steps)
        if not math.isfinite(loss.item()):
            raise FloatingPointError(f"loss is {loss.item()} at epoch {epoch} step {step}")
        total += loss.item() * len(y)
        n += len(y)
        correct += (logits.argmax(1) == y).sum().item()
        if hook is not None and hook(step + 1, (total, n, correct)):
            return {"stopped_at": step + 1}
    seconds = time.perf_counter() - start
    log(f"epoch {epoch}: train loss {total / n:.4f} acc {correct / n:.3f} ({seconds:.0f} s)")
    return {"train_loss": total / n, "train_acc": correct / n, "train_seconds": seconds}


@torch.no_grad()
def predict_logits(model, loader) -> tuple[np.ndarray, np.ndarray]:
    model.eval()
    device = next(model.parameters()).device
    outs, ys = [], []
    for x, y in loader:
        x = x.to(device).contiguous(memory_format=torch.channels_last)
        outs.append(model(x).float().cpu())
        ys.append(y)
    return torch.cat(outs).numpy(), torch.cat(ys).numpy()
