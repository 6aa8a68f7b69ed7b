/**
 * Entry point of the event publisher's sender thread: a {@link BatchSender} fed by the publisher's messages.
 * Started by `EventPublisher` (see `startSenderThread` there); not meant to be run on its own.
 */
import os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { BatchSender } from './batch-sender';
import type { FromSender, SenderConfig, ToSender } from './sender-protocol';

if (isMainThread || !parentPort) throw new Error('sender-thread.ts runs only as the event publisher\u2019s worker thread');

// Lowest CPU priority for this thread only (Linux nice values are per thread): requests come first.
try {
  os.setPriority(0, 19);
} catch {
  /* not permitted here: run at the process's priority */
}

const port = parentPort;
const sender = new BatchSender(workerData as SenderConfig, (message: FromSender) => port.postMessage(message));

port.on('message', (message: ToSender) => {
  if (message.kind === 'chunk') {
    sender.enqueue(message.chunk);
    return;
  }
  void sender.close(message.deadline).then((undelivered) => {
    port.postMessage({ kind: 'closed', undelivered } satisfies FromSender);
    port.close();
  });
});
