/**
 * Member ids: lower-case letters, digits and `_`, 4–20 characters — the one rule for the signup form, the
 * API and the `ciao admin` command.
 */

/** The pattern of a user id (for schemas). */
export const USER_ID_PATTERN = '^[a-z0-9_]{4,20}$';

/** True when `id` is a well-formed user id. */
export function isUserId(id: string): boolean {
  return new RegExp(USER_ID_PATTERN).test(id);
}
