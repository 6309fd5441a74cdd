"""Datasets: HAM10000 layout and class-per-folder trees, lesion-grouped splits, class weights."""

from __future__ import annotations

import csv
import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inference.classes import CLASS_KEYS
from inference.imageio import load_image

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


@dataclass(frozen=True)
class Record:
    image_id: str
    path: Path
    label: int
    lesion_id: str
    meta: dict


def load_ham10000(root: str | Path) -> list[Record]:
    """Read a HAM10000-style folder: labels.csv (image_id, file, lesion_id, dx, ...) beside images/."""
    root = Path(root)
    records = []
    with open(root / "labels.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            records.append(
                Record(
                    image_id=row["image_id"],
                    path=root / row["file"],
                    label=CLASS_KEYS.index(row["dx"]),
                    lesion_id=row.get("lesion_id") or row["image_id"],
                    meta=dict(row),
                )
            )
    return records


def load_folder_tree(root: str | Path) -> list[Record]:
    """A plain tree root/<class key>/<image>; each image is its own lesion."""
    root = Path(root)
    records = []
    for key in CLASS_KEYS:
        folder = root / key
        if not folder.is_dir():
            continue
        for p in sorted(folder.rglob("*")):
            if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file():
                records.append(Record(p.stem, p, CLASS_KEYS.index(key), p.stem, {"dx": key}))
    if not records:
        raise FileNotFoundError(f"no images under {root}/<{'|'.join(CLASS_KEYS)}>/")
    return records


def load_dataset(root: str | Path) -> list[Record]:
    root = Path(root)
    return load_ham10000(root) if (root / "labels.csv").exists() else load_folder_tree(root)


def split_by_lesion(records: list[Record], fractions=(0.70, 0.15, 0.15), seed: int = 42) -> dict[str, str]:
    """Stratified train/val/test split grouped by lesion_id. Returns image_id -> split name.

    All images of a lesion land in one split; lesions are stratified by their (majority) label.
    """
    by_lesion: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_lesion[r.lesion_id].append(r)
    by_class: dict[int, list[str]] = defaultdict(list)
    for lesion, recs in sorted(by_lesion.items()):
        label = Counter(r.label for r in recs).most_common(1)[0][0]
        by_class[label].append(lesion)
    rng = random.Random(seed)
    assignment: dict[str, str] = {}
    for label in sorted(by_class):
        lesions = by_class[label]
        rng.shuffle(lesions)
        n = len(lesions)
        n_val = max(1, round(n * fractions[1])) if n >= 3 else 0
        n_test = max(1, round(n * fractions[2])) if n >= 3 else 0
        n_train = n - n_val - n_test
        for i, lesion in enumerate(lesions):
            split = "train" if i < n_train else "val" if i < n_train + n_val else "test"
            for r in by_lesion[lesion]:
                assignment[r.image_id] = split
    return assignment


def write_split(path: Path, records: list[Record], assignment: dict[str, str]) -> str:
    """Save the split as CSV and return its sha256 (recorded in the manifest)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["image_id,lesion_id,dx,split"]
    for r in sorted(records, key=lambda r: r.image_id):
        lines.append(f"{r.image_id},{r.lesion_id},{CLASS_KEYS[r.label]},{assignment[r.image_id]}")
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read_split(path: Path) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["image_id"]: row["split"] for row in csv.DictReader(f)}


def median_frequency_weights(labels: list[int] | np.ndarray, n_classes: int = len(CLASS_KEYS)):
    """w_c = median(freq) / freq_c over the classes present (absent classes get weight 0)."""
    counts = np.bincount(np.asarray(labels, dtype=int), minlength=n_classes).astype(float)
    present = counts > 0
    median = np.median(counts[present])
    weights = np.zeros(n_classes)
    weights[present] = median / counts[present]
    return weights


def data_sha256(records: list[Record]) -> str:
    """One hash over the sorted (image_id, file sha256, label) list: pins what was trained on."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: r.image_id):
        h.update(r.image_id.encode())
        h.update(hashlib.sha256(r.path.read_bytes()).digest())
        h.update(bytes([r.label]))
    return h.hexdigest()


def load_pixels(records: list[Record], spec) -> np.ndarray:
    """Decode every image once into a uint8 (N, size, size, 3) array via the app's own loader and
    preprocessing, so training and the app see identical pixels."""
    from inference.preprocess import resize_to_model

    size = spec.input_size
    out = np.empty((len(records), size, size, 3), dtype=np.uint8)
    for i, r in enumerate(records):
        out[i] = resize_to_model(load_image(r.path).rgb, spec)
    return out


