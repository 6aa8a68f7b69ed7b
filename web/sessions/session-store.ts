/**
 * Sessions in Redis: `session:<id>` holds the session as JSON with a TTL that every request restarts
 * (sliding expiry, 30 minutes by default). For a member's session a small `session-owner:<id>` key keeps the
 * member's dimensions for a day longer, so that when the session has expired the next request can still say
 * whose it was (the `logout` event with method `session_expired`) — exactly once, as the key is taken with
 * GETDEL.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '../../activities/accounts/users';
import type { Gender } from '../../domain/gender';
import type { RegionCode } from '../../domain/regions';
import { unguarded, type GuardedCall } from '../stores/store-guard';

/** The logged-in member, as the session keeps it (no password hash, nothing secret). */
export interface SessionMember {
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly gender: Gender;
  /** `YYYY-MM-DD`: the age band is derived from it when an event is built, so it is right on birthdays. */
  readonly birthDate: string;
  readonly region: RegionCode;
}

/** What a session holds. */
export interface SessionData {
  /** Synchronizer CSRF token of this session. */
  readonly csrf: string;
  /** ISO time the session was created. */
  readonly createdAt: string;
  /** Absent for anonymous visitors. */
  readonly member?: SessionMember;
  /** Set when the browser reported it was closed (`browser_closed`); cleared when the session is used again. */
  readonly closedAt?: string;
}

/** A loaded session. */
export interface Session {
  readonly id: string;
  readonly data: SessionData;
}

/** The dimensions kept after a member's session expired. */
export type SessionOwner = Pick<SessionMember, 'userId' | 'gender' | 'birthDate' | 'region'>;

/** Session ids: 32 random bytes, base64url (43 characters). */
const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Options of {@link SessionStore}. */
export interface SessionStoreOptions {
  /** Idle lifetime in seconds (sliding). */
  readonly ttlS: number;
  /** How long after expiry the owner of a member's session is remembered, in seconds (default 86 400 = 24 h). */
  readonly ownerGraceS?: number;
  /** Runs each Redis call (the web tier's Redis guard: a call fails fast with `ServiceUnavailable` while Redis is down). Default: directly. */
  readonly guard?: GuardedCall;
}

const sessionKey = (id: string) => `session:${id}`;
const ownerKey = (id: string) => `session-owner:${id}`;

/** A fresh random token (32 bytes, base64url). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `id` has the shape of our session ids (anything else is never looked up). */
export function isSessionId(id: string | undefined): id is string {
  return id !== undefined && ID_PATTERN.test(id);
}

/** See the module comment. */
export class SessionStore {
  private readonly ttlS: number;
  private readonly ownerTtlS: number;
  private readonly guard: GuardedCall;

  constructor(
    private readonly redis: Redis,
    options: SessionStoreOptions,
  ) {
    this.ttlS = options.ttlS;
    this.ownerTtlS = options.ttlS + (options.ownerGraceS ?? 86_400);
    this.guard = options.guard ?? unguarded;
  }

  /**
   * The session `id`, its idle clock restarted (one round trip: GETEX + EXPIRE), or null when it has expired
   * or never existed.
   */
  async load(id: string): Promise<Session | null> {
    const results = await this.guard(() => this.redis.pipeline().getex(sessionKey(id), 'EX', this.ttlS).expire(ownerKey(id), this.ownerTtlS).exec());
    const [err, value] = results?.[0] ?? [null, null];
    if (err) throw err;
    if (typeof value !== 'string') return null;
    try {
      return { id, data: JSON.parse(value) as SessionData };
    } catch {
      return null;
    }
  }

  /** The session `id` without restarting its clock (background checks), or null. */
  async peek(id: string): Promise<Session | null> {
    const value = await this.guard(() => this.redis.get(sessionKey(id)));
    if (!value) return null;
    try {
      return { id, data: JSON.parse(value) as SessionData };
    } catch {
      return null;
    }
  }

  /** Creates a session (anonymous, or for `member`) with a new id and CSRF token. */
  async create(member?: SessionMember, now: Date = new Date()): Promise<Session> {
    const session: Session = { id: randomToken(), data: { csrf: randomToken(), createdAt: now.toISOString(), ...(member ? { member } : {}) } };
    await this.save(session);
    return session;
  }

  /** Writes `session` (restarting its clock) and, for a member, the owner key. */
  async save(session: Session): Promise<void> {
    const tx = this.redis.multi().set(sessionKey(session.id), JSON.stringify(session.data), 'EX', this.ttlS);
    const member = session.data.member;
    if (member) {
      const owner: SessionOwner = { userId: member.userId, gender: member.gender, birthDate: member.birthDate, region: member.region };
      tx.set(ownerKey(session.id), JSON.stringify(owner), 'EX', this.ownerTtlS);
    }
    await this.guard(() => tx.exec());
  }

  /**
   * Clears the session's browser-closed mark without restarting its idle clock (a page's heartbeat must not
   * keep a session alive forever).
   */
  async clearClosed(session: Session): Promise<Session> {
    const { closedAt: _closedAt, ...data } = session.data;
    await this.guard(() => this.redis.set(sessionKey(session.id), JSON.stringify(data), 'KEEPTTL'));
    return { id: session.id, data };
  }

  /** Deletes the session and its owner key (logout, or the old session of a login). */
  async destroy(id: string): Promise<void> {
    await this.guard(() => this.redis.del(sessionKey(id), ownerKey(id)));
  }

  /** Forgets the owner of `id`, so its expiry will not be reported (the member already logged out another way). */
  async forgetOwner(id: string): Promise<void> {
    await this.guard(() => this.redis.del(ownerKey(id)));
  }

  /** The owner of the expired member session `id`, taken so it is reported once; null for anonymous or unknown ids. */
  async takeOwner(id: string): Promise<SessionOwner | null> {
    const value = await this.guard(() => this.redis.getdel(ownerKey(id)));
    if (!value) return null;
    try {
      return JSON.parse(value) as SessionOwner;
    } catch {
      return null;
    }
  }
}
