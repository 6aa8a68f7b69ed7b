/**
 * Scheduling words shared by workflow code and Node code alike: task queue names and the default timezone.
 * Pure constants, so the workflow sandbox may import them (infra/ modules it may not).
 */

/** Temporal task queues, named after what they run (ARCHITECTURE.md). */
export const TASK_QUEUES = {
  dags: 'dags',
  crawl: 'crawl',
  inference: 'inference',
  streaming: 'streaming',
  training: 'training',
} as const;

/** Timezone of DAG schedules and of every user-facing day: Korea time. */
export const DEFAULT_TIMEZONE = 'Asia/Seoul';
