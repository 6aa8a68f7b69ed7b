"""Python reference of the detector's pre- and post-processing (YOLOv5 semantics).

The TypeScript module activities/images/detector/ reproduces these functions; the parity tests and the benchmark
run both on the same model and images. Training (train.py) and evaluation (evaluate.py) use the same letterbox,
so the model sees at inference exactly what it was trained on.

Steps, as YOLOv5's detect.py does them:
  1. letterbox: scale r = min(640/h, 640/w) (upscaling allowed), new size round(w*r) x round(h*r) with Python's
     round (half to even), bilinear resize, pad with colour (114, 114, 114): left/top = round(d - 0.1),
     right/bottom = round(d + 0.1), d = half the padding;
  2. HWC uint8 RGB -> CHW float32 / 255, batch of 1;
  3. ONNX model -> [1, N, 5 + nc] rows (cx, cy, w, h, obj, cls...) in input pixels;
  4. rows with obj > conf_thres; conf = obj * best class score (float64), class = argmax; keep conf > conf_thres;
  5. greedy NMS per class (IoU > iou_thres suppresses), candidates in descending confidence (stable order),
     at most max_det kept, all classes merged in descending confidence (stable);
  6. boxes mapped back: minus pad (computed from the gain like YOLOv5's scale_boxes), divided by the gain,
     clipped to the original image.

CLI (used by the parity test and the benchmark; JSON on stdout; tensors are raw little-endian float32):
  python reference_infer.py predict --model M image...             detections per image, original pixels
  python reference_infer.py raw --model M in.f32...                 for each input tensor [1,3,640,640]: writes
                                                                    the raw output to in.f32.out and prints the
                                                                    NMS detections (input pixels)
  python reference_infer.py preprocess image...                     writes each image's tensor to image.f32 in
                                                                    --out-dir and prints the letterbox geometry
  python reference_infer.py bench --model M --runs R image...      per-call milliseconds of decode + preprocess +
                                                                    inference + NMS
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

INPUT_SIZE = 640
PAD_COLOR = 114


@dataclass(frozen=True)
class Letterbox:
    """How an image was placed in the square model input."""

    gain: float  # input pixels per original pixel
    new_w: int
    new_h: int
    left: int
    top: int
    orig_w: int
    orig_h: int


def letterbox_geometry(w: int, h: int, size: int = INPUT_SIZE) -> Letterbox:
    """YOLOv5 letterbox arithmetic (auto=False, scaleup=True)."""
    r = min(size / h, size / w)
    new_w, new_h = int(round(w * r)), int(round(h * r))
    dw, dh = (size - new_w) / 2, (size - new_h) / 2
    return Letterbox(r, new_w, new_h, int(round(dw - 0.1)), int(round(dh - 0.1)), w, h)


def load_rgb(path: str) -> Image.Image:
    """Decodes an image, applies its EXIF orientation and converts it to RGB."""
    img = Image.open(path)
    img = ImageOps.exif_transpose(img)
    return img.convert("RGB")


def letterbox(img: Image.Image, size: int = INPUT_SIZE) -> tuple[np.ndarray, Letterbox]:
    """Resizes (bilinear) and pads an RGB image into a size x size HWC uint8 array."""
    geo = letterbox_geometry(img.width, img.height, size)
    if (geo.new_w, geo.new_h) != (img.width, img.height):
        img = img.resize((geo.new_w, geo.new_h), Image.BILINEAR)
    out = np.full((size, size, 3), PAD_COLOR, dtype=np.uint8)
    out[geo.top : geo.top + geo.new_h, geo.left : geo.left + geo.new_w] = np.asarray(img, dtype=np.uint8)
    return out, geo


def to_tensor(hwc: np.ndarray) -> np.ndarray:
    """HWC uint8 RGB -> [1, 3, H, W] float32 in 0..1."""
    return (hwc.transpose(2, 0, 1)[None].astype(np.float32)) / np.float32(255.0)


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of one xyxy box against many (float64)."""
    ix = np.clip(np.minimum(a[2], b[:, 2]) - np.maximum(a[0], b[:, 0]), 0, None)
    iy = np.clip(np.minimum(a[3], b[:, 3]) - np.maximum(a[1], b[:, 1]), 0, None)
    inter = ix * iy
    area_a = (a[2] - a[0]) * (a[3] - a[1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a + area_b - inter + 1e-12)


def nms(
    rows: np.ndarray, conf_thres: float = 0.25, iou_thres: float = 0.45, max_det: int = 300
) -> list[tuple[float, float, float, float, float, int]]:
    """Post-processing of one image's raw rows [N, 5 + nc]; returns (x1, y1, x2, y2, conf, cls) in input pixels."""
    rows = rows.astype(np.float64)
    cand = rows[rows[:, 4] > conf_thres]
    if cand.shape[0] == 0:
        return []
    scores = cand[:, 5:] * cand[:, 4:5]
    cls = scores.argmax(1)
    conf = scores[np.arange(scores.shape[0]), cls]
    keep = conf > conf_thres
    cand, cls, conf = cand[keep], cls[keep], conf[keep]
    xyxy = np.stack(
        [cand[:, 0] - cand[:, 2] / 2, cand[:, 1] - cand[:, 3] / 2, cand[:, 0] + cand[:, 2] / 2, cand[:, 1] + cand[:, 3] / 2], 1
    )
    order = np.argsort(-conf, kind="stable")
    kept: list[int] = []
    for c in np.unique(cls):
        idx = order[cls[order] == c]
        alive = np.ones(idx.shape[0], dtype=bool)
        for i in range(idx.shape[0]):
            if not alive[i]:
                continue
            kept.append(int(idx[i]))
            if i + 1 < idx.shape[0]:
                ious = box_iou(xyxy[idx[i]], xyxy[idx[i + 1 :]])
                alive[i + 1 :] &= ious <= iou_thres
    kept.sort(key=lambda k: (-conf[k], k))
    kept = kept[:max_det]
    return [(*map(float, xyxy[k]), float(conf[k]), int(cls[k])) for k in kept]


def scale_boxes(dets, geo: Letterbox, size: int = INPUT_SIZE):
    """Maps boxes from input pixels back to the original image (YOLOv5 scale_boxes + clip_boxes)."""
    gain = min(size / geo.orig_h, size / geo.orig_w)
    pad_x, pad_y = (size - geo.orig_w * gain) / 2, (size - geo.orig_h * gain) / 2
    out = []
    for x1, y1, x2, y2, conf, cls in dets:
        x1, x2 = [min(max((v - pad_x) / gain, 0.0), float(geo.orig_w)) for v in (x1, x2)]
        y1, y2 = [min(max((v - pad_y) / gain, 0.0), float(geo.orig_h)) for v in (y1, y2)]
        out.append((x1, y1, x2, y2, conf, cls))
    return out


class Detector:
    """An onnxruntime session with the reference pipeline around it."""

    def __init__(self, model_path: str, threads: int = 0):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        self.session = ort.InferenceSession(model_path, opts, providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name
        meta = self.session.get_modelmeta().custom_metadata_map
        self.classes = json.loads(meta.get("names", '["plastic", "label", "can"]'))

    def raw(self, tensor: np.ndarray) -> np.ndarray:
        return self.session.run(None, {self.input_name: tensor})[0]

    def predict(self, img: Image.Image, conf_thres: float = 0.25, iou_thres: float = 0.45, max_det: int = 300):
        hwc, geo = letterbox(img)
        out = self.raw(to_tensor(hwc))
        return scale_boxes(nms(out[0], conf_thres, iou_thres, max_det), geo)


def _dets_json(dets, classes):
    return [
        {"box": [x1, y1, x2, y2], "confidence": conf, "classId": cls, "className": classes[cls]}
        for x1, y1, x2, y2, conf, cls in dets
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("predict")
    p.add_argument("--model", required=True)
    p.add_argument("--conf", type=float, default=0.25)
    p.add_argument("--iou", type=float, default=0.45)
    p.add_argument("images", nargs="+")
    r = sub.add_parser("raw")
    r.add_argument("--model", required=True)
    r.add_argument("--conf", type=float, default=0.25)
    r.add_argument("--iou", type=float, default=0.45)
    r.add_argument("tensors", nargs="+")
    q = sub.add_parser("preprocess")
    q.add_argument("--out-dir", required=True)
    q.add_argument("images", nargs="+")
    b = sub.add_parser("bench")
    b.add_argument("--model", required=True)
    b.add_argument("--runs", type=int, default=20)
    b.add_argument("--warmup", type=int, default=3)
    b.add_argument("--threads", type=int, default=0)
    b.add_argument("images", nargs="+")
    a = ap.parse_args()

    if a.cmd == "predict":
        det = Detector(a.model)
        res = {path: _dets_json(det.predict(load_rgb(path), a.conf, a.iou), det.classes) for path in a.images}
        json.dump(res, sys.stdout)
    elif a.cmd == "raw":
        det = Detector(a.model)
        res = []
        for path in a.tensors:
            t = np.fromfile(path, dtype="<f4").reshape(1, 3, INPUT_SIZE, INPUT_SIZE)
            out = det.raw(t)
            out.astype("<f4").tofile(path + ".out")
            res.append({"shape": list(out.shape), "detections": _dets_json(nms(out[0], a.conf, a.iou), det.classes)})
        json.dump(res, sys.stdout)
    elif a.cmd == "preprocess":
        res = []
        for path in a.images:
            hwc, geo = letterbox(load_rgb(path))
            out = os.path.join(a.out_dir, os.path.basename(path) + ".f32")
            to_tensor(hwc).astype("<f4").tofile(out)
            res.append({"tensor": out, **geo.__dict__})
        json.dump(res, sys.stdout)
    elif a.cmd == "bench":
        det = Detector(a.model, a.threads)
        # images are read from disk once; the timed part is decode + preprocess + inference + NMS, as on the TS side
        blobs = [open(path, "rb").read() for path in a.images]

        def once(blob: bytes):
            img = ImageOps.exif_transpose(Image.open(io.BytesIO(blob))).convert("RGB")
            return det.predict(img)

        for k in range(a.warmup):
            once(blobs[k % len(blobs)])
        times = []
        for k in range(a.runs):
            t0 = time.perf_counter()
            once(blobs[k % len(blobs)])
            times.append((time.perf_counter() - t0) * 1000)
        json.dump({"ms": times}, sys.stdout)


if __name__ == "__main__":
    main()
