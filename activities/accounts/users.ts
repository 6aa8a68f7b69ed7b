/**
 * Member accounts in MongoDB `ciao.users` (one document per member, unique `userId` — the index is created by
 * `ciao stack init`). Used by the web tier now and by workers that need a member's dimensions later, so it has
 * no web dependency.
 *
 * Inputs are trusted here: the web tier validates every field with a schema before calling.
 */
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { ageBandOf } from '../../domain/age-band';
import { InfraError } from '../../domain/errors';
import type { EventUser } from '../../domain/events';
import type { RegionCode } from '../../domain/regions';
import { COLLECTIONS } from '../../infra/contracts';
import { hashPassword } from './password';
import type { Gender } from '../../domain/gender';

/** Member or administrator. */
export type Role = 'member' | 'admin';

/** What a member tells us about themselves. */
export interface UserProfile {
  readonly userId: string;
  readonly name: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly gender: Gender;
  readonly email: string;
  /** `010-1234-5678`. */
  readonly phone: string;
  readonly region: RegionCode;
}

/** A stored member. */
export interface UserDoc extends UserProfile {
  /** {@link hashPassword} output; the password itself is never stored. */
  readonly passwordHash: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The fields a member may change on mypage. */
export type ProfileChanges = Partial<Pick<UserProfile, 'name' | 'email' | 'phone' | 'region'>>;

function users(db: Db): Collection<UserDoc> {
  return db.collection<UserDoc>(COLLECTIONS.users);
}

/** The role of `userId`: admin when configured as one, else the stored role (default member). */
export function roleOf(userId: string, stored: Role | undefined, adminUserIds: readonly string[]): Role {
  return adminUserIds.includes(userId) ? 'admin' : (stored ?? 'member');
}

/**
 * Stores a new member with a hashed password.
 * @param options.adminUserIds ids that become admins (configuration `ADMIN_USER_IDS`)
 * @param options.now creation time (default now)
 * @throws InfraError `Conflict` when the user id is taken
 */
export async function createUser(
  db: Db,
  input: UserProfile & { readonly password: string },
  options: { readonly adminUserIds?: readonly string[]; readonly now?: Date } = {},
): Promise<UserDoc> {
  const { password, ...profile } = input;
  return insertUser(db, { ...profile, passwordHash: await hashPassword(password) }, options);
}

/**
 * {@link createUser} with the password already hashed ({@link hashPassword}), so a caller can hash first and
 * give the store call alone a short deadline (the web tier).
 * @throws InfraError `Conflict` when the user id is taken
 */
export async function insertUser(
  db: Db,
  input: UserProfile & { readonly passwordHash: string },
  options: { readonly adminUserIds?: readonly string[]; readonly now?: Date } = {},
): Promise<UserDoc> {
  const now = options.now ?? new Date();
  const { passwordHash, ...profile } = input;
  const doc: UserDoc = {
    ...profile,
    passwordHash,
    role: roleOf(profile.userId, undefined, options.adminUserIds ?? []),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await users(db).insertOne({ ...doc });
  } catch (err) {
    if (err instanceof MongoServerError && err.code === 11000) {
      throw new InfraError('Conflict', '이미 사용 중인 아이디예요.', { field: 'userId' });
    }
    throw err;
  }
  return doc;
}

/** The member `userId`, or null. */
export async function findUser(db: Db, userId: string): Promise<UserDoc | null> {
  return users(db).findOne({ userId }, { projection: { _id: 0 } });
}

/**
 * Changes the member's own profile fields; `userId` always comes from the caller's session, never from input.
 * @returns the updated member, or null when the id does not exist
 */
export async function updateProfile(db: Db, userId: string, changes: ProfileChanges, now: Date = new Date()): Promise<UserDoc | null> {
  const set: Record<string, unknown> = { updatedAt: now };
  for (const key of ['name', 'email', 'phone', 'region'] as const) {
    if (changes[key] !== undefined) set[key] = changes[key];
  }
  await users(db).updateOne({ userId }, { $set: set });
  return findUser(db, userId);
}

/** The members who signed up with `email` (compared without case; several ids may share one address). */
export async function findUsersByEmail(db: Db, email: string): Promise<UserDoc[]> {
  const wanted = email.trim().toLowerCase();
  if (!wanted) return [];
  // FerretDB has no case-insensitive collation: match the two spellings people type, then compare exactly.
  const docs = await users(db).find({ email: { $in: [email.trim(), wanted] } }, { projection: { _id: 0 } }).toArray();
  return docs.filter((d) => d.email.toLowerCase() === wanted);
}

/**
 * Replaces the member's password (stored as a new scrypt hash).
 * @returns false when the id does not exist
 */
export async function setPassword(db: Db, userId: string, password: string, now: Date = new Date()): Promise<boolean> {
  return setPasswordHash(db, userId, await hashPassword(password), now);
}

/**
 * {@link setPassword} with the password already hashed ({@link hashPassword}).
 * @returns false when the id does not exist
 */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string, now: Date = new Date()): Promise<boolean> {
  const result = await users(db).updateOne({ userId }, { $set: { passwordHash, updatedAt: now } });
  return result.matchedCount > 0;
}

/**
 * Gives the member `role` (the `ciao admin create` command).
 * @returns false when the id does not exist
 */
export async function setRole(db: Db, userId: string, role: Role, now: Date = new Date()): Promise<boolean> {
  const result = await users(db).updateOne({ userId }, { $set: { role, updatedAt: now } });
  return result.matchedCount > 0;
}

/** The ids of the members with the stored `admin` role (ids in `ADMIN_USER_IDS` are not listed). */
export async function listAdmins(db: Db): Promise<string[]> {
  const docs = await users(db).find({ role: 'admin' }, { projection: { _id: 0, userId: 1 } }).toArray();
  return docs.map((d) => d.userId).sort();
}

/** How many members had signed up before `before` (default: all). */
export async function countMembers(db: Db, before?: Date): Promise<number> {
  return users(db).countDocuments(before ? { createdAt: { $lt: before } } : {});
}

/** A member's event dimensions on `at`: the age band comes from the one shared rule ({@link ageBandOf}). */
export function dimensionsOf(member: Pick<UserProfile, 'userId' | 'gender' | 'birthDate' | 'region'>, at: Date = new Date()): EventUser {
  return { userId: member.userId, gender: member.gender, ageBand: ageBandOf(member.birthDate, at), region: member.region };
}
