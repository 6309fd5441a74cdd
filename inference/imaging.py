"""The few image operations the app needs, in NumPy and Pillow (no OpenCV: it would add 150 MB to
the installer). tests/test_imaging.py checks each against OpenCV, which the training tools keep."""

from __future__ import annotations

import io
import math
import random

import numpy as np
from PIL import Image

_RESAMPLE = {"linear": Image.Resampling.BILINEAR, "cubic": Image.Resampling.BICUBIC}


def _area_axis(a: np.ndarray, n_out: int, axis: int) -> np.ndarray:
    """Exact pixel-area average along one axis (what cv2.INTER_AREA computes when shrinking):
    each output pixel is a weighted sum of the few input pixels its footprint overlaps."""
    n_in = a.shape[axis]
    step = n_in / n_out
    start = np.arange(n_out) * step
    idx = np.floor(start).astype(np.int64)[:, None] + np.arange(int(np.ceil(step)) + 1)
    overlap = np.minimum(idx + 1, start[:, None] + step) - np.maximum(idx, start[:, None])
    weight = (np.clip(overlap, 0, None) / step).astype(np.float32)
    idx = np.minimum(idx, n_in - 1)
    shape = [1] * a.ndim
    shape[axis] = n_out
    out = np.zeros([n_out if i == axis else n for i, n in enumerate(a.shape)], np.float32)
    tmp = np.empty_like(out)
    for t in range(idx.shape[1]):
        np.multiply(np.take(a, idx[:, t], axis=axis), weight[:, t].reshape(shape), out=tmp)
        out += tmp
    return out


