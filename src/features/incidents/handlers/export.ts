import { DateTime } from 'luxon';
import { expandCard } from '../../../platform/cards';
import { verbs } from '../../verbs';
import { ForbiddenError } from '../../../errors';
import { stringsFor, t, type Locale } from '../../../i18n';
import { formatDate, parseLocal, toLocalInputs, ZONE } from '../deadlines';
import { issueLink, type ExportRepository } from '../exports';
import { field, type IncidentDeps } from './context';
import type { Routes } from '../../turn';

function exportCard(
  locale: Locale,
  options: { from: string; to: string; message?: string; isError?: boolean; downloadUrl?: string },
) {
  return expandCard('incidents/export', {
    s: stringsFor(locale).incidents.export,
    message: options.message ?? '',
    messageColor: options.isError ? 'Attention' : 'Good',
    from: options.from,
    to: options.to,
    downloadUrl: options.downloadUrl ?? '',
    createTitle: t(locale, 'incidents.list.export'),
    backTitle: t(locale, 'welcome.coordinatorActions.open'),
  });
}

/**
 * The auditors' export (P1): the coordinator picks a period and gets a one-time link, valid for
 * ten minutes, to a CSV of the incident log (served by `GET /api/export/:token`).
 */
export function registerExport(
  router: Routes,
  deps: IncidentDeps & { exports: ExportRepository; publicBaseUrl: () => string },
): void {
  const { clock, incidents } = deps;
  router.action(verbs.incidentExport, async ({ actor, data, show }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('export');
    const today = toLocalInputs(clock.now()).date;
    const from = field(data, 'from', 10) || `${today.slice(0, 4)}-01-01`;
    const to = field(data, 'to', 10) || today;
    if (data.create !== true) return show(exportCard(actor.locale, { from, to }));
    const start = parseLocal(from, undefined);
    const endDay = parseLocal(to, undefined);
    if (!start || !endDay || endDay < start) {
      return show(
        exportCard(actor.locale, {
          from,
          to,
          message: t(actor.locale, 'incidents.export.invalidRange'),
          isError: true,
        }),
      );
    }
    const end = DateTime.fromJSDate(endDay, { zone: ZONE }).plus({ days: 1 }).toJSDate();
    const count = (
      await incidents.reportedBetween({ userId: actor.userId, name: actor.name, roles: actor.roles }, start, end)
    ).length;
    const url = await issueLink(deps, { userId: actor.userId, from: start.toISOString(), to: end.toISOString() });
    const message = t(actor.locale, 'incidents.export.ready', {
      from: formatDate(start, actor.locale),
      to: formatDate(endDay, actor.locale),
      count,
    });
    await show(exportCard(actor.locale, { from, to, message, downloadUrl: url }));
  });
}
