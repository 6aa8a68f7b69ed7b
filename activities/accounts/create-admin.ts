/**
 * The first admin of a fresh machine (`ciao admin create <id>`): an existing member gets the `admin` role; an
 * unknown id becomes a new admin account with a random one-time password, returned once so the command can
 * print it (only its scrypt hash is stored). The profile fields a signup asks for get neutral placeholders the
 * admin can change at `/mypage/profile`; `email` and `name` may be given.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { isUserId } from '../../domain/user-id';
import { createUser, findUser, setRole } from './users';

/** What {@link createAdmin} did. */
export interface AdminCreated {
  readonly userId: string;
  /** True for a new account, false when an existing member got the role. */
  readonly created: boolean;
  /** The new account's one-time password (absent for an existing member). */
  readonly password?: string;
}

/** A random password of 20 characters with letters and digits (meets the signup rule). */
export function oneTimePassword(): string {
  // 18 random base64url characters, then a letter and a digit so the signup rule always holds.
  return `${randomBytes(14).toString('base64url').slice(0, 18)}a1`;
}

/**
 * Makes `userId` an admin (see the module comment).
 * @throws InfraError `ValidationFailed` for a malformed id
 */
export async function createAdmin(db: Db, input: { readonly userId: string; readonly email?: string; readonly name?: string }, now: Date = new Date()): Promise<AdminCreated> {
  const { userId } = input;
  if (!isUserId(userId)) throw new InfraError('ValidationFailed', `user id "${userId}": lower-case letters, digits and _, 4–20 characters`);
  if (await findUser(db, userId)) {
    await setRole(db, userId, 'admin', now);
    return { userId, created: false };
  }
  const password = oneTimePassword();
  await createUser(
    db,
    { userId, password, name: input.name ?? '관리자', birthDate: '1990-01-01', gender: 'W', email: input.email ?? `${userId}@example.invalid`, phone: '010-0000-0000', region: 'seoul' },
    { adminUserIds: [userId], now },
  );
  return { userId, created: true, password };
}
