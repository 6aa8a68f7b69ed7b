"""Synthetic eco-point photos for the detector: PET bottles (with and without label sleeves), loose labels and cans.

Every image is drawn from its own random generator seeded by (seed, split, index), so a dataset is reproducible
bit for bit and any single image can be regenerated alone. Output layout (YOLO format):

    <out>/<split>/images/<id>.jpg
    <out>/<split>/labels/<id>.txt     one line per box: "<class> <cx> <cy> <w> <h>", normalised 0..1
    <out>/dataset.json                classes, counts, seed

Classes: 0 plastic (a PET bottle, with or without its sleeve), 1 label (a sleeve still on a bottle, or a loose
label), 2 can.

Usage: python ml/detector/generate_data.py --out ml/detector/data --seed 20240601
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter

CLASSES = ["plastic", "label", "can"]
SPLITS = {"train": 0, "val": 1, "test": 2}
SIZES = [(640, 480), (480, 640), (800, 600), (600, 800), (640, 640), (960, 720), (720, 960), (1024, 576)]


@dataclass
class Sprite:
    """An object drawn upright on its own RGBA canvas, with a mask per annotated part."""

    image: Image.Image  # RGBA
    parts: list[tuple[int, Image.Image]]  # (class id, L mask of the same size)


def rand_color(rng: np.random.Generator, lo: int = 0, hi: int = 255) -> tuple[int, int, int]:
    return tuple(int(v) for v in rng.integers(lo, hi + 1, size=3))  # type: ignore[return-value]


def vivid_color(rng: np.random.Generator) -> tuple[int, int, int]:
    """A saturated colour, as printed labels and cans tend to be."""
    h = rng.random()
    s = rng.uniform(0.5, 1.0)
    v = rng.uniform(0.45, 1.0)
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    r, g, b = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return int(r * 255), int(g * 255), int(b * 255)


# ---------------------------------------------------------------- backgrounds


def smooth_noise(rng: np.random.Generator, w: int, h: int, cells: int) -> np.ndarray:
    """Low-frequency noise in 0..1, by upsampling a small random grid."""
    small = Image.fromarray((rng.random((cells, cells)) * 255).astype(np.uint8))
    return np.asarray(small.resize((w, h), Image.BICUBIC), dtype=np.float32) / 255.0


def background(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    kind = rng.integers(0, 5)
    c1 = np.array(rand_color(rng, 20, 235), dtype=np.float32)
    c2 = np.array(rand_color(rng, 20, 235), dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == 0:  # gradient wall / table
        ang = rng.uniform(0, 2 * math.pi)
        t = (xx * math.cos(ang) + yy * math.sin(ang)) / max(w, h)
        t = (t - t.min()) / max(1e-6, t.max() - t.min())
        arr = c1 * (1 - t[..., None]) + c2 * t[..., None]
    elif kind == 1:  # wood grain
        freq = rng.uniform(0.02, 0.08)
        warp = smooth_noise(rng, w, h, 6) * rng.uniform(10, 40)
        t = 0.5 + 0.5 * np.sin((yy + warp) * freq + smooth_noise(rng, w, h, 3) * 4)
        arr = c1 * (1 - 0.4 * t[..., None]) + c2 * 0.4 * t[..., None]
    elif kind == 2:  # tiles with grout
        size = int(rng.integers(40, 160))
        grout = int(rng.integers(2, 6))
        tiles = ((xx // size + yy // size) % 2)[..., None]
        arr = c1 * (1 - tiles * rng.uniform(0, 0.25))
        mask = ((xx % size) < grout) | ((yy % size) < grout)
        arr[mask] = c2 * 0.6
    elif kind == 3:  # fabric / carpet
        n = smooth_noise(rng, w, h, int(rng.integers(8, 40)))
        arr = c1 * (0.6 + 0.4 * n[..., None])
    else:  # table edge against a wall
        split = rng.uniform(0.2, 0.8) * h
        top = (yy < split)[..., None]
        arr = np.where(top, c1, c2 * (0.8 + 0.2 * smooth_noise(rng, w, h, 5)[..., None]))
    arr = arr + rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(rng.uniform(2, 10))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def add_clutter(rng: np.random.Generator, img: Image.Image) -> None:
    """Distractors that are none of the classes: boxes, plates, sticks, blobs, scribbles."""
    d = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    for _ in range(int(rng.integers(0, 7))):
        col = rand_color(rng, 10, 245) + (int(rng.integers(120, 256)),)
        x, y = rng.uniform(-50, w), rng.uniform(-50, h)
        s = rng.uniform(20, 220)
        kind = rng.integers(0, 5)
        if kind == 0:
            d.rectangle([x, y, x + s, y + s * rng.uniform(0.3, 1.5)], fill=col)
        elif kind == 1:
            d.ellipse([x, y, x + s, y + s * rng.uniform(0.5, 1.2)], fill=col)
        elif kind == 2:
            d.line([x, y, x + rng.uniform(-200, 200), y + rng.uniform(-200, 200)], fill=col, width=int(rng.integers(2, 14)))
        elif kind == 3:
            pts = [(x + rng.uniform(0, s), y + rng.uniform(0, s)) for _ in range(int(rng.integers(3, 7)))]
            d.polygon(pts, fill=col)
        else:
            for _ in range(int(rng.integers(3, 12))):
                d.text((x + rng.uniform(0, s), y + rng.uniform(0, s)), "ABCXYZ123"[: int(rng.integers(2, 9))], fill=col)


# ---------------------------------------------------------------- objects


def print_pattern(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    """A printed wrap (label sleeve, loose label, can print): colour bands, a logo, text strokes."""
    img = Image.new("RGB", (w, h), vivid_color(rng))
    d = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(1, 4))):
        y0 = rng.uniform(0, h)
        d.rectangle([0, y0, w, y0 + rng.uniform(0.05, 0.4) * h], fill=vivid_color(rng))
    if rng.random() < 0.8:
        r = rng.uniform(0.15, 0.35) * min(w, h) + 1
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=vivid_color(rng))
    for _ in range(int(rng.integers(2, 8))):
        x0, y0 = rng.uniform(0, w * 0.8), rng.uniform(0, h * 0.9)
        d.line([x0, y0, x0 + rng.uniform(0.1, 0.5) * w, y0], fill=rand_color(rng), width=max(1, int(h * 0.04)))
    return img


def bottle_sprite(rng: np.random.Generator, height: int, labelled: bool) -> Sprite:
    h = height
    w = max(8, int(h * rng.uniform(0.26, 0.4)))
    cap_h, neck_h, shoulder_h = int(h * 0.07), int(h * 0.08), int(h * rng.uniform(0.12, 0.2))
    neck_w = max(3, int(w * rng.uniform(0.32, 0.42)))
    body_top = cap_h + neck_h + shoulder_h
    cx = w / 2
    # silhouette: cap, neck, shoulder curve, body, rounded base
    shape = Image.new("L", (w, h), 0)
    ds = ImageDraw.Draw(shape)
    ds.rectangle([cx - neck_w / 2, cap_h, cx + neck_w / 2, cap_h + neck_h], fill=255)
    pts = []
    for i in range(13):
        t = i / 12
        half = neck_w / 2 + (w / 2 - neck_w / 2) * math.sin(t * math.pi / 2)
        pts.append((cx - half, cap_h + neck_h + t * shoulder_h))
    pts += [(0, h - w * 0.12), (w * 0.12, h - 1), (w * 0.88, h - 1), (w - 1, h - w * 0.12)]
    pts += [(2 * cx - x, y) for x, y in reversed(pts[:13])]
    ds.polygon(pts, fill=255)

    # clear plastic: a faint tint, bright specular stripes and darker rims
    tint = [(225, 240, 250), (215, 245, 225), (235, 235, 235), (200, 225, 245), (190, 160, 110)][int(rng.integers(0, 5))]
    body = np.zeros((h, w, 4), dtype=np.float32)
    body[..., :3] = tint
    xs = (np.arange(w, dtype=np.float32) - cx) / (w / 2)
    edge = np.clip(np.abs(xs), 0, 1) ** 4
    alpha = rng.uniform(55, 110) + 120 * edge
    body[..., 3] = alpha[None, :]
    body[..., :3] *= (1 - 0.45 * edge)[None, :, None]
    hx = rng.uniform(-0.6, -0.2)
    spec = np.exp(-(((xs - hx) / 0.08) ** 2)) + 0.5 * np.exp(-(((xs + hx * 0.7) / 0.05) ** 2))
    body[..., :3] += (spec * 160)[None, :, None]
    body[..., 3] += (spec * 110)[None, :]
    for k in range(int(rng.integers(2, 6))):  # ribs
        y = int(body_top + (h - body_top) * rng.uniform(0.05, 0.95))
        body[max(0, y - 1) : y + 1, :, 3] += 70
        body[max(0, y - 1) : y + 1, :, :3] *= 0.8
    if rng.random() < 0.35:  # some water left inside
        level = int(body_top + (h - body_top) * rng.uniform(0.3, 0.95))
        body[level:, :, 2] += 25
        body[level:, :, 3] += 30
    body = np.clip(body, 0, 255)
    img = Image.fromarray(body.astype(np.uint8), "RGBA")
    img.putalpha(ImageChops.multiply(img.getchannel("A"), shape))
    d = ImageDraw.Draw(img)
    cap_w = neck_w * 1.2
    d.rectangle([cx - cap_w / 2, 0, cx + cap_w / 2, cap_h], fill=vivid_color(rng) + (255,))
    d.rectangle([cx - cap_w / 2 - 1, cap_h - 2, cx + cap_w / 2 + 1, cap_h + 1], fill=(230, 230, 230, 255))
    full = shape.copy()
    ImageDraw.Draw(full).rectangle([cx - cap_w / 2, 0, cx + cap_w / 2, cap_h], fill=255)
    parts = [(0, full)]
    if labelled:
        top = int(body_top + (h - body_top) * rng.uniform(0.0, 0.3))
        lh = int((h - body_top) * rng.uniform(0.25, 0.55))
        wrap = print_pattern(rng, w, max(2, lh))
        shade = (1 - 0.5 * edge)[None, :, None]
        wrap_arr = (np.asarray(wrap, dtype=np.float32) * shade).astype(np.uint8)
        band = Image.new("L", (w, h), 0)
        ImageDraw.Draw(band).rectangle([0, top, w, top + lh], fill=255)
        band = ImageChops.multiply(band, shape)
        img.paste(Image.fromarray(wrap_arr, "RGB"), (0, top), band.crop((0, top, w, top + lh)))
        parts.append((1, band))
    return Sprite(img, parts)


def loose_label_sprite(rng: np.random.Generator, length: int) -> Sprite:
    lh = max(6, int(length / rng.uniform(2.5, 6)))
    wrap = print_pattern(rng, length, lh).convert("RGBA")
    # crumple: shift each column vertically along a wave and darken the folds
    amp = rng.uniform(0, lh * 0.6)
    pad = int(amp) + 2
    out = Image.new("RGBA", (length, lh + 2 * pad), (0, 0, 0, 0))
    arr = np.asarray(wrap)
    dst = np.zeros((lh + 2 * pad, length, 4), dtype=np.uint8)
    phase, freq = rng.uniform(0, 6.3), rng.uniform(0.5, 3) * 2 * math.pi / length
    for x in range(length):
        off = int(pad + amp * math.sin(phase + freq * x))
        fold = 0.75 + 0.25 * math.cos(phase * 3 + freq * 3 * x)
        col = arr[:, x].astype(np.float32)
        col[:, :3] *= fold
        dst[off : off + lh, x] = col.astype(np.uint8)
    out = Image.fromarray(dst, "RGBA")
    return Sprite(out, [(1, out.getchannel("A").point(lambda a: 255 if a > 0 else 0))])


def can_sprite(rng: np.random.Generator, height: int) -> Sprite:
    h = height
    w = max(8, int(h / rng.uniform(1.6, 2.6)))
    rim = max(2, int(w * 0.12))
    shape = Image.new("L", (w, h), 0)
    ds = ImageDraw.Draw(shape)
    ds.rectangle([0, rim, w - 1, h - rim], fill=255)
    ds.ellipse([0, 0, w - 1, 2 * rim], fill=255)
    ds.ellipse([0, h - 2 * rim - 1, w - 1, h - 1], fill=255)
    base = np.asarray(print_pattern(rng, w, h), dtype=np.float32)
    xs = (np.arange(w, dtype=np.float32) - w / 2) / (w / 2)
    shade = 0.35 + 0.65 * np.sqrt(np.clip(1 - xs**2, 0, 1))
    hx = rng.uniform(-0.5, -0.1)
    spec = np.exp(-(((xs - hx) / 0.1) ** 2)) * 150
    arr = base * shade[None, :, None] + spec[None, :, None]
    # aluminium top and bottom: silver bands
    silver = (180 + 60 * np.sqrt(np.clip(1 - xs**2, 0, 1)))[None, :, None]
    arr[: int(rim * 2.2)] = silver
    arr[h - int(rim * 1.5) :] = silver * 0.9
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").convert("RGBA")
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.15, rim * 0.3, w * 0.85, rim * 1.7], outline=(120, 120, 120, 255), width=max(1, rim // 3))
    img.putalpha(shape)
    return Sprite(img, [(2, shape)])


# ---------------------------------------------------------------- scene


def place(rng: np.random.Generator, canvas: Image.Image, sprite: Sprite, boxes: list[list[float]]) -> None:
    """Rotate, position and composite a sprite; append its parts' boxes (class, x0, y0, x1, y1)."""
    W, H = canvas.size
    angle = float(rng.uniform(-180, 180) if rng.random() < 0.4 else rng.normal(0, 12))
    img = sprite.image.rotate(angle, resample=Image.BICUBIC, expand=True)
    masks = [(c, m.rotate(angle, resample=Image.NEAREST, expand=True)) for c, m in sprite.parts]
    sw, sh = img.size
    existing = [b for b in boxes if b[0] != 1]
    for _ in range(12):
        x = int(rng.uniform(-0.15 * sw, W - 0.85 * sw))
        y = int(rng.uniform(-0.15 * sh, H - 0.85 * sh))
        if all(iou((x, y, x + sw, y + sh), b[1:]) < 0.25 for b in existing):
            break
    if rng.random() < 0.5:  # soft contact shadow
        shadow = img.getchannel("A").point(lambda a: int(a * 0.5)).filter(ImageFilter.GaussianBlur(6))
        canvas.paste((0, 0, 0, 255), (x + max(2, sw // 25), y + max(2, sh // 30)), shadow)
    canvas.paste(img, (x, y), img)
    for c, m in masks:
        bb = m.point(lambda a: 255 if a >= 128 else 0).getbbox()
        if bb is None:
            continue
        x0, y0, x1, y1 = max(0, bb[0] + x), max(0, bb[1] + y), min(W, bb[2] + x), min(H, bb[3] + y)
        full_area = (bb[2] - bb[0]) * (bb[3] - bb[1])
        vis_area = max(0, x1 - x0) * max(0, y1 - y0)
        if vis_area >= 0.45 * full_area and x1 - x0 >= 6 and y1 - y0 >= 6:
            boxes.append([c, x0, y0, x1, y1])


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def photometric(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    """Light, colour cast, vignetting, blur and sensor noise."""
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.6, 1.35))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.7, 1.3))
    img = ImageEnhance.Color(img).enhance(rng.uniform(0.6, 1.3))
    arr = np.asarray(img, dtype=np.float32)
    arr *= rng.uniform(0.88, 1.12, size=3).astype(np.float32)[None, None, :]
    if rng.random() < 0.5:
        h, w = arr.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        r = np.sqrt(((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2)
        arr *= (1 - np.float32(rng.uniform(0.1, 0.6)) * r**2)[..., None]
    arr += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(rng.uniform(0, 6))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.4:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 2.0)))
    return img