def shrink_area(img: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Area-average downscale of uint8 (H, W[, 3]) to size = (width, height). Factors of 4 and
    more are first block-averaged by an integer factor (Pillow's reduce) to keep it fast."""
    w, h = size
    k = int(min(img.shape[1] / w, img.shape[0] / h) / 2)
    if k >= 2:
        box = (0, 0, img.shape[1] // k * k, img.shape[0] // k * k)
        img = np.asarray(Image.fromarray(np.ascontiguousarray(img)).reduce(k, box=box))
    out = _area_axis(_area_axis(img, h, 0), w, 1)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def resize(img: np.ndarray, size: tuple[int, int], method: str = "area") -> np.ndarray:
    """uint8 (H, W), (H, W, 3) or float32 (H, W) to size = (width, height)."""
    w, h = size
    if method not in ("area", *_RESAMPLE):
        raise ValueError(f"unknown interpolation {method!r}")
    if img.shape[1] == w and img.shape[0] == h:
        return img
    if method == "area":
        if img.dtype == np.uint8 and w <= img.shape[1] and h <= img.shape[0]:
            return shrink_area(img, size)
        method = "linear"  # area averaging is for shrinking
    if img.dtype == np.uint8:
        return np.asarray(Image.fromarray(np.ascontiguousarray(img)).resize((w, h), _RESAMPLE[method]))
    out = Image.fromarray(np.ascontiguousarray(img, dtype=np.float32), mode="F").resize((w, h), _RESAMPLE[method])
    return np.asarray(out, dtype=np.float32)


def fit_within(rgb: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """Shrink so the longer side is at most max_side (area average); returns (image, scale)."""
    h, w = rgb.shape[:2]
    if max(h, w) <= max_side:
        return rgb, 1.0
    s = max_side / max(h, w)
    return resize(rgb, (max(1, round(w * s)), max(1, round(h * s)))), s


def to_gray(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, bit-exact with cv2.COLOR_RGB2GRAY."""
    r, g, b = (rgb[..., i].astype(np.uint32) for i in range(3))
    return ((r * 4899 + g * 9617 + b * 1868 + 8192) >> 14).astype(np.uint8)


def to_hsv(rgb: np.ndarray) -> np.ndarray:
    """uint8 HSV with OpenCV's ranges: H in 0..179 (degrees / 2), S and V in 0..255."""
    c = rgb.astype(np.int16)
    r, g, b = c[..., 0], c[..., 1], c[..., 2]
    v = np.maximum(np.maximum(r, g), b)
    delta = v - np.minimum(np.minimum(r, g), b)
    s = (delta.astype(np.int32) * 255 + v // 2) // np.maximum(v, 1)
    d = np.maximum(delta, 1).astype(np.float32)
    hue = np.where(v == r, (g - b) / d, np.where(v == g, (b - r) / d + 2, (r - g) / d + 4))  # sixths of a turn
    hue = np.round(hue * 30).astype(np.int16) % 180
    hue[delta == 0] = 0
    return np.stack([hue, s, v], axis=2).astype(np.uint8)


_V = np.arange(256, dtype=np.float64) / 255.0
_LINEAR = np.where(_V > 0.04045, ((_V + 0.055) / 1.055) ** 2.4, _V / 12.92).astype(np.float32)
_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]],
    np.float32,
)


def lightness(rgb: np.ndarray) -> np.ndarray:
    """CIELAB L* (0-100) of uint8 sRGB, without the rest of the conversion."""
    y = _LINEAR[rgb] @ _XYZ[1]  # relative luminance Y
    return np.where(y > 0.008856, 116 * np.cbrt(y) - 16, 903.3 * y).astype(np.float32)


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 sRGB -> (..., 3) float32 CIELAB (D65), L in [0, 100]."""
    xyz = _LINEAR[rgb] @ _XYZ.T / np.array([0.95047, 1.0, 1.08883], np.float32)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    lab = [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])]
    return np.stack(lab, -1).astype(np.float32)


def _convolve_1d(a: np.ndarray, k: np.ndarray, axis: int) -> np.ndarray:
    r = len(k) // 2
    pad = [(0, 0)] * a.ndim
    pad[axis] = (r, r)
    p = np.pad(a, pad, mode="reflect")  # numpy "reflect" is OpenCV's default BORDER_REFLECT_101
    n = a.shape[axis]
    out = np.zeros(a.shape, np.float32)
    window = [slice(None)] * a.ndim
    for i, weight in enumerate(k):
        window[axis] = slice(i, i + n)
        out += weight * p[tuple(window)]
    return out


def gaussian_blur(gray: np.ndarray, sigma: float) -> np.ndarray:
    """uint8 Gaussian blur, kernel size as cv2.GaussianBlur(img, (0, 0), sigma) picks for uint8."""
    size = int(round(sigma * 3 * 2 + 1)) | 1
    x = np.arange(size) - size // 2
    k = np.exp(-(x**2) / (2 * sigma**2))
    k = (k / k.sum()).astype(np.float32)
    out = _convolve_1d(_convolve_1d(gray.astype(np.float32), k, 0), k, 1)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def laplacian(gray: np.ndarray) -> np.ndarray:
    """4-neighbour Laplacian in float64 with reflected borders (cv2.Laplacian, ksize 1)."""
    p = np.pad(gray.astype(np.float64), 1, mode="reflect")
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * p[1:-1, 1:-1]


def otsu_threshold(values: np.ndarray) -> int:
    """Otsu's threshold of uint8 values: the level t that best splits <= t from > t."""
    hist = np.bincount(np.asarray(values, np.uint8).ravel(), minlength=256).astype(np.float64)
    p = hist / max(hist.sum(), 1)
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    between[(omega <= 0) | (omega >= 1)] = 0
    return int(np.argmax(between))


def ellipse_kernel(size: int) -> np.ndarray:
    """The same elliptic structuring element as cv2.getStructuringElement(MORPH_ELLIPSE)."""
    k = np.zeros((size, size), bool)
    r = c = size // 2
    for i in range(size):
        dy = i - r
        dx = int(round(c * math.sqrt((r * r - dy * dy) / (r * r)))) if r else 0
        k[i, max(c - dx, 0) : min(c + dx + 1, size)] = True
    return k


def _morph(a: np.ndarray, kernel: np.ndarray, take_max: bool) -> np.ndarray:
    kh, kw = kernel.shape
    ry, rx = kh // 2, kw // 2
    fill = np.iinfo(a.dtype).min if take_max else np.iinfo(a.dtype).max  # the border never wins
    p = np.pad(a, ((ry, ry), (rx, rx)), constant_values=fill)
    h, w = a.shape
    out = np.full_like(a, fill)
    pick = np.maximum if take_max else np.minimum
    for dy, dx in zip(*np.nonzero(kernel), strict=True):
        pick(out, p[dy : dy + h, dx : dx + w], out=out)
    return out


def dilate(a: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    return _morph(a, kernel, True)


def erode(a: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    return _morph(a, kernel, False)


def opening(mask: np.ndarray, size: int) -> np.ndarray:
    """Morphological opening with a size x size square (separable: rows, then columns)."""
    row, col = np.ones((1, size), bool), np.ones((size, 1), bool)
    a = mask.astype(np.uint8)
    return dilate(dilate(erode(erode(a, row), col), row), col)


def black_hat(gray: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """closing(gray) - gray: thin dark structures narrower than the kernel (hairs)."""
    return erode(dilate(gray, kernel), kernel) - gray


def _runs(mask: np.ndarray):
    """Horizontal runs of True: rows, starts, ends (exclusive), in raster order."""
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    return rows, starts, ends


def connected_components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """8-connected components of a boolean mask, labelled 1..n in raster order of first pixel.

    Returns (labels (H, W) int32, area (n + 1,), centroid (n + 1, 2) as x, y); index 0 is the
    background, as in cv2.connectedComponentsWithStats."""
    h, w = mask.shape
    rows, starts, ends = _runs(mask)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    bounds = np.searchsorted(rows, np.arange(h + 1))
    for y in range(1, h):
        i, i_end, j, j_end = bounds[y - 1], bounds[y], bounds[y], bounds[y + 1]
        while i < i_end and j < j_end:
            if starts[i] <= ends[j] and starts[j] <= ends[i]:  # touching, diagonals included
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            if ends[i] < ends[j]:
                i += 1
            else:
                j += 1
    roots = np.array([find(i) for i in range(len(rows))], dtype=np.int64)
    _, run_label = np.unique(roots, return_inverse=True)  # roots are first runs: raster order
    run_label = run_label.astype(np.int32) + 1
    lengths = ends - starts
    labels = np.zeros(h * w, np.int32)
    if len(rows):
        first = rows * w + starts
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        labels[np.repeat(first, lengths) + offsets] = np.repeat(run_label, lengths)
    n = int(run_label.max()) if len(rows) else 0
    area = np.bincount(run_label, weights=lengths, minlength=n + 1)
    sx = np.bincount(run_label, weights=(starts + ends - 1) * lengths / 2, minlength=n + 1)
    sy = np.bincount(run_label, weights=rows * lengths, minlength=n + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        centroid = np.stack([sx / area, sy / area], 1)
    return labels.reshape(h, w), area, centroid


def outline_points(mask: np.ndarray) -> np.ndarray:
    """(N, 2) x, y of the leftmost and rightmost pixel of every row: enough for a convex hull."""
    rows, starts, ends = _runs(mask)
    return np.concatenate([np.stack([starts, rows], 1), np.stack([ends - 1, rows], 1)]).astype(np.float64)


def _circle_two(a, b):
    c = (a + b) / 2
    return c, float(np.hypot(*(a - c)))


def _circle_three(a, b, c):
    d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]))
    if abs(d) < 1e-12:  # collinear: the widest pair
        pairs = [_circle_two(a, b), _circle_two(a, c), _circle_two(b, c)]
        return max(pairs, key=lambda t: t[1])
    sa, sb, sc = a @ a, b @ b, c @ c
    ux = (sa * (b[1] - c[1]) + sb * (c[1] - a[1]) + sc * (a[1] - b[1])) / d
    uy = (sa * (c[0] - b[0]) + sb * (a[0] - c[0]) + sc * (b[0] - a[0])) / d
    centre = np.array([ux, uy])
    return centre, float(np.hypot(*(a - centre)))


def min_enclosing_circle(points: np.ndarray) -> tuple[tuple[float, float], float]:
    """Smallest circle around (N, 2) points (Welzl's incremental algorithm on the hull points)."""
    pts = _hull(points)
    order = list(range(len(pts)))
    random.Random(0).shuffle(order)  # Welzl's expected linear time needs a random order (fixed seed)
    pts = pts[order]
    eps = 1e-7

    def inside(circle, p):
        return np.hypot(*(p - circle[0])) <= circle[1] + eps

    circle = (pts[0], 0.0)
    for i in range(1, len(pts)):
        if inside(circle, pts[i]):
            continue
        circle = (pts[i], 0.0)
        for j in range(i):
            if inside(circle, pts[j]):
                continue
            circle = _circle_two(pts[i], pts[j])
            for k in range(j):
                if not inside(circle, pts[k]):
                    circle = _circle_three(pts[i], pts[j], pts[k])
    (cx, cy), r = circle
    return (float(cx), float(cy)), float(r)


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull vertices (Andrew's monotone chain)."""
    pts = np.unique(points, axis=0)
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in pts[::-1]:
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def jet(values: np.ndarray) -> np.ndarray:
    """[0, 1] floats -> RGB uint8 in the classic 'jet' colours (blue, cyan, yellow, red)."""
    x = np.clip(values, 0, 1)[..., None] * 4
    centres = np.array([3.0, 2.0, 1.0], np.float32)  # red, green, blue peaks
    rgb = np.clip(1.5 - np.abs(x - centres), 0, 1)
    return np.round(rgb * 255).astype(np.uint8)


def encode_png(img: np.ndarray, level: int = 3) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(img)).save(buf, format="PNG", compress_level=level)
    return buf.getvalue()


def decode_png(data: bytes, mode: str = "RGB") -> np.ndarray:
    """PNG bytes written by encode_png -> uint8 array in `mode` ("RGB" or "L")."""
    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert(mode), dtype=np.uint8).copy()
