"""Class activation maps from the exported feature map, and colour overlays.

For a network that ends in global average pooling and one linear layer, Grad-CAM's channel weights
are the classifier weights divided by H*W, so Grad-CAM == CAM up to a positive scale; relu(sum_k
w[c,k] * A_k) needs no backward pass and costs one small matrix product.
"""

from __future__ import annotations

import numpy as np

from inference.imaging import jet, resize


def class_activation_map(features: np.ndarray, weights: np.ndarray, class_index: int) -> np.ndarray:
    """features (C, h, w) or (1, C, h, w); weights (classes, C). Returns (h, w) in [0, 1]."""
    f = features[0] if features.ndim == 4 else features
    cam = np.tensordot(weights[class_index].astype(np.float32), f.astype(np.float32), axes=(0, 0))
    cam = np.maximum(cam, 0)
    peak = cam.max()
    return (cam / peak).astype(np.float32) if peak > 0 else np.zeros_like(cam, dtype=np.float32)


def place_heatmap(cam: np.ndarray, image_hw: tuple[int, int], box: tuple[int, int, int, int]) -> np.ndarray:
    """Upsample a CAM to the crop box the network saw and place it in a full-size map.

    box = (x, y, w, h) in the pixels of the image shown to the user; outside it the map is 0."""
    x, y, w, h = box
    out = np.zeros(image_hw, dtype=np.float32)
    up = resize(cam, (w, h), "cubic")
    out[y : y + h, x : x + w] = np.clip(up, 0, 1)
    return out


def overlay(rgb: np.ndarray, heatmap: np.ndarray, opacity: float = 0.45) -> np.ndarray:
    """Blend a [0, 1] heatmap (jet colours) onto an RGB uint8 image; opacity 0 = image only.

    Low activations fade out, so only the regions the model used are coloured."""
    opacity = float(np.clip(opacity, 0.0, 1.0))
    if heatmap.shape != rgb.shape[:2]:
        heatmap = resize(heatmap.astype(np.float32), (rgb.shape[1], rgb.shape[0]), "linear")
    colour = jet(heatmap).astype(np.float32)
    alpha = (opacity * np.clip(heatmap * 1.5, 0, 1))[..., None]
    blended = rgb.astype(np.float32) * (1 - alpha) + colour * alpha
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8)