def render(seed: int, split: str, index: int) -> tuple[Image.Image, list[list[float]], int]:
    """One scene; returns the image, boxes (class, x0, y0, x1, y1 in pixels) and the JPEG quality to save with."""
    rng = np.random.default_rng([seed, SPLITS[split], index])
    W, H = SIZES[int(rng.integers(0, len(SIZES)))]
    canvas = background(rng, W, H).convert("RGBA")
    add_clutter(rng, canvas)
    boxes: list[list[float]] = []
    scene = rng.random()
    n_bottles = int(rng.integers(0, 6)) if scene > 0.1 else 0
    p_label = [0.0, 0.3, 0.7][int(rng.integers(0, 3))]
    n_loose = int(rng.integers(0, 3)) if rng.random() < 0.35 else 0
    n_cans = int(rng.integers(0, 4)) if rng.random() < 0.45 else 0
    kinds = ["b"] * n_bottles + ["l"] * n_loose + ["c"] * n_cans
    rng.shuffle(kinds)
    short = min(W, H)
    for k in kinds:
        if k == "b":
            place(rng, canvas, bottle_sprite(rng, int(short * rng.uniform(0.18, 0.8)), rng.random() < p_label), boxes)
        elif k == "l":
            place(rng, canvas, loose_label_sprite(rng, int(short * rng.uniform(0.12, 0.45))), boxes)
        else:
            place(rng, canvas, can_sprite(rng, int(short * rng.uniform(0.15, 0.5))), boxes)
    img = photometric(rng, canvas.convert("RGB"))
    quality = int(rng.integers(35, 96))
    return img, boxes, quality


