/**
 * Schemas shared by the live and weekly dashboards' routes (their filter queries are in
 * `dashboards/live-filters.ts` and `dashboards/weekly-filters.ts`, beside the parsing they feed).
 */
import { Type, type Static } from '@sinclair/typebox';

/** `…/csv/:panelId`: a panel id. */
export const CsvParams = Type.Object({ panelId: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 40 }) });
/** {@link CsvParams} as a type. */
export type CsvParamsInput = Static<typeof CsvParams>;
