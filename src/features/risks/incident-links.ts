import type { Actor } from '../turn';
import type { AdaptiveCard } from '../../platform/cards';
import type { Routes } from '../turn';
import { verbs } from '../verbs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import { cardText } from '../../text';
import { formatNumber, parseNumber } from '../incidents/numbering';
import type { RiskDeps } from './context';
import type { RiskRecord } from './model';

type Detail = (
  actor: Actor,
  id: string,
  banner?: { text: string; isError: boolean },
  known?: RiskRecord,
  incident?: { typed: string; error: string },
) => Promise<AdaptiveCard>;

/**
 * Linking an incident to the risk it realised, from the risk card (#19): the coordinator types the
 * incident's number; the incident must be in the log (read through the incident service, which
 * checks the coordinator role again). The incident itself is not changed.
 */
export function registerIncidentLinks(router: Routes, deps: RiskDeps, detail: Detail): void {
  router.action(verbs.riskIncidentLink, async ({ actor, data, reply }) => {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('link incident');
    const id = String(data.id ?? '');
    const typed = cardText(data, 'incidentNumber', 20);
    try {
      const parsed = parseNumber(typed);
      if (!parsed) throw new ValidationError({ incidentNumber: 'risks.errors.incidentUnknown' });
      const number = formatNumber(parsed.year, parsed.seq);
      await deps.incidents.get(actor, number).catch((error: unknown) => {
        if (error instanceof NotFoundError)
          throw new ValidationError({ incidentNumber: 'risks.errors.incidentUnknown' });
        throw error;
      });
      const linked = await deps.risks.linkIncident(actor, id, data.version, number);
      const banner = { text: t(actor.locale, 'risks.detail.incidentLinked'), isError: false };
      await reply(await detail(actor, id, banner, linked));
    } catch (error) {
      if (error instanceof ValidationError && error.fields.incidentNumber) {
        const message = t(actor.locale, error.fields.incidentNumber);
        const banner = { text: message, isError: true };
        return reply(await detail(actor, id, banner, undefined, { typed, error: message }));
      }
      if (error instanceof ConflictError) {
        const banner = { text: t(actor.locale, 'common.errorConflict'), isError: true };
        return reply(await detail(actor, id, banner, undefined, { typed, error: '' }));
      }
      throw error;
    }
  });
}
