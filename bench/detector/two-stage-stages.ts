/**
 * The two stages of the two-stage detector measured apart, on a split with ground truth (figures, not a test):
 * - stage 1: recall of the ground-truth bottles and cans by the SSD's bottle boxes (IoU ≥ 0.5) at several
 *   SSD scores;
 * - stage 2 on the ground-truth boxes (so stage 1's misses do not count): plastic vs can, and label vs no label
 *   on the plastic ones, for the cue variants (colour only, colour + text, text only), and a small search over
 *   the band / can thresholds (run it on `val`, report on `test`).
 *
 *   node --import tsx bench/detector/two-stage-stages.ts [--split val] [--limit 200]
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, parseYoloLabels } from '../../activities/images/detector/evaluate-split';
import { type Box } from '../../activities/images/detector/letterbox';
import { boxIou } from '../../activities/images/detector/nms';
import { loadDetectorModel } from '../../activities/images/detector/session';
import { sampleCrop } from '../../activities/images/detector/two-stage/crop-sampling';
import { ensureTwoStageModel, TWO_STAGE_DIR } from '../../activities/images/detector/two-stage/ensure-files';
import { bandsOf, type CropFeatures, decideCrop, measureCrop, type StageTwoRules } from '../../activities/images/detector/two-stage/stage-two';
import { predictedOutcome, tallyVerdicts, truthOutcome, type VerdictOutcome } from '../../activities/images/detector/verdict-accuracy';
import { loadTextDetector } from '../../activities/images/detector/two-stage/text-detector';
import { isTwoStageModel, parseTwoStageSettings } from '../../activities/images/detector/two-stage/two-stage-model';
import { decodeWorking } from '../../activities/images/detector/two-stage/working-image';

interface Truth {
  /** Index of the image in the split. */
  readonly image: number;
  readonly kind: 'plastic' | 'can';
  readonly labelled: boolean;
  readonly aspect: number;
  /** Ink profile per cue variant. */
  readonly ink: Record<Variant, Float32Array>;
}
type Variant = 'colour' | 'colour+text' | 'text';
const VARIANTS: readonly Variant[] = ['colour', 'colour+text', 'text'];

function insideShare(inner: Box, outer: Box): number {
  const ix = Math.max(0, Math.min(inner.x2, outer.x2) - Math.max(inner.x1, outer.x1));
  const iy = Math.max(0, Math.min(inner.y2, outer.y2) - Math.max(inner.y1, outer.y1));
  return (ix * iy) / Math.max(1e-9, (inner.x2 - inner.x1) * (inner.y2 - inner.y1));
}

