/**
 * Replies both dashboards (live and weekly) send: nothing they answer is cached (the numbers move, and they
 * are for admins only), and one panel's table as a CSV download.
 */
import type { FastifyReply } from 'fastify';
import { InfraError } from '../../../domain/errors';
import { panelCsv } from '../dashboards/panel-csv';
import { findPanel, type DashboardJson, type Panel } from '../dashboards/live-panels';

/** Marks `reply` `Cache-Control: no-store`. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

/**
 * Sends the table of `dashboard`'s panel `panelId` as a CSV attachment named by `fileName`.
 * @throws InfraError `NotFound` when the dashboard has no such panel
 */
export function sendPanelCsv(reply: FastifyReply, dashboard: DashboardJson, panelId: string, fileName: (panel: Panel) => string): FastifyReply {
  const panel = findPanel(dashboard, panelId);
  if (!panel) throw new InfraError('NotFound', `대시보드에 ${panelId} 패널이 없어요.`, { panelId });
  return noStore(reply).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(panel)}"`).send(panelCsv(panel));
}
