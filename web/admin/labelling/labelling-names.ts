/**
 * Korean names the labelling pages show (server views and the editor script alike). Pure.
 */
import type { LabelClass } from '../../../domain/ground-truth';
import type { QueueView } from './queue-rules';

/** Class names as admins read them. */
export const CLASS_NAMES: Readonly<Record<LabelClass, string>> = { plastic: '플라스틱', label: '라벨', can: '캔' };

/** Queue views as the tabs name them. */
export const VIEW_NAMES: Readonly<Record<QueueView, string>> = {
  all: '전체',
  appealed: '이의 신청',
  unsure: '불확실',
  random: '무작위',
  reviewed: '검수 완료',
};

/** A verdict in a few words: "적립 20P", "라벨 있음", "플라스틱 없음". */
export function verdictText(verdict: { readonly accepted: boolean; readonly points: number; readonly code: string | null }): string {
  if (verdict.accepted) return `적립 ${verdict.points}P`;
  if (verdict.code === 'ModelYesLabel') return '거절: 라벨 있음';
  if (verdict.code === 'ModelNoPlastic') return '거절: 플라스틱 없음';
  return `거절: ${verdict.code ?? '알 수 없음'}`;
}
