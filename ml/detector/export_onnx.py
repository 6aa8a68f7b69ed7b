"""Writes a trained checkpoint as an ONNX model in the YOLOv5 export layout.

  input  `images`  float32 [1, 3, 640, 640], RGB, 0..1
  output `output0` float32 [1, N, 5 + nc], rows (cx, cy, w, h, objectness, class scores...) in input pixels,
         N = sum over levels of 3 * (640 / stride)^2, levels in stride order, rows in (anchor, y, x) order,
         decoded as YOLOv5 does: xy = (2 sigmoid - 0.5 + grid) * stride, wh = (2 sigmoid)^2 * anchor.

BatchNorm is folded into the convolutions; the graph is built node by node from model_def.ARCH with the `onnx`
helper (no exporter in the loop), opset 17. Metadata props carry `names`, `stride`, `version` as YOLOv5 exports do.

Usage: python ml/detector/export_onnx.py --checkpoint ml/detector/runs/v1/checkpoint.npz \
         --out models/detector/detector.onnx --version 1.0.0
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import model_def as M

BN_EPS = 1e-3
OPSET = 17


def build(ck: dict[str, np.ndarray], version: str) -> onnx.ModelProto:
    nodes: list[onnx.NodeProto] = []
    inits: list[onnx.TensorProto] = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(arr, name))
        return name

    for name, op, inputs, p in M.ARCH:
        if op in ("conv", "head"):
            k, s = p.get("k", 1), p.get("s", 1)
            w = ck[f"{name}.w"].transpose(3, 2, 0, 1).astype(np.float32)  # HWIO -> OIHW
            if op == "conv":
                scale = ck[f"{name}.g"] / np.sqrt(ck[f"{name}.var"] + BN_EPS)
                w = w * scale[:, None, None, None]
                b = ck[f"{name}.b"] - ck[f"{name}.mean"] * scale
            else:
                b = ck[f"{name}.bias"]
            pad = 0 if k % 2 == 0 else k // 2
            conv_out = name if op == "head" else f"{name}.conv"
            nodes.append(
                helper.make_node(
                    "Conv",
                    [inputs[0], const(f"{name}.weight", w.astype(np.float32)), const(f"{name}.bias", b.astype(np.float32))],
                    [conv_out],
                    kernel_shape=[k, k],
                    strides=[s, s],
                    pads=[pad] * 4,
                    name=f"{name}.Conv",
                )
            )
            if op == "conv":  # SiLU = x * sigmoid(x)
                nodes.append(helper.make_node("Sigmoid", [conv_out], [f"{name}.sig"], name=f"{name}.Sigmoid"))
                nodes.append(helper.make_node("Mul", [conv_out, f"{name}.sig"], [name], name=f"{name}.Mul"))
        elif op == "add":
            nodes.append(helper.make_node("Add", inputs, [name], name=f"{name}.Add"))
        elif op == "cat":
            nodes.append(helper.make_node("Concat", inputs, [name], axis=1, name=f"{name}.Concat"))
        elif op == "up2":
            nodes.append(
                helper.make_node(
                    "Resize",
                    [inputs[0], "", const(f"{name}.scales", np.array([1, 1, 2, 2], np.float32))],
                    [name],
                    mode="nearest",
                    coordinate_transformation_mode="asymmetric",
                    nearest_mode="floor",
                    name=f"{name}.Resize",
                )
            )
        else:
            raise ValueError(op)

    # YOLOv5 Detect: per level reshape to [1, na, no, ny, nx] -> [1, na, ny, nx, no], sigmoid, decode, flatten.
    anchors = ck["anchors"].astype(np.float32)
    level_outs = []
    for li, (head, s) in enumerate(zip(M.HEADS, M.STRIDES)):
        ny = nx = M.INPUT_SIZE // s
        t = f"det{li}"
        nodes.append(helper.make_node("Reshape", [head, const(f"{t}.shape5", np.array([1, M.NA, M.NO, ny, nx], np.int64))], [f"{t}.r"]))
        nodes.append(helper.make_node("Transpose", [f"{t}.r"], [f"{t}.t"], perm=[0, 1, 3, 4, 2]))
        nodes.append(helper.make_node("Sigmoid", [f"{t}.t"], [f"{t}.s"]))
        nodes.append(
            helper.make_node("Split", [f"{t}.s", const(f"{t}.split", np.array([2, 2, M.NO - 4], np.int64))], [f"{t}.xy", f"{t}.wh", f"{t}.conf"], axis=4)
        )
        gy, gx = np.meshgrid(np.arange(ny, dtype=np.float32), np.arange(nx, dtype=np.float32), indexing="ij")
        grid = (np.stack([gx, gy], -1)[None, None] - 0.5).astype(np.float32)  # [1, 1, ny, nx, 2]
        anchor_grid = anchors[li].reshape(1, M.NA, 1, 1, 2).astype(np.float32)
        nodes += [
            helper.make_node("Mul", [f"{t}.xy", const(f"{t}.two", np.array(2, np.float32))], [f"{t}.xy2"]),
            helper.make_node("Add", [f"{t}.xy2", const(f"{t}.grid", grid)], [f"{t}.xyg"]),
            helper.make_node("Mul", [f"{t}.xyg", const(f"{t}.stride", np.array(s, np.float32))], [f"{t}.xyo"]),
            helper.make_node("Mul", [f"{t}.wh", const(f"{t}.two2", np.array(2, np.float32))], [f"{t}.wh2"]),
            helper.make_node("Mul", [f"{t}.wh2", f"{t}.wh2"], [f"{t}.whsq"]),
            helper.make_node("Mul", [f"{t}.whsq", const(f"{t}.anchor_grid", anchor_grid)], [f"{t}.who"]),
            helper.make_node("Concat", [f"{t}.xyo", f"{t}.who", f"{t}.conf"], [f"{t}.cat"], axis=4),
            helper.make_node("Reshape", [f"{t}.cat", const(f"{t}.shape3", np.array([1, M.NA * ny * nx, M.NO], np.int64))], [f"{t}.out"]),
        ]
        level_outs.append(f"{t}.out")
    nodes.append(helper.make_node("Concat", level_outs, ["output0"], axis=1))

    n_rows = sum(M.NA * (M.INPUT_SIZE // s) ** 2 for s in M.STRIDES)
    graph = helper.make_graph(
        nodes,
        "ciao-detector",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, M.INPUT_SIZE, M.INPUT_SIZE])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, n_rows, M.NO])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="ciao-label-la")
    model.ir_version = 8
    for k, v in {
        "names": json.dumps(M.CLASSES),
        "stride": json.dumps(M.STRIDES),
        "version": version,
        "input_size": str(M.INPUT_SIZE),
    }.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--version", default="1.0.0")
    a = ap.parse_args()
    ck = dict(np.load(a.checkpoint))
    model = build(ck, a.version)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    onnx.save(model, a.out)
    rows = model.graph.output[0].type.tensor_type.shape.dim[1].dim_value
    with open(a.out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    meta = {
        "name": "ciao-detector",
        "version": a.version,
        "format": "yolov5-onnx",
        "classes": M.CLASSES,
        "inputSize": M.INPUT_SIZE,
        "input": {"name": "images", "shape": [1, 3, M.INPUT_SIZE, M.INPUT_SIZE], "layout": "NCHW RGB 0..1"},
        "output": {"name": "output0", "shape": [1, rows, M.NO], "row": "cx cy w h obj cls..."},
        "strides": M.STRIDES,
        "anchors": ck["anchors"].astype(np.float64).round(2).tolist(),
        "opset": OPSET,
        "sha256": digest,
    }
    with open(os.path.splitext(a.out)[0] + ".json", "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps({"out": a.out, "bytes": os.path.getsize(a.out), "rows": rows, "opset": OPSET, "sha256": digest}))


if __name__ == "__main__":
    main()
