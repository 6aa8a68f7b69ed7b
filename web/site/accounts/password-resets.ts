/**
 * Password-reset tokens in Redis: a random 32-byte token (base64url) is mailed to the member; Redis keeps only
 * its SHA-256 (`pwreset:<hash>` → user id, with the link's lifetime as TTL), so a read of Redis cannot reset a
 * password. A token works once: {@link PasswordResets.consume} deletes it in the same command (GETDEL).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { unguarded, type GuardedCall } from '../../stores/store-guard';

const keyOf = (token: string): string => `pwreset:${createHash('sha256').update(token).digest('hex')}`;

/** True for a string shaped like a token this module hands out. */
export function isResetToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** See the module comment. */
export class PasswordResets {
  constructor(
    private readonly redis: Redis,
    /** Lifetime of a link, in seconds. */
    private readonly ttlS: number,
    /** Runs each Redis call (the web tier's Redis guard). Default: directly. */
    private readonly guard: GuardedCall = unguarded,
  ) {}

  /** A new token for `userId`, valid for the configured lifetime. */
  async issue(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.guard(() => this.redis.set(keyOf(token), userId, 'EX', this.ttlS));
    return token;
  }

  /** The user id of a valid token, without using it up (the form page). */
  async peek(token: string): Promise<string | null> {
    return isResetToken(token) ? this.guard(() => this.redis.get(keyOf(token))) : null;
  }

  /** The user id of a valid token, which is used up by this call. */
  async consume(token: string): Promise<string | null> {
    return isResetToken(token) ? this.guard(() => this.redis.getdel(keyOf(token))) : null;
  }
}
