/**
 * A typed activity module shape for DSL tests (types only: nothing is called).
 */
import type { SensorResult, TaskInvocation } from '../../../workflows/dag/task-context';

export interface FakeActivities {
  extract(input: TaskInvocation<{ source: string }>): Promise<{ path: string; rows: number; files: string[] }>;
  transform(input: TaskInvocation<{ path: string }>): Promise<{ cleaned: number }>;
  indexFile(input: TaskInvocation<{ item: string; index: string }>): Promise<{ indexed: number }>;
  waitForFile(input: TaskInvocation<{ path: string }>): Promise<SensorResult<{ size: number }>>;
  alert(input: TaskInvocation<{ channel: string }>): Promise<void>;
  notADagActivity(x: number): Promise<number>;
}
