"""A non-skin evaluation set built from what is installable here: scikit-image's sample photos
(faces, a cat, rooms of objects, documents, a histology slide, a fundus photo, textures, the
moon...) in several crops, and generated images (blank walls, gradients, noise, printed pages).

Used only to *evaluate* the not-a-lesion rejection; the rejection threshold is chosen on real
lesions of the validation split, never on these. `development_set` is a different collection
(scikit-learn's and matplotlib's sample photos, other scikit-image images, small faces, a retina
crop, generated images with another seed) used to choose the method; see training/ood_fit.py.
"""

from __future__ import annotations

import cv2
import numpy as np

SKIMAGE_NAMES = (
    "astronaut", "camera", "coffee", "chelsea", "rocket", "coins", "horse", "hubble_deep_field",
    "immunohistochemistry", "moon", "page", "text", "clock", "brick", "grass", "gravel", "retina",
    "cat", "colorwheel", "logo", "cell", "shepp_logan_phantom", "checkerboard",
)  # fmt: skip


def _rgb(a: np.ndarray) -> np.ndarray:
    if a.dtype != np.uint8:
        a = np.clip(a / max(float(a.max()), 1e-9) * 255, 0, 255).astype(np.uint8)
    if a.ndim == 2:
        a = np.repeat(a[..., None], 3, axis=2)
    if a.shape[2] == 4:
        alpha = a[..., 3:4].astype(np.float32) / 255
        a = (a[..., :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    return np.ascontiguousarray(a)


def skimage_images() -> list[tuple[str, np.ndarray]]:
    import skimage.data as data

    out = []
    for name in SKIMAGE_NAMES:
        try:
            out.append((name, _rgb(getattr(data, name)())))
        except Exception:  # some sample images need a download; skip those
            continue
    return out


def _crops(name, img, rng, n):
    h, w = img.shape[:2]
    out = [(f"{name}", img)]
    for i in range(n - 1):
        s = rng.uniform(0.5, 1.0)
        ch, cw = max(32, int(h * s)), max(32, int(w * s))
        y, x = rng.integers(0, h - ch + 1), rng.integers(0, w - cw + 1)
        crop = img[y : y + ch, x : x + cw]
        crop = np.rot90(crop, int(rng.integers(0, 4)))
        out.append((f"{name}-crop{i}", np.ascontiguousarray(crop)))
    return out


def generated_images(rng: np.random.Generator, n_each: int = 8) -> list[tuple[str, np.ndarray]]:
    out = []
    yy, xx = np.mgrid[0:300, 0:400].astype(np.float32)
    for i in range(n_each):
        colour = rng.integers(60, 256, 3)
        wall = np.ones((300, 400, 3), np.float32) * colour
        wall *= (0.75 + 0.25 * (xx / 400))[..., None]  # light falling off across a wall
        wall += rng.normal(0, 4, wall.shape)
        out.append((f"wall{i}", np.clip(wall, 0, 255).astype(np.uint8)))
        grad = np.stack([xx / 400 * colour[0], yy / 300 * colour[1], np.full_like(xx, colour[2])], -1)
        out.append((f"gradient{i}", np.clip(grad, 0, 255).astype(np.uint8)))
        out.append((f"noise{i}", rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)))
        page = np.full((420, 300, 3), 245, np.uint8)
        for line in range(14):
            words = "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz  "), 22))
            cv2.putText(page, words, (15, 30 + line * 27), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (20, 20, 20), 1, cv2.LINE_AA)
        out.append((f"document{i}", page))
        room = np.full((300, 400, 3), rng.integers(150, 230, 3), np.uint8)
        for _ in range(6):  # boxes of furniture, a window, a door
            x0, y0 = rng.integers(0, 350), rng.integers(0, 250)
            cv2.rectangle(
                room,
                (int(x0), int(y0)),
                (int(x0 + rng.integers(30, 150)), int(y0 + rng.integers(30, 150))),
                tuple(int(c) for c in rng.integers(0, 256, 3)),
                -1,
            )
        out.append((f"room{i}", cv2.GaussianBlur(room, (5, 5), 1.5)))
    return out


def nonskin_set(seed: int = 0, crops_per_image: int = 12) -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for name, img in skimage_images():
        out += _crops(name, img, rng, crops_per_image)
    return out + generated_images(rng)


def development_set(seed: int = 1, crops_per_image: int = 12) -> list[tuple[str, np.ndarray]]:
    """Method-selection set, disjoint from `nonskin_set` (different photos, other generator seed)."""
    from pathlib import Path

    import matplotlib
    import skimage.data as data
    import sklearn
    from PIL import Image

    rng = np.random.default_rng(seed)
    files = [
        Path(sklearn.__file__).parent / "datasets" / "images" / "china.jpg",
        Path(sklearn.__file__).parent / "datasets" / "images" / "flower.jpg",
        Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg",
        Path(matplotlib.get_data_path()) / "sample_data" / "Minduka_Present_Blue_Pack.png",
        Path(matplotlib.get_data_path()) / "sample_data" / "logo2.png",
    ]
    imgs = [(f.stem, _rgb(np.asarray(Image.open(f).convert("RGBA")))) for f in files if f.exists()]
    left, right, _ = data.stereo_motorcycle()
    imgs += [("moto_l", left), ("moto_r", right), ("microaneurysms", _rgb(data.microaneurysms()))]
    imgs.append(("blobs", _rgb(data.binary_blobs().astype(np.uint8) * 255)))
    out = []
    for name, img in imgs:
        out += _crops(name, img, rng, crops_per_image)
    out += [(f"face{i}", _rgb((f * 255).astype(np.uint8))) for i, f in enumerate(data.lfw_subset()[:40])]
    return out + generated_images(rng)