function score(truths: readonly Truth[], variant: Variant, rules: StageTwoRules): { kind: number; label: number; both: number } {
  let kind = 0;
  let label = 0;
  let plastics = 0;
  let both = 0;
  for (const t of truths) {
    const ink = t.ink[variant];
    const f: CropFeatures = { ink, ...bandsOf(ink, rules) };
    const d = decideCrop(f, t.aspect, rules);
    const kindOk = (d.kind === 'can') === (t.kind === 'can');
    if (kindOk) kind++;
    if (t.kind === 'plastic') {
      plastics++;
      if (d.labelled === t.labelled) label++;
    }
    if (kindOk && (t.kind === 'can' || d.labelled === t.labelled)) both++;
  }
  return { kind: kind / truths.length, label: label / Math.max(1, plastics), both: both / truths.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { split: { type: 'string', default: 'val' }, limit: { type: 'string', default: '200' } } });
  const split = values.split;
  const modelPath = await ensureTwoStageModel();
  const model = await loadDetectorModel({ modelPath });
  if (!isTwoStageModel(model)) throw new Error('not a two-stage model');
  const raw = JSON.parse(await readFile(path.join(TWO_STAGE_DIR, 'detector.json'), 'utf8')) as Record<string, unknown>;
  const settings = parseTwoStageSettings(raw, 'detector.json');
  const text = await loadTextDetector(path.join(TWO_STAGE_DIR, 'text-detector.onnx'));
  const rules = settings.stage2.rules;
  const dir = path.join(DEFAULT_DATA_DIR, split);
  const names = (await readdir(path.join(dir, 'images'))).sort().slice(0, Number(values.limit));
  const thresholds = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5];
  const found = { plastic: thresholds.map(() => 0), can: thresholds.map(() => 0) };
  const counts = { plastic: 0, can: 0 };
  const truths: Truth[] = [];
  const imageTruths: VerdictOutcome[] = [];
  for (const [index, name] of names.entries()) {
    const image = await readFile(path.join(dir, 'images', name));
    const work = await decodeWorking(image, settings.workingSide, {});
    const gt = parseYoloLabels(await readFile(path.join(dir, 'labels', name.replace(/\.[^.]+$/, '.txt')), 'utf8'), work.width, work.height);
    const objects = (await model.stageOne(image, { minScore: 0.05 })).filter((o) => o.kind === 'bottle');
    const labels = gt.filter((g) => g.classId === 1).map((g) => g.box);
    imageTruths.push(truthOutcome(gt, ['plastic', 'label', 'can']));
    for (const g of gt) {
      if (g.classId === 1) continue;
      const kind = g.classId === 0 ? 'plastic' : 'can';
      counts[kind]++;
      const best = Math.max(0, ...objects.filter((o) => boxIou(o.box, g.box) >= 0.5).map((o) => o.score));
      thresholds.forEach((t, i) => {
        if (best >= t) found[kind][i]!++;
      });
      const box = { x1: g.box.x1 / work.scale, y1: g.box.y1 / work.scale, x2: g.box.x2 / work.scale, y2: g.box.y2 / work.scale };
      const crop = sampleCrop(work.image, box, settings.stage2.crop);
      const prob = await text.textProbability(crop);
      const w = box.x2 - box.x1;
      const h = box.y2 - box.y1;
      truths.push({
        image: index,
        kind,
        labelled: kind === 'plastic' && labels.some((l) => insideShare(l, g.box) >= 0.5),
        aspect: Math.max(w, h) / Math.max(1e-6, Math.min(w, h)),
        ink: {
          colour: measureCrop(crop, rules).ink,
          'colour+text': measureCrop(crop, rules, prob).ink,
          text: measureCrop(crop, { ...rules, inkDistance: Infinity }, prob).ink,
        },
      });
    }
  }
  await text.release();
  await model.release();
  console.log(`split ${split}, ${names.length} images: ${counts.plastic} bottles (${truths.filter((t) => t.labelled).length} labelled), ${counts.can} cans`);
  console.log('stage 1 recall (a bottle box at IoU ≥ 0.5 with SSD score ≥ t):');
  console.log(`| t | ${thresholds.join(' | ')} |`);
  console.log(`|---|${thresholds.map(() => '---').join('|')}|`);
  for (const k of ['plastic', 'can'] as const) console.log(`| ${k} | ${found[k].map((n) => (n / Math.max(1, counts[k])).toFixed(2)).join(' | ')} |`);
  console.log('\nstage 2 on ground-truth boxes, current rules (kind = plastic vs can; label = on plastic; both):');
  for (const v of VARIANTS) {
    const s = score(truths, v, rules);
    console.log(`| ${v} | kind ${s.kind.toFixed(3)} | label ${s.label.toFixed(3)} | both ${s.both.toFixed(3)} |`);
  }
  console.log('\nverdict accuracy with an oracle stage 1 (the true bottle and can boxes), current rules:');
  for (const v of VARIANTS) {
    const predicted = imageTruths.map(() => [] as { className: string; confidence: number }[]);
    for (const t of truths) {
      const ink = t.ink[v];
      const d = decideCrop({ ink, ...bandsOf(ink, rules) }, t.aspect, rules);
      if (d.kind === 'can') predicted[t.image]!.push({ className: 'can', confidence: 1 });
      if (d.kind === 'plastic') predicted[t.image]!.push({ className: 'plastic', confidence: 1 });
      if (d.labelled) predicted[t.image]!.push({ className: 'label', confidence: 1 });
    }
    const tally = tallyVerdicts(imageTruths.map((truth, i) => ({ truth, predicted: predictedOutcome(predicted[i]!) })));
    console.log(`| ${v} | ${(100 * tally.accuracy).toFixed(1)} % | ${JSON.stringify(tally.confusion)} |`);
  }
  console.log('\nsearch over inkedRow × minLabelBand × canMinCoverage × canMaxAspect (best "both" per variant):');
  for (const v of VARIANTS) {
    let best = { both: -1, kind: 0, label: 0, r: rules };
    for (const inkedRow of [0.2, 0.3, 0.4, 0.5, 0.6])
      for (const minLabelBand of [0.06, 0.09, 0.12, 0.16, 0.2])
        for (const canMinCoverage of [0.5, 0.6, 0.7, 0.8, 0.9])
          for (const canMaxAspect of [2.2, 2.4, 2.6, 2.8, 3.0]) {
            const r = { ...rules, inkedRow, minLabelBand, canMinCoverage, canMaxAspect };
            const s = score(truths, v, r);
            if (s.both > best.both) best = { ...s, r };
          }
    const { inkedRow, minLabelBand, canMinCoverage, canMaxAspect } = best.r;
    console.log(`| ${v} | kind ${best.kind.toFixed(3)} | label ${best.label.toFixed(3)} | both ${best.both.toFixed(3)} | ${JSON.stringify({ inkedRow, minLabelBand, canMinCoverage, canMaxAspect })} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
