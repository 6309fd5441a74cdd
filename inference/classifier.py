"""ONNX Runtime classifier: CPU or GPU, calibrated probabilities and CAM heatmaps."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np
import onnxruntime as ort

from inference.cam import class_activation_map, place_heatmap
from inference.errors import ModelError
from inference.preprocess import center_square_box, normalize, resize_to_model
from inference.probs import malignant_probability, softmax, top_k
from inference.registry import VerifiedModel

log = logging.getLogger(__name__)

GPU_PROVIDERS = ("CUDAExecutionProvider", "DmlExecutionProvider", "CoreMLExecutionProvider", "ROCMExecutionProvider")
DEVICE_NAMES = {
    "CPUExecutionProvider": "CPU",
    "CUDAExecutionProvider": "NVIDIA GPU (CUDA)",
    "DmlExecutionProvider": "GPU (DirectML)",
    "CoreMLExecutionProvider": "Apple Neural Engine / GPU (CoreML)",
    "ROCMExecutionProvider": "AMD GPU (ROCm)",
}


def available_devices() -> list[str]:
    """'cpu' plus 'gpu' when a GPU execution provider is present in this onnxruntime build."""
    present = ort.get_available_providers()
    return ["cpu"] + (["gpu"] if any(p in present for p in GPU_PROVIDERS) else [])


def choose_providers(device: str) -> tuple[list[str], str | None]:
    """Providers for 'auto' | 'cpu' | 'gpu' | a provider name, and a note if we fell back."""
    present = ort.get_available_providers()
    gpus = [p for p in GPU_PROVIDERS if p in present]
    if device == "cpu":
        return ["CPUExecutionProvider"], None
    if device in ("gpu", "auto"):
        if gpus:
            return gpus[:1] + ["CPUExecutionProvider"], None
        note = None if device == "auto" else "No GPU is available on this computer; using the CPU."
        return ["CPUExecutionProvider"], note
    if device in present:
        return [device, "CPUExecutionProvider"], None
    return ["CPUExecutionProvider"], f"{device} is not available here; using the CPU."


@dataclass(frozen=True)
class Prediction:
    model_id: str
    model_name: str
    model_version: str
    model_sha256: str
    device: str
    probabilities: np.ndarray  # calibrated, sums to 1
    logits: np.ndarray
    features: np.ndarray = field(repr=False)  # (C, h, w): the last conv map, for heatmaps
    cam_weights: np.ndarray | None = field(repr=False, default=None)
    model_box: tuple[int, int, int, int] = (0, 0, 0, 0)  # what the network saw, in image pixels
    image_hw: tuple[int, int] = (0, 0)
    seconds: float = 0.0

    @property
    def predicted_index(self) -> int:
        return int(np.argmax(self.probabilities))

    @property
    def malignant_probability(self) -> float:
        return malignant_probability(self.probabilities)

    def top_k(self, k: int = 3):
        return top_k(self.probabilities, k)

    def heatmap(self, class_index: int | None = None) -> np.ndarray:
        """[0, 1] map the size of the analysed image, aligned with what the network saw."""
        if self.cam_weights is None:
            raise ModelError(f"Model '{self.model_id}' has no heatmap weights.")
        c = self.predicted_index if class_index is None else class_index
        cam = class_activation_map(self.features, self.cam_weights, c)
        return place_heatmap(cam, self.image_hw, self.model_box)


def flipped_views(x: np.ndarray, flips: int) -> np.ndarray:
    """(N, C, H, W) -> (flips * N, C, H, W), view by view: as is, mirrored, upside down, both (the
    first `flips`)."""
    if flips <= 1:
        return x
    views = [x, x[..., ::-1], x[..., ::-1, :], x[..., ::-1, ::-1]][:flips]
    return np.ascontiguousarray(np.concatenate(views))


class OnnxClassifier:
    def __init__(self, model: VerifiedModel, device: str = "auto", threads: int | None = None):
        self.model = model
        self.manifest = model.manifest
        providers, self.note = choose_providers(device)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or 0
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(model.onnx_bytes, opts, providers=providers)
        except Exception as e:  # onnxruntime raises its own exception types
            raise ModelError(f"Model '{self.manifest.id}' could not be started: {e}") from None
        used = self.session.get_providers()[0]
        if used != providers[0] and self.note is None:
            self.note = f"{DEVICE_NAMES.get(providers[0], providers[0])} failed to start; using the CPU."
        self.provider = used
        self.device = DEVICE_NAMES.get(used, used)
        outputs = [o.name for o in self.session.get_outputs()]
        if outputs[:2] != ["logits", "features"]:
            raise ModelError(f"Model '{self.manifest.id}' has outputs {outputs}, expected logits and features.")

    def run(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        logits, feats = self.session.run(["logits", "features"], {self.manifest.input_name: batch})
        return logits, feats

    def view_probabilities(self, x: np.ndarray, flips: int | None = None):
        """Calibrated probabilities of normalised images x (N, C, H, W), each averaged over its
        test-time views (the manifest's, or `flips`); with the logits and features of every view,
        view by view (the first N are the images as they are)."""
        flips = self.manifest.test_time_flips if flips is None else flips
        logits, feats = self.run(flipped_views(x, flips))
        probs = softmax(logits, self.manifest.temperature).reshape(-1, len(x), logits.shape[-1]).mean(0)
        return probs, logits, feats

    def photo_features(self, pixels: np.ndarray) -> np.ndarray:
        """The features of the photo as it is (one view; what the not-a-lesion check reads) of
        resize_to_model(rgb, spec): for a network run only as a check (Analyzer.gates)."""
        return self.run(normalize(pixels[None], self.manifest.preprocess))[1][0]

    def predict(self, rgb: np.ndarray, pixels: np.ndarray | None = None) -> Prediction:
        """Classify one upright RGB uint8 image (already FOV-cropped and gamma-corrected).

        `pixels`: resize_to_model(rgb, spec) when the caller already has it (the ensemble shares it)."""
        t = time.perf_counter()
        spec = self.manifest.preprocess
        pixels = resize_to_model(rgb, spec) if pixels is None else pixels
        x = normalize(pixels[None], spec)
        # Averaged over the views; the heatmap and the not-a-lesion check use the photo as is.
        probs, logits, feats = self.view_probabilities(x)
        probs = probs[0]
        h, w = rgb.shape[:2]
        box = center_square_box(w, h) if spec.crop == "center_square" else (0, 0, w, h)
        return Prediction(
            model_id=self.manifest.id,
            model_name=self.manifest.display_name,
            model_version=self.manifest.version,
            model_sha256=self.manifest.onnx_sha256,
            device=self.device,
            probabilities=probs,
            logits=logits[0],
            features=feats[0],
            cam_weights=self.model.cam_weights,
            model_box=box,
            image_hw=(h, w),
            seconds=time.perf_counter() - t,
        )
