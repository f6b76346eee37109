import { expandCard } from '../../../platform/cards';
import type { Routes } from '../../turn';
import { verbs } from '../../verbs';
import { ForbiddenError, NotFoundError } from '../../../errors';
import { stringsFor, t } from '../../../i18n';
import { dpoMaySee } from '../dpo-breach';
import { hasRecordDocument } from '../breach-record';
import { issueLink, type ExportRepository } from '../exports';
import { asIncidentActor, type IncidentDeps } from './context';
import type { DpoBreachDeps } from './dpo';

/**
 * The breach record as a document for an auditor (P3 art. 33(5), P10): the coordinator (from "Tekst
 * til Datatilsynet", or from the NIS2 card of a significant incident that is no breach) or the data
 * protection officer (from their breach card) gets a one-time link,
 * valid ten minutes, to a Word document of the record in their language (`GET /api/export/:token`).
 *
 * @remarks Who may is checked here and again when the link is used: the coordinator for any breach
 * record or NIS2 incident, the DPO for the breaches the DPO may see; anyone else is refused.
 */
export function registerBreachRecord(
  router: Routes,
  deps: IncidentDeps & DpoBreachDeps & { exports: ExportRepository; publicBaseUrl: () => string },
): void {
  router.action(verbs.incidentBreachRecord, async ({ actor, data, show }) => {
    const asDpo = !actor.roles.has('coordinator');
    if (asDpo && !actor.roles.has('dpo')) throw new ForbiddenError('breach record');
    const { incident } = asDpo
      ? await deps.dpoBreaches.view(asIncidentActor(actor), data.number)
      : await deps.incidents.view(asIncidentActor(actor), data.number);
    if (!(asDpo ? dpoMaySee(incident) : hasRecordDocument(incident))) throw new NotFoundError('breach');
    const url = await issueLink(deps, {
      kind: 'breachRecord',
      userId: actor.userId,
      name: actor.name,
      number: incident.number,
      locale: actor.locale,
    });
    const s = stringsFor(actor.locale).breachRecord;
    await show(
      expandCard('incidents/breach-record', {
        heading: t(
          actor.locale,
          dpoMaySee(incident) ? 'breachRecord.cardHeading' : 'breachRecord.cardHeadingIncident',
          {
            number: incident.number,
          },
        ),
        message: t(actor.locale, 'breachRecord.ready', { number: incident.number }),
        downloadTitle: s.download,
        downloadUrl: url,
        backTitle: s.back,
        number: incident.number,
        asDpo,
      }),
    );
  });
}
