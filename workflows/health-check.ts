import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities';

const { ping } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

/** Round trip through a worker: proves that workflows and activities are being polled. */
export async function healthCheck(nonce: string): Promise<activities.PingResult> {
  return ping({ nonce });
}
