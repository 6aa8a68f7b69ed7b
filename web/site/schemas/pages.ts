/**
 * Schemas of the service pages' routes.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MENUS } from '../../../domain/events';

/** `GET /menu/:menu`: one of the menus. */
export const MenuParams = Type.Object({ menu: Type.Union(MENUS.map((m) => Type.Literal(m))) });
/** {@link MenuParams} as a type. */
export type MenuParamsInput = Static<typeof MenuParams>;

/** `GET /mypage?saved=1` after a profile change, `?welcome=1` after the signup. */
export const MypageQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })), welcome: Type.Optional(Type.String({ maxLength: 1 })) });
/** {@link MypageQuery} as a type. */
export type MypageQueryInput = Static<typeof MypageQuery>;
