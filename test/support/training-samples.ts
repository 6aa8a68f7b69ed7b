/**
 * Test support: a `training_samples` document as the eco-point pipeline writes it for a photo (service 1,
 * accepted, one confident bottle), with whatever a test changes in `fields`.
 */
import type { TrainingSampleDoc } from '../../web/admin/labelling/sample-doc';

/** A photo's training sample of `userId`, created at `createdAt`; `fields` override any part of it. */
export function trainingSample(id: string, userId: string, createdAt: Date, fields: Partial<TrainingSampleDoc> = {}): TrainingSampleDoc {
  return {
    _id: id,
    uploadId: id,
    userId,
    service: 1,
    rawFileId: id,
    annotatedFileId: id,
    modelVersion: 'test-model-1',
    detections: [{ className: 'plastic', confidence: 0.97, box: { x1: 100, y1: 100, x2: 400, y2: 800 } }],
    ocrText: null,
    verdict: { accepted: true, points: 10, code: null },
    createdAt,
    appeal: null,
    review: null,
    ...fields,
  };
}
