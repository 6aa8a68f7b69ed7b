/**
 * The eco grade and its "Arctic temperature" (SPEC §1): the more points a member has collected, the higher the
 * grade and the cooler the Arctic. One rule, used by mypage, the about page and anything that shows a grade.
 *
 * Rule: one grade per {@link POINTS_PER_GRADE} points, from 0 up to {@link MAX_GRADE} (10); the temperature
 * falls linearly from 14.5 °C at grade 0 to 13.5 °C at grade 10 (0.1 °C per grade).
 *
 * Pure module (no I/O), importable by workflows.
 */

/** Points needed for each grade step. */
export const POINTS_PER_GRADE = 100;
/** The highest grade. */
export const MAX_GRADE = 10;
/** Arctic temperature at grade 0, in °C. */
export const WARMEST_C = 14.5;
/** Arctic temperature at the highest grade, in °C. */
export const COOLEST_C = 13.5;

/** A grade 0 … 10. */
export type EcoGrade = number;

/** The grade of a member with `totalPoints` points (negative or fractional totals are floored at 0). */
export function ecoGradeOf(totalPoints: number): EcoGrade {
  if (!Number.isFinite(totalPoints) || totalPoints <= 0) return 0;
  return Math.min(MAX_GRADE, Math.floor(totalPoints / POINTS_PER_GRADE));
}

/** Arctic temperature of `grade`, in °C, rounded to 0.1 (14.5 at grade 0 … 13.5 at grade 10). */
export function arcticTemperatureOf(grade: EcoGrade): number {
  const g = Math.min(MAX_GRADE, Math.max(0, Math.floor(grade)));
  const celsius = WARMEST_C - ((WARMEST_C - COOLEST_C) * g) / MAX_GRADE;
  return Math.round(celsius * 10) / 10;
}

/** Points still missing to reach the next grade, or null at the highest grade. */
export function pointsToNextGrade(totalPoints: number): number | null {
  const grade = ecoGradeOf(totalPoints);
  if (grade >= MAX_GRADE) return null;
  return (grade + 1) * POINTS_PER_GRADE - Math.max(0, Math.floor(totalPoints));
}

/** One row of the grade table. */
export interface EcoGradeRow {
  readonly grade: EcoGrade;
  /** Lowest total that reaches this grade. */
  readonly minPoints: number;
  /** Highest total still at this grade, or null for the open-ended top grade. */
  readonly maxPoints: number | null;
  readonly temperatureC: number;
}

/** The whole table, grade 0 to 10. */
export function ecoGradeTable(): EcoGradeRow[] {
  return Array.from({ length: MAX_GRADE + 1 }, (_, grade) => ({
    grade,
    minPoints: grade * POINTS_PER_GRADE,
    maxPoints: grade === MAX_GRADE ? null : (grade + 1) * POINTS_PER_GRADE - 1,
    temperatureC: arcticTemperatureOf(grade),
  }));
}
