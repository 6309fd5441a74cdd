"""Preprocessing driven by a model's manifest.

The same function builds the training eval transform (training/ calls it on numpy arrays), so
the app and the evaluation see byte-identical inputs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from inference.imaging import resize

TF_SCALING = "tf"  # (x - 127.5) / 127.5, what the TF-ported EfficientNet-Lite weights expect
MEAN_STD = "mean_std"


@dataclass(frozen=True)
class PreprocessSpec:
    input_size: int = 224
    # HAM10000-224 was made by a centre square crop of the original and a resize: do the same.
    crop: str = "center_square"
    interpolation: str = "area"
    scaling: str = TF_SCALING
    mean: tuple[float, float, float] = (127.5, 127.5, 127.5)
    std: tuple[float, float, float] = (127.5, 127.5, 127.5)
    layout: str = "NCHW"
    # "shades_of_gray": per-image white balance (Finlayson & Trezzi 2004, Minkowski norm p), as the
    # ISIC 2018/2019 winners did, so that another clinic's camera and light matter less.
    color_constancy: str = "none"
    sog_power: float = 6.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> PreprocessSpec:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        for key in ("mean", "std"):
            if key in known:
                known[key] = tuple(float(x) for x in known[key])
        return cls(**known)


def center_square_box(width: int, height: int) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the largest centred square."""
    side = min(width, height)
    return (width - side) // 2, (height - side) // 2, side, side


def resize_to_model(rgb: np.ndarray, spec: PreprocessSpec) -> np.ndarray:
    """Crop and resize an RGB uint8 image to what the network sees (still uint8 HxWx3)."""
    if spec.crop == "center_square":
        x, y, w, h = center_square_box(rgb.shape[1], rgb.shape[0])
        rgb = rgb[y : y + h, x : x + w]
    elif spec.crop != "none":
        raise ValueError(f"unknown crop {spec.crop!r}")
    size = spec.input_size
    if rgb.shape[0] != size or rgb.shape[1] != size:
        rgb = resize(rgb, (size, size), spec.interpolation)  # "area" upsamples bilinearly
    return color_constancy(np.ascontiguousarray(rgb), spec)


def color_constancy(rgb: np.ndarray, spec: PreprocessSpec) -> np.ndarray:
    """The last step of resize_to_model, on its cropped and resized pixels (callers that also need
    the colours as photographed resize once and apply this)."""
    if spec.color_constancy == "shades_of_gray":
        return shades_of_gray(rgb, spec.sog_power)
    if spec.color_constancy != "none":
        raise ValueError(f"unknown color_constancy {spec.color_constancy!r}")
    return rgb


def appearance_spec(spec: PreprocessSpec) -> PreprocessSpec:
    """The pixels the not-a-lesion appearance check reads: the model's crop and size, but colours
    as photographed (white balance would make a cat or a document look like skin)."""
    if spec.color_constancy == "none":
        return spec
    from dataclasses import replace

    return replace(spec, color_constancy="none")


def shades_of_gray(rgb: np.ndarray, power: float = 6.0) -> np.ndarray:
    """White-balance an RGB uint8 image so that each channel's Minkowski p-norm is equal (the
    illuminant estimate of Shades of Gray); gains keep the overall norm, output clipped to uint8."""
    x = rgb.astype(np.float32)
    norms = np.power(np.mean(np.power(x, power), axis=(0, 1)), 1.0 / power)
    norms = np.maximum(norms, 1e-3)
    unit = norms / np.sqrt(np.sum(norms**2))
    gains = 1.0 / (unit * np.sqrt(3.0))
    return np.clip(x * gains + 0.5, 0, 255).astype(np.uint8)


def normalize(rgb_batch: np.ndarray, spec: PreprocessSpec) -> np.ndarray:
    """uint8 NHWC -> float32 NCHW, scaled as the weights expect."""
    x = rgb_batch.astype(np.float32)
    x -= np.asarray(spec.mean, dtype=np.float32)
    x /= np.asarray(spec.std, dtype=np.float32)
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))


def preprocess(rgb: np.ndarray, spec: PreprocessSpec) -> np.ndarray:
    """One RGB uint8 image -> a (1, 3, S, S) float32 tensor."""
    return normalize(resize_to_model(rgb, spec)[None], spec)
