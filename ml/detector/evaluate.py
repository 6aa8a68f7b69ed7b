"""mAP@0.5 of an ONNX detector on a split of the synthetic data, through the reference pipeline.

Matching: detections of a class in descending confidence, each takes the unmatched ground-truth box of the same
class with the highest IoU if that IoU >= 0.5. AP per class as YOLOv5 computes it (precision envelope, 101-point
interpolation); mAP = mean over classes that have ground truth. The TypeScript `ciao model eval` implements the
same definition (activities/images/detector/mean-ap.ts).

Usage: python ml/detector/evaluate.py --model models/detector/detector.onnx --data ml/detector/data --split test
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np


def iou_one(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def compute_ap(recall: np.ndarray, precision: np.ndarray) -> float:
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([1.0], precision, [0.0]))
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    x = np.linspace(0, 1, 101)
    y = np.interp(x, mrec, mpre)
    return float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(x)))


def mean_ap(preds, gts, nc: int, iou_thres: float = 0.5) -> tuple[float, list[float | None]]:
    """preds: per image [(x1, y1, x2, y2, conf, cls)]; gts: per image [(cls, x1, y1, x2, y2)]."""
    aps: list[float | None] = []
    for c in range(nc):
        dets = [(d[4], i, d[:4]) for i, ds in enumerate(preds) for d in ds if d[5] == c]
        dets.sort(key=lambda t: -t[0])
        gt_c = [[g[1:] for g in gs if int(g[0]) == c] for gs in gts]
        n_gt = sum(len(g) for g in gt_c)
        if n_gt == 0:
            aps.append(None)
            continue
        used = [[False] * len(g) for g in gt_c]
        tp = np.zeros(len(dets))
        for k, (_, i, box) in enumerate(dets):
            best, best_j = iou_thres, -1
            for j, g in enumerate(gt_c[i]):
                if used[i][j]:
                    continue
                v = iou_one(box, g)
                if v >= best:
                    best, best_j = v, j
            if best_j >= 0:
                used[i][best_j] = True
                tp[k] = 1
        ctp = np.cumsum(tp)
        recall = ctp / n_gt
        precision = ctp / np.arange(1, len(dets) + 1)
        aps.append(compute_ap(recall, precision) if len(dets) else 0.0)
    valid = [a for a in aps if a is not None]
    return (float(np.mean(valid)) if valid else 0.0), aps


def read_gts(data: str, split: str):
    """(image path, [(cls, x1, y1, x2, y2)] in original pixels) for every image of a split."""
    from PIL import Image

    img_dir = os.path.join(data, split, "images")
    out = []
    for name in sorted(os.listdir(img_dir)):
        path = os.path.join(img_dir, name)
        with Image.open(path) as im:
            W, H = im.size
        boxes = []
        with open(os.path.join(data, split, "labels", os.path.splitext(name)[0] + ".txt")) as f:
            for line in f:
                c, cx, cy, w, h = line.split()
                cx, cy, w, h = float(cx) * W, float(cy) * H, float(w) * W, float(h) * H
                boxes.append((int(c), cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        out.append((path, boxes))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "data"))
    ap.add_argument("--split", default="test")
    ap.add_argument("--conf", type=float, default=0.001)
    ap.add_argument("--iou", type=float, default=0.45)
    a = ap.parse_args()
    from reference_infer import Detector, load_rgb

    det = Detector(a.model)
    items = read_gts(a.data, a.split)
    t0 = time.time()
    preds = [det.predict(load_rgb(path), a.conf, a.iou) for path, _ in items]
    m, aps = mean_ap(preds, [g for _, g in items], len(det.classes))
    res = {
        "split": a.split,
        "images": len(items),
        "map50": round(m, 4),
        "ap50": {det.classes[c]: (None if v is None else round(v, 4)) for c, v in enumerate(aps)},
        "seconds": round(time.time() - t0, 1),
    }
    json.dump(res, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
