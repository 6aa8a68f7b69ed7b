import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelRecord, SplitMetrics } from '../../../activities/models/model-record';
import { metricsTable } from '../../../cli/model-eval-command';
import { figuresOf, koreaTime, listRows } from '../../../cli/model-registry-commands';

const split = (images: number): SplitMetrics => ({
  images,
  map50: 0.5,
  ap50: { plastic: 0.4, label: null, can: 0.6 },
  verdict: { accuracy: 0.75, correct: 3, images: 4, confusion: {} },
  source: 'test',
  setHash: 'x',
  measuredAt: new Date(0),
});

const record = (version: string, status: ModelRecord['status'], real: SplitMetrics | null): ModelRecord => ({
  _id: version,
  version,
  kind: 'detector',
  format: 'yolov5-onnx',
  status,
  files: [],
  main: 'detector.onnx',
  metadata: 'detector.json',
  metrics: { synthetic: split(400), real },
  dataSnapshot: null,
  trainingParams: null,
  createdAt: new Date('2026-12-06T00:30:00Z'),
  promotedAt: null,
  retiredAt: null,
  notes: 'first',
});

describe('ciao model list and eval output', () => {
  it('shows times in Korea time', () => {
    assert.equal(koreaTime(new Date('2026-12-06T00:30:00Z')), '2026-12-06 09:30');
    assert.equal(koreaTime(null), '-');
  });

  it('says there is no real figure rather than showing one', () => {
    const rows = listRows([record('2.0.0', 'candidate', null), record('1.0.0', 'active', split(12))], '1.0.0');
    assert.deepEqual(rows[0]?.slice(0, 4), ['2.0.0', 'candidate', 'no real photos', 'acc 0.750 · mAP 0.500 (400)']);
    assert.deepEqual(rows[1]?.slice(0, 3), ['1.0.0', 'active', 'acc 0.750 · mAP 0.500 (12)']);
    assert.equal(figuresOf(null, 'not measured'), 'not measured');
  });

  it('marks a record whose status still says active but that the pointer left as retired', () => {
    assert.equal(listRows([record('1.0.0', 'active', null)], '2.0.0')[0]?.[1], 'retired');
  });

  it('puts the synthetic and real figures side by side, a dash where a class or split has none', () => {
    const table = metricsTable({ synthetic: split(400), real: null }, ['plastic', 'label', 'can']);
    const lines = table.split('\n');
    assert.match(lines[0] ?? '', /synthetic test \(400 images\)\s+real held-out \(none\)/);
    assert.match(table, /label AP@0\.5\s+-\s+—/);
    assert.match(table, /verdict accuracy\s+0\.750 \(3\/4\)\s+—/);
  });
});
