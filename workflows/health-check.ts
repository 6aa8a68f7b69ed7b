import { proxyActivities } from '@temporalio/workflow';
import type { Activities, PingResult } from '../activities';

const { ping } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

/** Round trip through a worker: proves that workflows and activities are being polled. */
export async function healthCheck(nonce: string): Promise<PingResult> {
  return ping({ nonce });
}