def write_one(args: tuple[str, int, str, int]) -> int:
    out, seed, split, index = args
    img, boxes, quality = render(seed, split, index)
    name = f"{index:05d}"
    img.save(os.path.join(out, split, "images", name + ".jpg"), quality=quality)
    W, H = img.size
    with open(os.path.join(out, split, "labels", name + ".txt"), "w") as f:
        for c, x0, y0, x1, y1 in boxes:
            f.write(f"{c} {(x0 + x1) / 2 / W:.6f} {(y0 + y1) / 2 / H:.6f} {(x1 - x0) / W:.6f} {(y1 - y0) / H:.6f}\n")
    return len(boxes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data"))
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--train", type=int, default=3000)
    ap.add_argument("--val", type=int, default=300)
    ap.add_argument("--test", type=int, default=500)
    ap.add_argument("--workers", type=int, default=1, help="processes (output does not depend on it)")
    a = ap.parse_args()
    counts = {"train": a.train, "val": a.val, "test": a.test}
    jobs = []
    for split, n in counts.items():
        os.makedirs(os.path.join(a.out, split, "images"), exist_ok=True)
        os.makedirs(os.path.join(a.out, split, "labels"), exist_ok=True)
        jobs += [(a.out, a.seed, split, i) for i in range(n)]
    if a.workers > 1:
        with ProcessPoolExecutor(a.workers) as ex:
            total = sum(ex.map(write_one, jobs, chunksize=16))
    else:
        total = 0
        for i, j in enumerate(jobs):
            total += write_one(j)
            if i % 500 == 0:
                print(f"{i}/{len(jobs)}", file=sys.stderr, flush=True)
    # Splits asked with 0 images keep what an earlier run with the same seed wrote (e.g. only the test split
    # is drawn for `ciao model eval`).
    meta_path = os.path.join(a.out, "dataset.json")
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            old = json.load(f)
        if old.get("seed") == a.seed:
            counts = {k: (n or old.get("counts", {}).get(k, 0)) for k, n in counts.items()}
    with open(meta_path, "w") as f:
        json.dump({"classes": CLASSES, "seed": a.seed, "counts": counts}, f, indent=2)
    print(f"wrote {len(jobs)} images, {total} boxes to {a.out}")


if __name__ == "__main__":
    main()
