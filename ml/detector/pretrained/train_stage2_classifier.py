"""Stage 2 as a learned classifier (issue 15): logistic regressions on the SSD backbone's features that tell can
from plastic and label from no label. Features: the stage-1 model's `backbone_features` output (MobilenetV2
Conv_1, 1280 × 10 × 10 at a 300² input) on each ground-truth bottle / can box, cropped with 10 % margin and
stretched to 300², average-pooled, standardised. Trained on one synthetic split, scored on another
(ground-truth boxes, so stage 1's misses do not count; compare with bench/detector/two-stage-stages.ts).

Usage:
    python ml/detector/generate_data.py --out /tmp/s2 --seed 20240601 --train 600 --val 0 --test 0 --workers 2
    python ml/detector/pretrained/train_stage2_classifier.py --train /tmp/s2/train --test ml/detector/data/test \
        --write models/detector/two-stage/stage2-classifier.json
Prints JSON. Needs only the runtime venv (numpy, pillow, onnxruntime).
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np
import onnxruntime as ort
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FEATURE = "backbone_features"
MARGIN = 0.1


def inside(inner, outer) -> float:
    ix = max(0.0, min(inner[2], outer[2]) - max(inner[0], outer[0]))
    iy = max(0.0, min(inner[3], outer[3]) - max(inner[1], outer[1]))
    return ix * iy / max(1e-9, (inner[2] - inner[0]) * (inner[3] - inner[1]))


def objects(split: str, sess, out_name: str, limit: int):
    x, kind, labelled = [], [], []
    names = sorted(os.listdir(os.path.join(split, "images")))[:limit]
    inp = sess.get_inputs()[0].name
    for n in names:
        im = Image.open(os.path.join(split, "images", n)).convert("RGB")
        W, H = im.size
        boxes = []
        for line in open(os.path.join(split, "labels", os.path.splitext(n)[0] + ".txt")):
            c, cx, cy, w, h = map(float, line.split())
            boxes.append((int(c), ((cx - w / 2) * W, (cy - h / 2) * H, (cx + w / 2) * W, (cy + h / 2) * H)))
        labels = [b for c, b in boxes if c == 1]
        for c, b in boxes:
            if c == 1:
                continue
            mx, my = MARGIN * (b[2] - b[0]), MARGIN * (b[3] - b[1])
            crop = im.crop((b[0] - mx, b[1] - my, b[2] + mx, b[3] + my)).resize((300, 300), Image.BILINEAR)
            t = (np.asarray(crop, dtype=np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
            f = sess.run([out_name], {inp: t})[0][0]
            x.append(f.mean(axis=(1, 2)))
            kind.append(1 if c == 2 else 0)
            labelled.append(1 if c == 0 and any(inside(l, b) >= 0.5 for l in labels) else 0)
    return np.array(x, np.float32), np.array(kind), np.array(labelled)


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 800) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by gradient descent on standardised features."""
    w = np.zeros(x.shape[1], np.float64)
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = p - y
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "detector", "two-stage", "detector.onnx"))
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", default=os.path.join(ROOT, "ml", "detector", "data", "test"))
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--l2", type=float, default=1e-2, help="regularisation of the written classifier")
    ap.add_argument("--write", help="write the classifier JSON here (the --l2 one)")
    args = ap.parse_args()
    sess = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    xtr, ktr, ltr = objects(args.train, sess, FEATURE, args.limit)
    xte, kte, lte = objects(args.test, sess, FEATURE, args.limit)
    mu, sd = xtr.mean(0), xtr.std(0) + 1e-6
    xtr, xte = (xtr - mu) / sd, (xte - mu) / sd
    report = {"train_objects": int(len(ktr)), "test_objects": int(len(kte)), "by_l2": {}}
    plastic_tr, plastic_te = ktr == 0, kte == 0
    for l2 in sorted({1e-3, 1e-2, 1e-1, args.l2}):
        wk, bk = fit(xtr, ktr, l2)
        wl, bl = fit(xtr[plastic_tr], ltr[plastic_tr], l2)
        pk = (xte @ wk + bk) > 0
        pl = (xte @ wl + bl) > 0
        kind_ok = pk == (kte == 1)
        label_ok = pl == (lte == 1)
        both = kind_ok & ((kte == 1) | label_ok)
        report["by_l2"][str(l2)] = {
            "kind": round(float(kind_ok.mean()), 3),
            "label_on_bottles": round(float(label_ok[plastic_te].mean()), 3),
            "both": round(float(both.mean()), 3),
        }
        if args.write and l2 == args.l2:
            classifier = {
                "feature": FEATURE,
                "margin": MARGIN,
                "mean": [round(float(v), 6) for v in mu],
                "std": [round(float(v), 6) for v in sd],
                "can": {"weights": [round(float(v), 6) for v in wk], "bias": round(float(bk), 6)},
                "label": {"weights": [round(float(v), 6) for v in wl], "bias": round(float(bl), 6)},
                "trainedOn": {"images": args.limit, "objects": int(len(ktr)), "l2": l2, "data": "synthetic train split, seed 20240601"},
                "testMetrics": report["by_l2"][str(l2)],
            }
            with open(args.write, "w", encoding="utf-8") as f:
                json.dump(classifier, f)
                f.write("\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
