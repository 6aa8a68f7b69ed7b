/**
 * `detector_retrain`, Mondays 04:00 Korea time (the quietest hour of the week for uploads) and on demand: the
 * eco point detector retrained on the synthetic set plus the uploads an admin confirmed, and promoted only
 * when it is better on real photos.
 *
 *   export_data ─► train ─► evaluate ─► decide ─► record
 *
 * export_data writes the training set to HDFS in YOLO layout (`/ciao/models/detector/retrain/<version>/`,
 * swapped in whole); train runs ml/detector/train.py on the `training` queue (CPU, heartbeats with epoch and
 * loss, resumes a killed attempt) and registers the candidate; evaluate measures the candidate and the active
 * version on the same real held-out photos and synthetic test images; decide applies the rule (`metric`,
 * `minGain`; no real held-out photo → refused with "no real held-out photos" unless `allowSyntheticOnly`);
 * record stores figures and decision on the candidate, promotes it when decided (inference workers follow
 * within MODEL_POLL_S) and writes the run note. The candidate version is `retrain-<YYYYMMDD>-<HHmm>` of the
 * logical date: a rerun of the same week reuses it and adds no registry record.
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { TASK_QUEUES } from '../../domain/scheduling';
import { dag } from '../dag/dsl';

export const detectorRetrain = dag<Activities>(
  'detector_retrain',
  {
    description: 'Mondays 04:00: confirmed uploads + synthetic set → HDFS (YOLO) → train (training queue) → evaluate vs the active model on real held-out photos → promote if better → registry + run note',
    schedule: { cron: '0 4 * * 1', timezone: 'Asia/Seoul', catchup: false, overlap: 'skip', maxActiveRuns: 1 },
    params: Type.Object({
      syntheticSeed: Type.Integer({ description: 'Seed of the synthetic set (ml/detector/generate_data.py)' }),
      syntheticTrain: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Synthetic training images' }),
      syntheticVal: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Synthetic validation images (mAP during training)' }),
      maxConfirmed: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Most confirmed uploads (split train) added to the training set' }),
      epochs: Type.Integer({ minimum: 1, maximum: 200, description: 'Training epochs' }),
      batch: Type.Integer({ minimum: 1, maximum: 256, description: 'Images per training step' }),
      lr: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Peak learning rate (Adam)' }),
      seed: Type.Integer({ description: 'Training seed' }),
      evalSyntheticImages: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Synthetic test images both versions are measured on' }),
      evalDataDir: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'Synthetic data folder whose test/ split is measured (null: ml/detector/data, drawn when missing)' }),
      metric: Type.Union([Type.Literal('verdictAccuracy'), Type.Literal('map50')], { description: 'Figure the promotion rule compares on real photos' }),
      minGain: Type.Number({ minimum: 0, maximum: 1, description: 'Smallest improvement of that figure that promotes' }),
      allowSyntheticOnly: Type.Boolean({ description: 'With no real held-out photo, compare on the synthetic test split instead of refusing' }),
      minRealBottlePhotos: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Real held-out photos showing a bottle the real split needs before it decides (photos without bottles reward a model that finds nothing)' }),
    }),
    defaultParams: {
      syntheticSeed: 20240601,
      syntheticTrain: 3000,
      syntheticVal: 200,
      maxConfirmed: 20_000,
      epochs: 8,
      batch: 16,
      lr: 0.002,
      seed: 0,
      evalSyntheticImages: 400,
      evalDataDir: null,
      metric: 'verdictAccuracy',
      minGain: 0.02,
      allowSyntheticOnly: false,
      minRealBottlePhotos: 10,
    },
    defaults: { retry: { attempts: 3, initialInterval: '30s', maximumInterval: '5m', budget: '6h' }, timeouts: { startToClose: '30m' } },
    runTimeout: '12h',
    tags: ['models', 'detector'],
  },
  (b) => {
    const exported = b.task('export_data', {
      activity: 'exportRetrainData',
      args: { syntheticSeed: b.param<number>('syntheticSeed'), syntheticTrain: b.param<number>('syntheticTrain'), syntheticVal: b.param<number>('syntheticVal'), maxConfirmed: b.param<number>('maxConfirmed') },
      taskQueue: TASK_QUEUES.training,
      timeouts: { startToClose: '2h', heartbeat: '5m' },
      doc: 'Synthetic set + confirmed train uploads → HDFS /ciao/models/detector/retrain/<version>/ (YOLO layout, swapped in whole)',
    });
    const trained = b.task('train', {
      activity: 'trainRetrainCandidate',
      args: { exported: exported.output(), epochs: b.param<number>('epochs'), batch: b.param<number>('batch'), lr: b.param<number>('lr'), seed: b.param<number>('seed') },
      taskQueue: TASK_QUEUES.training,
      // JAX compiles for a minute or two before the first step; the worker heartbeats every 15 s meanwhile.
      timeouts: { startToClose: '6h', heartbeat: '2m' },
      doc: 'ml/detector/train.py on CPU (resumes a killed attempt), ONNX export, registered as a candidate',
    });
    const evaluated = b.task('evaluate', {
      activity: 'evaluateRetrainCandidate',
      args: { trained: trained.output(), syntheticImages: b.param<number>('evalSyntheticImages'), syntheticDir: b.param<string | null>('evalDataDir') },
      taskQueue: TASK_QUEUES.training,
      timeouts: { startToClose: '2h', heartbeat: '5m' },
      doc: 'Candidate and active version on the same real held-out photos and synthetic test images',
    });
    const decided = b.task('decide', {
      activity: 'decideRetrainPromotion',
      args: { evaluated: evaluated.output(), metric: b.param<'verdictAccuracy' | 'map50'>('metric'), minGain: b.param<number>('minGain'), allowSyntheticOnly: b.param<boolean>('allowSyntheticOnly'), minRealBottlePhotos: b.param<number>('minRealBottlePhotos') },
      doc: 'Promote only if better on real photos by minGain (no real photos: refused)',
    });
    b.task('record', {
      activity: 'recordRetrainOutcome',
      args: { evaluated: evaluated.output(), decision: decided.output() },
      doc: 'Figures and decision on the candidate, promotion when decided, run note with both scores',
    });
  },
);
