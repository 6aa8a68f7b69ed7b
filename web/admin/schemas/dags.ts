/**
 * Schemas of the DAG views' routes: DAG ids and logical dates in paths and queries, and the run-state JSON the
 * graph view polls.
 */
import { Type, type Static } from '@sinclair/typebox';

/** DAG ids as the registry spells them. */
export const DAG_ID = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 });
/** A logical date as in workflow ids: ISO-8601 to the second with `Z` or an offset. */
export const LOGICAL_DATE = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$' });

/** `/dags/:dagId…`. */
export const DagParams = Type.Object({ dagId: DAG_ID });
/** {@link DagParams} as a type. */
export type DagParamsInput = Static<typeof DagParams>;

/** `/api/dags/:dagId/runs/:logicalDate/state`. */
export const RunParams = Type.Object({ dagId: DAG_ID, logicalDate: LOGICAL_DATE });
/** {@link RunParams} as a type. */
export type RunParamsInput = Static<typeof RunParams>;

/** `?run=<logicalDate>`: in a query string an unencoded `+` arrives as a space, accepted here and put back by the handler. */
export const GraphQuery = Type.Object({ run: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+ -]\\d{2}:\\d{2})$' })) });
/** {@link GraphQuery} as a type. */
export type GraphQueryInput = Static<typeof GraphQuery>;

/** One task of a run, as printed (see `views/task-view.ts`). */
const TaskViewSchema = Type.Object(
  {
    taskId: Type.String(),
    state: Type.String(),
    attempts: Type.Integer(),
    badge: Type.String(),
    tooltip: Type.String(),
    started: Type.String(),
    ended: Type.String(),
    duration: Type.String(),
    info: Type.String(),
  },
  { additionalProperties: false },
);

/** The run-state reply (the graph view's live refresh). */
export const RunStateReply = Type.Object(
  {
    dagId: Type.String(),
    logicalDate: Type.String(),
    workflowId: Type.String(),
    status: Type.String(),
    temporalStatus: Type.String(),
    problem: Type.Optional(Type.String()),
    tasks: Type.Array(TaskViewSchema),
  },
  { additionalProperties: false },
);

/** `POST /dags/:dagId/runs/:logicalDate/note`: the note form (an empty note removes it). */
export const NoteBody = Type.Object(
  {
    note: Type.String({ maxLength: 2000 }),
    _csrf: Type.String(),
  },
  { additionalProperties: false },
);
/** {@link NoteBody} as a type. */
export type NoteBodyInput = Static<typeof NoteBody>;

/** `POST /dags/:dagId/backfills/cancel`: which backfill to stop. */
export const CancelBackfillBody = Type.Object(
  {
    backfillId: Type.String({ pattern: '^backfill:[a-z][a-z0-9_]*:', maxLength: 200 }),
    _csrf: Type.String(),
  },
  { additionalProperties: false },
);
/** {@link CancelBackfillBody} as a type. */
export type CancelBackfillBodyInput = Static<typeof CancelBackfillBody>;
