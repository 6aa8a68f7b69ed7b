"""Checks the converted stage-1 ONNX model against the TFLite original with a TFLite interpreter: same inputs
(random and real images), max abs difference of both outputs, and whether the top detections agree.

One-off check (its result is written down in ml/detector/TWO_STAGE.md); needs an interpreter besides the
pretrained venv:  pip install ai-edge-litert==2.3.0   (or tflite-runtime)

Usage: python ml/detector/pretrained/verify_tflite.py [--onnx models/detector/two-stage/detector.onnx] [images…]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np
import onnxruntime as ort
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_two_stage import ROOT, extract_stage1  # noqa: E402


def interpreter(path: str):
    try:
        from ai_edge_litert.interpreter import Interpreter  # type: ignore
    except ImportError:
        from tflite_runtime.interpreter import Interpreter  # type: ignore
    it = Interpreter(model_path=path)
    it.allocate_tensors()
    return it


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", default=os.path.join(ROOT, "models", "detector", "two-stage", "detector.onnx"))
    ap.add_argument("--package-dir", default=os.path.join(ROOT, "node_modules", "@mediapipe", "objectron"))
    ap.add_argument("--random", type=int, default=4)
    ap.add_argument("images", nargs="*")
    args = ap.parse_args()
    inputs: list[tuple[str, np.ndarray]] = []
    rng = np.random.default_rng(0)
    for k in range(args.random):
        inputs.append((f"random-{k}", rng.uniform(-1, 1, (1, 300, 300, 3)).astype(np.float32)))
    for p in args.images:
        im = Image.open(p).convert("RGB").resize((300, 300), Image.BILINEAR)
        inputs.append((os.path.basename(p), (np.asarray(im, dtype=np.float32) / 127.5 - 1.0)[None]))
    sess = ort.InferenceSession(args.onnx, providers=["CPUExecutionProvider"])
    onnx_in = sess.get_inputs()[0].name
    onnx_out = [o.name for o in sess.get_outputs()]
    report = []
    with tempfile.TemporaryDirectory() as tmp:
        tflite, _ = extract_stage1(args.package_dir, tmp)
        it = interpreter(tflite)
        tin = it.get_input_details()[0]
        touts = {d["name"]: d for d in it.get_output_details()}
        for name, x in inputs:
            it.set_tensor(tin["index"], x)
            it.invoke()
            ref = {n: it.get_tensor(d["index"]) for n, d in touts.items()}
            got = dict(zip(onnx_out, sess.run(None, {onnx_in: x.transpose(0, 3, 1, 2)})))
            row = {"input": name}
            for n in [n for n in onnx_out if n in ref]:  # the ONNX file also has the backbone_features output
                row[n] = float(np.max(np.abs(ref[n] - got[n])))
            cls = [n for n in onnx_out if "class" in n][0]
            a, b = ref[cls][0, :, 1:].max(1), got[cls][0, :, 1:].max(1)
            row["top5_same_anchors"] = bool(set(np.argsort(-a)[:5]) == set(np.argsort(-b)[:5]))
            report.append(row)
    print(json.dumps({"onnx": args.onnx, "interpreter": it.__class__.__module__, "results": report}, indent=1))


if __name__ == "__main__":
    main()
