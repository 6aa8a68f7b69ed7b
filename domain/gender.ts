/**
 * Gender as members state it at signup and as events, aggregates and dashboards carry it: the one definition
 * (type, list, schema, Korean label). Pure, so workflows may import it too.
 */
import { Type } from '@sinclair/typebox';

/** The genders the signup form offers, in display order. */
export const GENDERS = ['M', 'W'] as const;

/** `M` (남성) or `W` (여성). */
export type Gender = (typeof GENDERS)[number];

/** TypeBox schema of a {@link Gender}. */
export const GenderSchema = Type.Union([Type.Literal('M'), Type.Literal('W')]);

/** True when `value` is a {@link Gender}. */
export function isGender(value: unknown): value is Gender {
  return value === 'M' || value === 'W';
}

/** Korean label: `남성` or `여성`. */
export function genderName(gender: Gender): string {
  return gender === 'W' ? '여성' : '남성';
}