def load_ham10000_all(root: str | Path, sharper: str | Path | None = None) -> list[Record]:
    """All of HAM10000 from the whole-field copy (ham10000-200x150), taking the same photo from
    `sharper` (ham10000-224, a 224 px centre square) where it has one: the network sees the centre
    square either way (the app crops the same), with more pixels where they exist."""
    records = load_ham10000(root)
    if sharper is None:
        return records
    sharper = Path(sharper)
    better = {r.image_id: r.path for r in load_ham10000(sharper)}
    return [
        Record(
            r.image_id,
            better.get(r.image_id, r.path),
            r.label,
            r.lesion_id,
            {**r.meta, "copy": "224" if r.image_id in better else "200x150"},
        )
        for r in records
    ]


def split_anchored(
    records: list[Record], anchor: dict[str, str], anchor_lesions: dict[str, str], seed: int = 42
) -> dict[str, str]:
    """Lesion-grouped split that keeps every lesion of an earlier split (`anchor`: image_id -> split,
    `anchor_lesions`: image_id -> lesion_id of those images) where it was, so models trained on the
    earlier split can still be scored fairly on the new test split; lesions new to this data are
    split 70/15/15, stratified by class."""
    lesion_split = {anchor_lesions[i]: s for i, s in anchor.items()}
    fresh = [r for r in records if r.lesion_id not in lesion_split]
    assignment = split_by_lesion(fresh, seed=seed) if fresh else {}
    for r in records:
        if r.lesion_id in lesion_split:
            assignment[r.image_id] = lesion_split[r.lesion_id]
    return assignment


def records_for(cfg: dict) -> list[Record]:
    """The records a run trained on, from its resolved config (train and export share this)."""
    if cfg.get("sharper_data"):
        records = load_ham10000_all(cfg["data"], cfg["sharper_data"])
    else:
        records = load_dataset(cfg["data"])
    for extra in cfg.get("extra_data") or []:
        records = records + load_isic2017(extra)
    return records


def load_run(run: str | Path) -> tuple[list[Record], dict[str, str]]:
    """A run folder's records (from its config.json) and their split (its split.csv): what the
    evaluation scripts read (scripts/restore_run.py recreates both on a fresh machine)."""
    import json

    run = Path(run)
    return records_for(json.loads((run / "config.json").read_text())), read_split(run / "split.csv")


# --- Other clinics: ISIC Archive 2017 (no lesion ids; near-identical photos grouped) -------------

ISIC2017_SOURCE = "isic2017"
NEAR_DUPLICATE_CORRELATION = 0.9  # grey 16x16 thumbnails; the data README's suggestion


def grey_thumbnails(paths: list[Path], size: int = 16) -> np.ndarray:
    """(N, size*size) zero-mean, unit-norm grey thumbnails: their dot product is a correlation."""
    from PIL import Image

    out = np.empty((len(paths), size * size), dtype=np.float64)
    for i, p in enumerate(paths):
        with Image.open(p) as im:
            out[i] = np.asarray(im.convert("L").resize((size, size), Image.BILINEAR), dtype=np.float64).ravel()
    out -= out.mean(axis=1, keepdims=True)
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-9
    return out


def near_duplicate_groups(thumbs: np.ndarray, threshold: float = NEAR_DUPLICATE_CORRELATION) -> list[int]:
    """Union-find over pairs whose thumbnail correlation exceeds `threshold`: a group index per
    photo (re-takes of one lesion, a colour variant of one photo)."""
    parent = list(range(len(thumbs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    corr = thumbs @ thumbs.T
    for i, j in zip(*np.nonzero(np.triu(corr > threshold, k=1)), strict=True):
        ri, rj = find(int(i)), find(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(thumbs))]


def load_isic2017(root: str | Path) -> list[Record]:
    """The isic2017-256 folder: labels.csv (image_id, file, dx, ...); each photo's lesion_id is its
    near-duplicate group (named after the group's first image id), so a split keeps re-takes together."""
    root = Path(root)
    with open(root / "labels.csv", newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["image_id"])
    paths = [root / r["file"] for r in rows]
    groups = near_duplicate_groups(grey_thumbnails(paths))
    return [
        Record(
            row["image_id"],
            path,
            CLASS_KEYS.index(row["dx"]),
            f"isicgrp_{rows[g]['image_id']}",
            {**row, "source": ISIC2017_SOURCE, "dataset": ISIC2017_SOURCE},
        )
        for row, path, g in zip(rows, paths, groups, strict=True)
    ]


def dataset_of(record: Record) -> str:
    """Which collection a photo comes from: 'ham10000' or the extra source's name."""
    return record.meta.get("dataset", "ham10000")


def stratified_head(records: list[Record], n: int) -> list[Record]:
    """First images round-robin over classes, so a smoke run still sees several classes."""
    by_label: dict[int, list] = {}
    for r in records:
        by_label.setdefault(r.label, []).append(r)
    out, i = [], 0
    while len(out) < n and any(i < len(v) for v in by_label.values()):
        out += [v[i] for v in by_label.values() if i < len(v)][: n - len(out)]
        i += 1
    return out
