/**
 * The request schemas of the account routes (TypeBox → Fastify's validator). Every signup and profile field
 * is checked here, at the edge; the few rules a schema cannot say (a birth date that exists and is in the
 * past, matching passwords) are in `signup-rules.ts`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { REGION_CODES } from '../../../domain/regions';
import { USER_ID_PATTERN } from '../../../domain/user-id';
import { GenderSchema } from '../../../domain/gender';

/** `^[a-z0-9_]{4,20}$`. */
export const UserIdSchema = Type.String({ pattern: USER_ID_PATTERN, description: 'lower-case letters, digits, _; 4–20' });
/** At least 8 characters with at least one letter and one digit (≤ 128, so hashing stays cheap). */
export const PasswordSchema = Type.String({ minLength: 8, maxLength: 128, pattern: '^(?=.*[A-Za-z])(?=.*[0-9])' });
/** 1–30 characters, not blank, no control characters (markup is allowed: it is escaped on output). */
export const NameSchema = Type.String({ minLength: 1, maxLength: 30, pattern: '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$' });
/** `YYYY-MM-DD`. */
export const BirthDateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** A plain `local@domain.tld` shape (a pattern rather than a format, so Ajv and TypeBox agree). */
export const EmailSchema = Type.String({ maxLength: 254, pattern: '^[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+$' });
/** A Korean mobile number, with or without dashes: `010-1234-5678`, `01012345678`. */
export const PhoneSchema = Type.String({ pattern: '^01[016789]-?[0-9]{3,4}-?[0-9]{4}$' });
/** One of the 14 region codes. */
export const RegionSchema = Type.Union(REGION_CODES.map((code) => Type.Literal(code)));

const CsrfField = Type.Optional(Type.String({ maxLength: 100 }));

/** POST /signup. */
export const SignupBody = Type.Object(
  {
    _csrf: CsrfField,
    userId: UserIdSchema,
    password: PasswordSchema,
    /** The form's "confirm password"; JSON clients may omit it. */
    passwordConfirm: Type.Optional(Type.String({ maxLength: 128 })),
    name: NameSchema,
    birthDate: BirthDateSchema,
    gender: GenderSchema,
    email: EmailSchema,
    phone: PhoneSchema,
    region: RegionSchema,
  },
  { additionalProperties: false },
);
export type SignupInput = Static<typeof SignupBody>;

/** POST /login: plain strings only, so `{ "$ne": null }` and friends are refused before any lookup. */
export const LoginBody = Type.Object(
  {
    _csrf: CsrfField,
    userId: Type.String({ minLength: 1, maxLength: 40 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    next: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginBody>;

/** POST /mypage/profile: the fields a member may change (never the user id). */
export const ProfileBody = Type.Object(
  { _csrf: CsrfField, name: NameSchema, email: EmailSchema, phone: PhoneSchema, region: RegionSchema },
  { additionalProperties: false },
);
export type ProfileInput = Static<typeof ProfileBody>;

/** GET /login query. */
export const LoginQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 200 })),
  expired: Type.Optional(Type.String({ maxLength: 1 })),
  reset: Type.Optional(Type.String({ maxLength: 1 })),
});

/** A member's profile as `/api/me` and a JSON profile change answer it: never the password hash. */
export const PublicProfile = Type.Object(
  {
    userId: Type.String(),
    name: Type.String(),
    birthDate: Type.String(),
    gender: GenderSchema,
    email: Type.String(),
    phone: Type.String(),
    region: Type.String(),
    role: Type.Union([Type.Literal('member'), Type.Literal('admin')]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

/** JSON reply of `POST /signup` (201). */
export const SignupReply = Type.Object({ userId: Type.String() }, { additionalProperties: false });
/** JSON reply of `POST /login`. */
export const LoginReply = Type.Object({ userId: Type.String(), name: Type.String() }, { additionalProperties: false });
/** JSON reply of `POST /logout`. */
export const LogoutReply = Type.Object({ ok: Type.Boolean() }, { additionalProperties: false });
