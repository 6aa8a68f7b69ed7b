/**
 * Schemas of the account-recovery routes: find my id by e-mail, ask for a password-reset link, set a new
 * password with the link's token.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EmailSchema, PasswordSchema, UserIdSchema } from './accounts';

const CsrfField = Type.Optional(Type.String({ maxLength: 100 }));

/** `POST /account/find-id`. */
export const FindIdBody = Type.Object({ _csrf: CsrfField, email: EmailSchema }, { additionalProperties: false });
/** {@link FindIdBody} as a type. */
export type FindIdInput = Static<typeof FindIdBody>;

/** `POST /account/reset`: the id and the e-mail it signed up with. */
export const ResetRequestBody = Type.Object({ _csrf: CsrfField, userId: UserIdSchema, email: EmailSchema }, { additionalProperties: false });
/** {@link ResetRequestBody} as a type. */
export type ResetRequestInput = Static<typeof ResetRequestBody>;

/** `/account/reset/:token`. */
export const ResetParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) });
/** {@link ResetParams} as a type. */
export type ResetParamsInput = Static<typeof ResetParams>;

/** `POST /account/reset/:token`: the new password, twice. */
export const NewPasswordBody = Type.Object({ _csrf: CsrfField, password: PasswordSchema, passwordConfirm: Type.String({ maxLength: 128 }) }, { additionalProperties: false });
/** {@link NewPasswordBody} as a type. */
export type NewPasswordInput = Static<typeof NewPasswordBody>;
