/**
 * The registry of every DAG of the project. Add a DAG by declaring it in its own file here and listing it.
 */
import type { DagSpec } from '../dag/spec';
import { exampleFeatures } from './example-features';

/** All DAGs, in the order `ciao dags list` shows them. */
export const DAGS: readonly DagSpec[] = [exampleFeatures];
