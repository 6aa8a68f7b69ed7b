"""Trains the compact YOLO-style detector (model_def.py) on the synthetic data, on CPU, with JAX.

YOLOv5's recipe, shrunk: letterboxed 640x640 inputs, k-means anchors, targets assigned to the GT's cell and its
two nearest neighbours for every anchor whose shape ratio is < 4, CIoU box loss, objectness BCE against the
(detached) IoU, class BCE, BatchNorm, an exponential moving average (EMA) of the weights. Adam with a warm-up and a
cosine schedule replaces SGD because it converges in the few epochs a CPU budget allows.

Writes <out>/checkpoint.npz (EMA weights, BatchNorm statistics, anchors) and <out>/train_log.json; export with
export_onnx.py. At the end of every epoch it also writes <out>/resume.npz (weights, optimiser,
EMA, step, log): with --resume a killed run continues from the last finished epoch and, because the random
stream of the skipped epochs is replayed, ends with the same weights as an uninterrupted run. Progress goes to
stdout as `PROGRESS {"epoch", "epochs", "step", "steps", "loss"}` lines (every 10 steps and at each epoch end) for
the retraining worker's heartbeats.

Usage: python ml/detector/train.py --data ml/detector/data --out ml/detector/runs/v1 --epochs 8 --eval-every 2 --seed 0
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import queue
import threading
import time

import numpy as np

import model_def as M
from PIL import Image

from reference_infer import letterbox, letterbox_geometry, load_rgb

# ---------------------------------------------------------------- data


def read_split(data: str, split: str) -> list[tuple[str, np.ndarray]]:
    """(image path, boxes [n, 5] = class, cx, cy, w, h normalised) for every image of a split."""
    img_dir = os.path.join(data, split, "images")
    out = []
    for name in sorted(os.listdir(img_dir)):
        stem = os.path.splitext(name)[0]
        lab = os.path.join(data, split, "labels", stem + ".txt")
        rows = np.loadtxt(lab, ndmin=2, dtype=np.float64) if os.path.getsize(lab) else np.zeros((0, 5))
        out.append((os.path.join(img_dir, name), rows))
    return out


def load_letterboxed(data: str, split: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """All images of a split letterboxed to 640x640 uint8 (cached as .npy) and boxes as (cls, x1, y1, x2, y2) px."""
    items = read_split(data, split)
    with open(os.path.join(data, "dataset.json")) as f:
        seed = json.load(f)["seed"]
    key = hashlib.sha256(f"{seed}-{split}-{len(items)}".encode()).hexdigest()[:12]
    cache = os.path.join(data, f"cache-{split}-{len(items)}-{key}.npy")
    S = M.INPUT_SIZE
    boxes = []
    if os.path.exists(cache):
        imgs = np.load(cache, mmap_mode="r")
    else:
        imgs = np.lib.format.open_memmap(cache + ".tmp.npy", mode="w+", dtype=np.uint8, shape=(len(items), S, S, 3))
    for i, (path, rows) in enumerate(items):
        if not os.path.exists(cache):
            arr, geo = letterbox(load_rgb(path))
            imgs[i] = arr
        else:
            with Image.open(path) as im:
                geo = letterbox_geometry(*im.size)
        b = np.zeros((rows.shape[0], 5), dtype=np.float32)
        if rows.shape[0]:
            cx = rows[:, 1] * geo.orig_w * geo.gain + geo.left
            cy = rows[:, 2] * geo.orig_h * geo.gain + geo.top
            w = rows[:, 3] * geo.orig_w * geo.gain
            h = rows[:, 4] * geo.orig_h * geo.gain
            b[:, 0] = rows[:, 0]
            b[:, 1], b[:, 2], b[:, 3], b[:, 4] = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
        boxes.append(b)
    if not os.path.exists(cache):
        imgs.flush()
        del imgs
        os.replace(cache + ".tmp.npy", cache)
        imgs = np.load(cache, mmap_mode="r")
    return imgs, boxes


def kmeans_anchors(boxes: list[np.ndarray], n: int, seed: int) -> np.ndarray:
    """k-means on box (w, h) with 1 - IoU distance; returns n anchors sorted by area."""
    wh = np.concatenate([b[:, 3:5] - b[:, 1:3] for b in boxes if len(b)])
    rng = np.random.default_rng(seed)
    k = wh[rng.choice(len(wh), n, replace=False)]
    for _ in range(60):
        inter = np.minimum(wh[:, None, 0], k[None, :, 0]) * np.minimum(wh[:, None, 1], k[None, :, 1])
        iou = inter / (wh[:, None].prod(-1) + k[None].prod(-1) - inter)
        a = iou.argmax(1)
        k = np.stack([np.median(wh[a == j], 0) if (a == j).any() else k[j] for j in range(n)])
    return k[np.argsort(k.prod(1))]


def augment(rng: np.random.Generator, img: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flips, a 90-degree turn and a brightness/contrast jitter; boxes follow."""
    S = M.INPUT_SIZE
    b = b.copy()
    if rng.random() < 0.5:
        img = img[:, ::-1]
        b[:, [1, 3]] = S - b[:, [3, 1]]
    if rng.random() < 0.5:
        img = img[::-1]
        b[:, [2, 4]] = S - b[:, [4, 2]]
    if rng.random() < 0.25:
        img = img.transpose(1, 0, 2)
        b = b[:, [0, 2, 1, 4, 3]]
    x = img.astype(np.float32) * np.float32(rng.uniform(0.75, 1.25) / 255.0) + np.float32(rng.uniform(-0.08, 0.08))
    return np.clip(x, 0, 1), b


