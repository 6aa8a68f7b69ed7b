/**
 * Schema of the static-asset route: a file name of lower-case letters, digits, dots, dashes and underscores.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Path parameters of `GET <area>/static/:file`. */
export const AssetParams = Type.Object({ file: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 64 }) });
/** {@link AssetParams} as a type. */
export type AssetParamsInput = Static<typeof AssetParams>;
