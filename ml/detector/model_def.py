"""Architecture of the compact YOLO-style detector, as a small graph description.

train.py runs it in JAX (NHWC) and export_onnx.py writes it as ONNX (NCHW) from the same list, so the two cannot
drift apart. Ops:
  conv  Conv(k, stride) + BatchNorm + SiLU   (BatchNorm is folded into the conv at export)
  add   element-wise sum (residual)
  cat   channel concatenation
  up2   nearest-neighbour 2x upsampling
  head  1x1 Conv with bias: na * (5 + nc) channels of raw YOLOv5 predictions

Layout: an 8x8 stride-8 "patchify" stem keeps the 640x640 input cheap on a CPU (about 0.39 GMAC per image in
all); then stride 16 (P4) and 32 (P5) stages with residual blocks, a small FPN (P5 upsampled into P4) and a PAN path (P4 down into P5), and YOLOv5
detection heads with 3 anchors on P4 and P5.
"""

from __future__ import annotations

CLASSES = ["plastic", "label", "can"]
NC = len(CLASSES)
NA = 3
NO = 5 + NC
INPUT_SIZE = 640
STRIDES = [16, 32]
# Default anchors (input pixels, w h per anchor), replaced by k-means anchors of the training boxes in train.py.
DEFAULT_ANCHORS = [[[20, 40], [40, 25], [45, 90]], [[90, 180], [170, 120], [200, 380]]]

# (name, op, inputs, params)
ARCH: list[tuple[str, str, list[str], dict]] = [
    ("stem", "conv", ["images"], {"c": 32, "k": 8, "s": 8}),  # /8 80x80
    ("d2", "conv", ["stem"], {"c": 64, "k": 3, "s": 2}),  # /16 40x40
    ("b2a", "conv", ["d2"], {"c": 64, "k": 1, "s": 1}),
    ("b2b", "conv", ["b2a"], {"c": 64, "k": 3, "s": 1}),
    ("p4", "add", ["d2", "b2b"], {}),
    ("d3", "conv", ["p4"], {"c": 128, "k": 3, "s": 2}),  # /32 20x20
    ("b3a", "conv", ["d3"], {"c": 128, "k": 1, "s": 1}),
    ("b3b", "conv", ["b3a"], {"c": 128, "k": 3, "s": 1}),
    ("p5", "add", ["d3", "b3b"], {}),
    ("lat", "conv", ["p5"], {"c": 64, "k": 1, "s": 1}),
    ("lat_up", "up2", ["lat"], {}),
    ("f4cat", "cat", ["p4", "lat_up"], {}),
    ("f4a", "conv", ["f4cat"], {"c": 64, "k": 1, "s": 1}),
    ("f4", "conv", ["f4a"], {"c": 64, "k": 3, "s": 1}),
    ("f4d", "conv", ["f4"], {"c": 64, "k": 3, "s": 2}),
    ("f5cat", "cat", ["f4d", "p5"], {}),
    ("f5a", "conv", ["f5cat"], {"c": 128, "k": 1, "s": 1}),
    ("f5", "conv", ["f5a"], {"c": 128, "k": 3, "s": 1}),
    ("h4", "head", ["f4"], {"c": NA * NO}),
    ("h5", "head", ["f5"], {"c": NA * NO}),
]
HEADS = ["h4", "h5"]  # in the order of STRIDES


def channels() -> dict[str, int]:
    """Output channels of every node."""
    ch: dict[str, int] = {"images": 3}
    for name, op, inputs, p in ARCH:
        if op in ("conv", "head"):
            ch[name] = p["c"]
        elif op == "cat":
            ch[name] = sum(ch[i] for i in inputs)
        else:
            ch[name] = ch[inputs[0]]
    return ch