def build_targets(batch_boxes: list[np.ndarray], anchors: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """YOLOv5 target assignment. Per level: mask [B, ny, nx, na], box [.., 4] (x, y in cell, w, h in grid units),
    one-hot class [.., nc]."""
    B = len(batch_boxes)
    out = []
    for li, s in enumerate(M.STRIDES):
        ny = nx = M.INPUT_SIZE // s
        mask = np.zeros((B, ny, nx, M.NA), np.float32)
        tbox = np.zeros((B, ny, nx, M.NA, 4), np.float32)
        tcls = np.zeros((B, ny, nx, M.NA, M.NC), np.float32)
        anc = anchors[li] / s
        for bi, bx in enumerate(batch_boxes):
            for c, x1, y1, x2, y2 in bx:
                gx, gy, gw, gh = (x1 + x2) / 2 / s, (y1 + y2) / 2 / s, (x2 - x1) / s, (y2 - y1) / s
                if gw <= 0 or gh <= 0:
                    continue
                gi, gj = min(int(gx), nx - 1), min(int(gy), ny - 1)
                cells = [(gi, gj)]
                fx, fy = gx - int(gx), gy - int(gy)
                if fx < 0.5 and gx > 1:
                    cells.append((gi - 1, gj))
                if fx > 0.5 and gx < nx - 1:
                    cells.append((gi + 1, gj))
                if fy < 0.5 and gy > 1:
                    cells.append((gi, gj - 1))
                if fy > 0.5 and gy < ny - 1:
                    cells.append((gi, gj + 1))
                for a in range(M.NA):
                    r = np.array([gw / anc[a, 0], gh / anc[a, 1]])
                    if np.maximum(r, 1 / r).max() >= 4.0:
                        continue
                    for ci, cj in cells:
                        if 0 <= ci < nx and 0 <= cj < ny:
                            mask[bi, cj, ci, a] = 1
                            tbox[bi, cj, ci, a] = (gx - ci, gy - cj, gw, gh)
                            tcls[bi, cj, ci, a] = 0
                            tcls[bi, cj, ci, a, int(c)] = 1
        out.append((mask, tbox, tcls))
    return out


# ---------------------------------------------------------------- model (JAX)


def init_params(key, jax, jnp):
    ch = M.channels()
    params, state = {}, {}
    for name, op, inputs, p in M.ARCH:
        if op not in ("conv", "head"):
            continue
        key, sub = jax.random.split(key)
        ci = ch[inputs[0]]
        k = p.get("k", 1)
        fan_in = ci * k * k
        w = jax.random.uniform(sub, (k, k, ci, p["c"]), jnp.float32, -1, 1) * math.sqrt(3.0 / fan_in)  # He-uniform-ish
        if op == "conv":
            params[name] = {"w": w * math.sqrt(2.0), "g": jnp.ones(p["c"]), "b": jnp.zeros(p["c"])}
            state[name] = {"mean": jnp.zeros(p["c"]), "var": jnp.ones(p["c"])}
        else:
            li = M.HEADS.index(name)
            s = M.STRIDES[li]
            bias = np.zeros((M.NA, M.NO), np.float32)
            bias[:, 4] = math.log(8 / (M.INPUT_SIZE / s) ** 2)  # YOLOv5: ~8 objects per image
            bias[:, 5:] = math.log(0.6 / (M.NC - 0.99))
            params[name] = {"w": w * 0.1, "bias": jnp.asarray(bias.reshape(-1))}
    return params, state


BN_EPS = 1e-3
BN_MOMENTUM = 0.03


def forward(params, state, x, train: bool, jax, jnp):
    """Runs ARCH on NHWC input; returns the head outputs and the updated BatchNorm statistics."""
    lax = jax.lax
    vals = {"images": x}
    new_state = {}
    for name, op, inputs, p in M.ARCH:
        src = [vals[i] for i in inputs]
        if op in ("conv", "head"):
            k, s = p.get("k", 1), p.get("s", 1)
            pad = [(0, 0), (0, 0)] if k % 2 == 0 else [(k // 2, k // 2), (k // 2, k // 2)]
            y = lax.conv_general_dilated(src[0], params[name]["w"], (s, s), pad, dimension_numbers=("NHWC", "HWIO", "NHWC"))
            if op == "head":
                vals[name] = y + params[name]["bias"]
                continue
            if train:
                mean = y.mean((0, 1, 2))
                var = y.var((0, 1, 2))
                n = y.shape[0] * y.shape[1] * y.shape[2]
                st = state[name]
                new_state[name] = {
                    "mean": (1 - BN_MOMENTUM) * st["mean"] + BN_MOMENTUM * lax.stop_gradient(mean),
                    "var": (1 - BN_MOMENTUM) * st["var"] + BN_MOMENTUM * lax.stop_gradient(var) * n / (n - 1),
                }
            else:
                mean, var = state[name]["mean"], state[name]["var"]
            y = (y - mean) * lax.rsqrt(var + BN_EPS) * params[name]["g"] + params[name]["b"]
            vals[name] = y * jax.nn.sigmoid(y)
        elif op == "add":
            vals[name] = src[0] + src[1]
        elif op == "cat":
            vals[name] = jnp.concatenate(src, -1)
        elif op == "up2":
            vals[name] = jnp.repeat(jnp.repeat(src[0], 2, 1), 2, 2)
        else:
            raise ValueError(op)
    return [vals[h] for h in M.HEADS], new_state


def bce_logits(x, t, jnp):
    return jnp.maximum(x, 0) - x * t + jnp.log1p(jnp.exp(-jnp.abs(x)))


def ciou(p, t, jax, jnp):
    """CIoU of xywh boxes (same units), element-wise over leading axes."""
    eps = 1e-7
    p1, p2 = p[..., :2] - p[..., 2:] / 2, p[..., :2] + p[..., 2:] / 2
    t1, t2 = t[..., :2] - t[..., 2:] / 2, t[..., :2] + t[..., 2:] / 2
    wh = jnp.clip(jnp.minimum(p2, t2) - jnp.maximum(p1, t1), 0)
    inter = wh[..., 0] * wh[..., 1]
    union = p[..., 2] * p[..., 3] + t[..., 2] * t[..., 3] - inter + eps
    iou = inter / union
    cwh = jnp.maximum(p2, t2) - jnp.minimum(p1, t1)
    c2 = cwh[..., 0] ** 2 + cwh[..., 1] ** 2 + eps
    rho2 = ((p[..., 0] - t[..., 0]) ** 2 + (p[..., 1] - t[..., 1]) ** 2)
    v = (4 / math.pi**2) * (jnp.arctan(t[..., 2] / (t[..., 3] + eps)) - jnp.arctan(p[..., 2] / (p[..., 3] + eps))) ** 2
    alpha = jax.lax.stop_gradient(v / (v - iou + (1 + eps)))
    return iou - (rho2 / c2 + v * alpha)


BALANCE = [1.0, 0.4]
GAIN_BOX, GAIN_OBJ, GAIN_CLS = 0.05 * 3 / 2, 1.0 * 3 / 2, 0.5 * M.NC / 80 * 3 / 2


def loss_fn(params, state, x, targets, anchors, jax, jnp):
    outs, new_state = forward(params, state, x, True, jax, jnp)
    B = x.shape[0]
    lbox = lobj = lcls = 0.0
    for li, (o, (mask, tbox, tcls)) in enumerate(zip(outs, targets)):
        s = M.STRIDES[li]
        ny, nx = o.shape[1], o.shape[2]
        o = o.reshape(B, ny, nx, M.NA, M.NO)
        sg = jax.nn.sigmoid(o)
        pxy = sg[..., 0:2] * 2 - 0.5
        pwh = (sg[..., 2:4] * 2) ** 2 * (anchors[li] / s)
        iou = ciou(jnp.concatenate([pxy, pwh], -1), tbox, jax, jnp)
        npos = jnp.maximum(mask.sum(), 1.0)
        lbox = lbox + (mask * (1 - iou)).sum() / npos
        tobj = mask * jnp.clip(jax.lax.stop_gradient(iou), 0)
        lobj = lobj + bce_logits(o[..., 4], tobj, jnp).mean() * BALANCE[li]
        lcls = lcls + (mask[..., None] * bce_logits(o[..., 5:], tcls, jnp)).sum() / (npos * M.NC)
    total = (GAIN_BOX * lbox + GAIN_OBJ * lobj + GAIN_CLS * lcls) * B
    return total, (new_state, jnp.stack([lbox, lobj, lcls]))


# ---------------------------------------------------------------- evaluation helpers


def predict_batch(params, state, x, anchors, jax, jnp):
    """Decoded rows [B, N, 5 + nc] in input pixels, in the same order as the ONNX export."""
    outs, _ = forward(params, state, x, False, jax, jnp)
    rows = []
    for li, o in enumerate(outs):
        s = M.STRIDES[li]
        B, ny, nx, _ = o.shape
        o = jax.nn.sigmoid(o.reshape(B, ny, nx, M.NA, M.NO)).transpose(0, 3, 1, 2, 4)
        gy, gx = jnp.meshgrid(jnp.arange(ny), jnp.arange(nx), indexing="ij")
        grid = jnp.stack([gx, gy], -1)[None, None].astype(jnp.float32)
        xy = (o[..., 0:2] * 2 - 0.5 + grid) * s
        wh = (o[..., 2:4] * 2) ** 2 * jnp.asarray(anchors[li])[None, :, None, None, :]
        rows.append(jnp.concatenate([xy, wh, o[..., 4:]], -1).reshape(B, -1, M.NO))
    return jnp.concatenate(rows, 1)


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "data"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "runs", "v1"))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval-every", type=int, default=2, help="epochs between validation mAP reports")
    ap.add_argument("--resume", action="store_true", help="continue from <out>/resume.npz when an earlier run left one")
    a = ap.parse_args()

    import jax
    import jax.numpy as jnp

    from evaluate import mean_ap
    from reference_infer import nms

    os.makedirs(a.out, exist_ok=True)
    t_start = time.time()
    imgs, boxes = load_letterboxed(a.data, "train")
    vimgs, vboxes = load_letterboxed(a.data, "val")
    print(f"data ready in {time.time() - t_start:.0f}s: {len(boxes)} train, {len(vboxes)} val images", flush=True)

    anchors = kmeans_anchors(boxes, M.NA * len(M.STRIDES), a.seed).reshape(len(M.STRIDES), M.NA, 2).astype(np.float32)
    print("anchors:", anchors.round(1).tolist(), flush=True)
    anchors_j = jnp.asarray(anchors)

    params, state = init_params(jax.random.PRNGKey(a.seed), jax, jnp)
    steps_per_epoch = len(boxes) // a.batch
    total_steps = steps_per_epoch * a.epochs
    warmup = min(300, total_steps // 10)

    def lr_at(step):
        warm = jnp.minimum(1.0, (step + 1) / warmup)
        prog = jnp.clip((step - warmup) / max(1, total_steps - warmup), 0, 1)
        return a.lr * warm * (0.02 + 0.98 * 0.5 * (1 + jnp.cos(math.pi * prog)))

    opt = {
        "m": jax.tree_util.tree_map(jnp.zeros_like, params),
        "v": jax.tree_util.tree_map(jnp.zeros_like, params),
    }
    ema = jax.tree_util.tree_map(lambda p: p, params)

    @jax.jit
    def train_step(params, state, opt, ema, step, x, targets):
        (loss, (new_state, parts)), g = jax.value_and_grad(loss_fn, has_aux=True)(params, state, x, targets, anchors_j, jax, jnp)
        lr = lr_at(step)
        b1, b2 = 0.9, 0.999
        t = step + 1
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, opt["m"], g)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, opt["v"], g)

        def upd(path, p, m, v):
            wd = 5e-4 if path[-1].key == "w" else 0.0
            mh = m / (1 - b1**t)
            vh = v / (1 - b2**t)
            return p - lr * (mh / (jnp.sqrt(vh) + 1e-8) + wd * p)

        params = jax.tree_util.tree_map_with_path(upd, params, m, v)
        d = 0.999 * (1 - jnp.exp(-t / 200.0))
        ema = jax.tree_util.tree_map(lambda e, p: d * e + (1 - d) * p, ema, params)
        return params, new_state, {"m": m, "v": v}, ema, loss, parts

    infer = jax.jit(lambda p, s, x: predict_batch(p, s, x, anchors_j, jax, jnp))

    def validate(p, s) -> float:
        preds = []
        for i in range(0, len(vboxes), 8):
            x = jnp.asarray(np.asarray(vimgs[i : i + 8], dtype=np.float32) / 255.0)
            rows = np.asarray(infer(p, s, x))
            preds += [nms(r, 0.001, 0.45) for r in rows]
        gts = [[(int(c), x1, y1, x2, y2) for c, x1, y1, x2, y2 in b] for b in vboxes]
        return mean_ap(preds, gts, M.NC)[0]

    rng = np.random.default_rng(a.seed)
    log = {"args": vars(a), "anchors": anchors.tolist(), "epochs": []}
    step = 0
    run = np.zeros(3)
    start_epoch = 0
    resumed = load_resume(a.out, {"params": params, "state": state, "m": opt["m"], "v": opt["v"], "ema": ema}, jnp) if a.resume else None
    if resumed is not None:
        trees, meta = resumed
        params, state, ema = trees["params"], trees["state"], trees["ema"]
        opt = {"m": trees["m"], "v": trees["v"]}
        step, run, log["epochs"] = meta["step"], np.asarray(meta["run"]), meta["epochs"]
        start_epoch = step // steps_per_epoch
        # Replay the random stream of the finished epochs: one permutation, then 5 draws per augmented image.
        for _ in range(start_epoch):
            rng.permutation(len(boxes))
            rng.random(5 * a.batch * steps_per_epoch)
        print(f"resumed at epoch {start_epoch} (step {step})", flush=True)
    batches: queue.Queue = queue.Queue(maxsize=3)

    def producer():
        for epoch in range(start_epoch, a.epochs):
            order = rng.permutation(len(boxes))
            for k in range(steps_per_epoch):
                idx = np.sort(order[k * a.batch : (k + 1) * a.batch])
                xs, bs = [], []
                for i in idx:
                    x, b = augment(rng, imgs[i], boxes[i])
                    xs.append(x)
                    bs.append(b)
                batches.put((np.stack(xs), build_targets(bs, anchors)))
        batches.put(None)

    threading.Thread(target=producer, daemon=True).start()
    t_train = time.time()
    step0 = step
    while True:
        item = batches.get()
        if item is None:
            break
        x, targets = item
        targets = [tuple(jnp.asarray(t) for t in lvl) for lvl in targets]
        params, state, opt, ema, loss, parts = train_step(params, state, opt, ema, jnp.asarray(step, jnp.float32), jnp.asarray(x), targets)
        run = 0.98 * run + 0.02 * np.asarray(parts) if step else np.asarray(parts)
        step += 1
        if step % 50 == 0:
            el = time.time() - t_train
            per = el / (step - step0)
            print(
                f"step {step}/{total_steps} loss {float(loss):.3f} box/obj/cls {run.round(4).tolist()} "
                f"{per:.2f}s/step eta {per * (total_steps - step) / 60:.1f} min",
                flush=True,
            )
        if step % 10 == 0 or step % steps_per_epoch == 0:
            progress(step // steps_per_epoch, a.epochs, step, total_steps, float(loss))
        if step % steps_per_epoch == 0:
            epoch = step // steps_per_epoch
            entry = {"epoch": epoch, "step": step, "minutes": round((time.time() - t_train) / 60, 2), "loss": run.tolist()}
            if epoch % a.eval_every == 0 or epoch == a.epochs:
                entry["val_map50"] = round(validate(ema, state), 4)
                print(f"epoch {epoch}: val mAP@0.5 {entry['val_map50']}", flush=True)
            log["epochs"].append(entry)
            save(a.out, ema, state, anchors)
            save_resume(a.out, {"params": params, "state": state, "m": opt["m"], "v": opt["v"], "ema": ema}, {"step": step, "run": run.tolist(), "epochs": log["epochs"]})
    log["train_minutes"] = round((time.time() - t_train) / 60, 2)
    log["total_minutes"] = round((time.time() - t_start) / 60, 2)
    with open(os.path.join(a.out, "train_log.json"), "w") as f:
        json.dump(log, f, indent=2)
    print(f"done: {log['train_minutes']} min training, {log['total_minutes']} min total", flush=True)


def progress(epoch: int, epochs: int, step: int, steps: int, loss: float) -> None:
    """One machine-readable progress line (the retraining worker turns it into a Temporal heartbeat)."""
    print("PROGRESS " + json.dumps({"epoch": epoch, "epochs": epochs, "step": step, "steps": steps, "loss": round(loss, 5)}), flush=True)


def save_resume(out: str, trees: dict, meta: dict) -> None:
    """Everything needed to continue after this epoch, in one file replaced atomically: nested dicts of arrays
    flattened to `tree|name|key`, and the step, smoothed loss and log as JSON under `__meta__`."""
    flat = {"__meta__": np.asarray(json.dumps(meta))}
    for tree, layers in trees.items():
        for name, entries in layers.items():
            for k, v in entries.items():
                flat[f"{tree}|{name}|{k}"] = np.asarray(v)
    np.savez(os.path.join(out, "resume.tmp.npz"), **flat)
    os.replace(os.path.join(out, "resume.tmp.npz"), os.path.join(out, "resume.npz"))


def load_resume(out: str, like: dict, jnp):
    """The trees and metadata save_resume wrote (shaped like `like`), or None when there is nothing to resume."""
    path = os.path.join(out, "resume.npz")
    if not os.path.exists(path):
        return None
    data = np.load(path)
    meta = json.loads(str(data["__meta__"]))
    trees = {tree: {name: {k: jnp.asarray(data[f"{tree}|{name}|{k}"]) for k in entries} for name, entries in layers.items()} for tree, layers in like.items()}
    return trees, meta


def save(out: str, params, state, anchors: np.ndarray) -> None:
    flat = {"anchors": anchors}
    for name, p in params.items():
        for k, v in p.items():
            flat[f"{name}.{k}"] = np.asarray(v)
    for name, s in state.items():
        for k, v in s.items():
            flat[f"{name}.{k}"] = np.asarray(v)
    np.savez(os.path.join(out, "checkpoint.tmp.npz"), **flat)
    os.replace(os.path.join(out, "checkpoint.tmp.npz"), os.path.join(out, "checkpoint.npz"))


if __name__ == "__main__":
    main()
