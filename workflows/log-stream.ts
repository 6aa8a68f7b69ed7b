/**
 * `logStreamSupervisor`: the always-on workflow that keeps the real-time aggregator running. It runs the
 * heartbeating `runLogAggregator` activity on the `streaming` task queue; when a worker dies, the heartbeat
 * timeout (60 s) lets Temporal retry it on another worker, which resumes from the offsets stored in Redis. Every
 * hour the activity returns and the workflow continues as new, so its history stays small.
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RunLogAggregatorInput } from '../activities/logs/run-log-aggregator';

const activitiesOn = (taskQueue: string) =>
  proxyActivities<Activities>({
    taskQueue,
    startToCloseTimeout: '2 hours',
    // Long enough to ride out a Temporal restart or blip (the worker keeps consuming meanwhile, and the
    // streaming worker sends heartbeats every 5 s, see workers/main.ts), short enough that a killed worker is
    // replaced within a minute. At 15 s a 28 s Temporal outage timed the activity out and restarted it.
    heartbeatTimeout: '60 seconds',
    // Never give up: a stream that stops is an outage. Back off up to 30 s between attempts.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });

/** Runs the aggregator forever. */
export async function logStreamSupervisor(input: RunLogAggregatorInput = {}): Promise<never> {
  const { runLogAggregator } = activitiesOn(input.taskQueue ?? 'streaming');
  for (;;) {
    await runLogAggregator(input);
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 1000) break;
  }
  return continueAsNew<typeof logStreamSupervisor>(input);
}
