/**
 * ml/detector/train.py resumes a killed run (what the retraining DAG's `train` task relies on when its worker
 * dies): a run killed with -9 after its first epoch and started again with --resume ends with exactly the
 * weights of an uninterrupted run. Tiny data (16 images), two epochs; needs the training venv (JAX).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DETECTOR_ML_DIR, ensureDetectorPython, runDetectorScript } from '../../../activities/images/detector/ml-python';

const exists = (p: string) => access(p).then(() => true, () => false);

describe('train.py --resume', { timeout: 420_000 }, () => {
  let dir: string;
  let python: string;
  before(async () => {
    python = await ensureDetectorPython(true);
    dir = await mkdtemp(path.join(tmpdir(), 'ciao-resume-'));
    await runDetectorScript('generate_data.py', ['--out', path.join(dir, 'data'), '--seed', '20240601', '--train', '16', '--val', '4', '--test', '0'], python);
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const trainArgs = (out: string) => [path.join(DETECTOR_ML_DIR, 'train.py'), '--data', path.join(dir, 'data'), '--out', out, '--epochs', '2', '--batch', '8', '--eval-every', '2', '--resume'];

  it('ends a killed and resumed run with the weights of an uninterrupted one', async () => {
    await runDetectorScript('train.py', trainArgs(path.join(dir, 'whole')).slice(1), python);

    const broken = path.join(dir, 'broken');
    const child = spawn(python, trainArgs(broken), { cwd: DETECTOR_ML_DIR, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const deadline = Date.now() + 300_000;
    while (!(await exists(path.join(broken, 'resume.npz'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    assert.ok(await exists(path.join(broken, 'resume.npz')), 'the first epoch left a resume point');
    assert.ok(!(await exists(path.join(broken, 'train_log.json'))), 'killed before the end');

    const out = await runDetectorScript('train.py', trainArgs(broken).slice(1), python);
    assert.match(out, /resumed at epoch 1 \(step 2\)/);
    const compare = `import numpy as np,sys\na=np.load(sys.argv[1]);b=np.load(sys.argv[2])\nprint(max(float(np.abs(a[k]-b[k]).max()) for k in a.files))`;
    const max = await new Promise<string>((resolve, reject) => {
      const p = spawn(python, ['-c', compare, path.join(dir, 'whole', 'checkpoint.npz'), path.join(broken, 'checkpoint.npz')]);
      let text = '';
      p.stdout.on('data', (c: Buffer) => (text += c.toString()));
      p.once('exit', (code) => (code === 0 ? resolve(text.trim()) : reject(new Error(`compare exited ${code}`))));
    });
    assert.equal(Number(max), 0, `largest weight difference ${max}`);
  });
});
