import { DateTime } from 'luxon';
import { ZONE, type Clock } from '../../clock';
import { t, type Locale } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { incidentsCsv } from './csv';
import type { ExportRepository } from './exports';
import type { IncidentService } from './service';

/** An HTTP answer, free of any server framework's types. */
export interface Download {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A refusal a person reads in the browser, in the browser's language (Danish unless it prefers English; P12). */
export const refused = (status: number, key: string, locale: Locale): Download => ({
  status,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'content-language': locale,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  },
  body: t(locale, key),
});

/** The browser's language for the page: English when it prefers English to Danish, else Danish. */
export function pageLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((param) => param.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter(({ tag, q }) => q > 0 && /^(da|en)\b/.test(tag))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'da';
}

/** The export's days in Danish time (`to` is the instant after the last day), for the file name. */
function danishDays(from: string, to: string): [string, string] {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
  return [day(from).toISODate() as string, day(to).minus({ milliseconds: 1 }).toISODate() as string];
}

/**
 * Serves a one-time export link: the grant must exist, be unused and unexpired, and its creator
 * must still be a coordinator (P10) — the link alone grants nothing after that.
 */
export async function downloadExport(
  token: string,
  deps: { exports: ExportRepository; roles: RoleRepository; incidents: IncidentService; clock: Clock },
  acceptLanguage?: string,
): Promise<Download> {
  const locale = pageLocale(acceptLanguage);
  const grant = await deps.exports.claim(token);
  if (!grant || new Date(grant.expiresAt) < deps.clock.now()) return refused(404, 'incidents.export.linkGone', locale);
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, 'incidents.export.linkForbidden', locale);
  const incidents = await deps.incidents.reportedBetween(
    { userId: grant.userId, name: '', roles },
    new Date(grant.from),
    new Date(grant.to),
  );
  // The log says what changed, by whom and when, for every incident exported (#15, P10).
  const histories = new Map(
    await Promise.all(
      incidents.map(
        async (incident) =>
          [incident.number, await deps.incidents.history({ userId: grant.userId, name: '', roles }, incident)] as const,
      ),
    ),
  );
  // The days the coordinator chose, in Danish time (the grant holds the UTC instants around them).
  const [first, last] = danishDays(grant.from, grant.to);
  const name = `haendelser-${first}-${last}.csv`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      // A browser must never guess another type (HTML) for a file holding user text.
      'x-content-type-options': 'nosniff',
    },
    body: incidentsCsv(incidents, 'da', histories),
  };
}
