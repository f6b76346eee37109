import type { Clock } from '../../clock';
import { StorageUnavailableError } from '../../errors';
import type { Logger } from '../../logger';
import { sniffType } from '../../platform/files';
import { issueLink, type ExportRepository } from '../incidents/exports';
import { isOpen } from '../incidents/model';
import type { IncidentService } from '../incidents/service';
import type { Routes, Turn } from '../turn';
import { verbs } from '../verbs';
import { attachCard, chooseCard, evidenceListCard, evidenceLinkCard, receivedCard, type ReceivedItem } from './cards';
import type { EvidencePolicy } from './model';
import type { EvidenceService } from './service';
import { ATTACH_WINDOW_MINUTES, type AttachTargets } from './targets';

/** What the evidence handlers need. */
export interface EvidenceDeps {
  evidence: EvidenceService;
  incidents: IncidentService;
  targets: AttachTargets;
  exports: ExportRepository;
  policy: EvidencePolicy;
  clock: Clock;
  logger: Logger;
  publicBaseUrl: () => string;
}

/** At most this many of her open incidents are offered when a file comes with no incident chosen. */
const CHOICES = 5;

/**
 * Evidence on incidents (#20; P1, P3, P10): the coordinator's evidence card (`evidence.list`), "Vedhæft
 * bevis" (`evidence.attach`: the person's next file goes to the incident), one-time links to a file
 * (`evidence.open`), and files sent to the bot's personal chat.
 *
 * @remarks Every action checks on the server who may: attach — the incident's reporter while it is
 * open, or a coordinator; see and open — a coordinator, or the DPO for a breach. The number in card
 * data only names the incident; it grants nothing.
 */
export function registerEvidence(router: Routes, deps: EvidenceDeps): void {
  router.action(verbs.evidenceList, async ({ actor, data, show }) => {
    const incident = await deps.evidence.list(actor, data.number);
    await show(evidenceListCard(actor.locale, incident, !actor.roles.has('coordinator')));
  });

  router.action(verbs.evidenceAttach, async ({ actor, data, show, conversation }) => {
    const incident = await deps.evidence.attachable(actor, data.number);
    const expires = new Date(deps.clock.now().getTime() + ATTACH_WINDOW_MINUTES * 60_000);
    await deps.targets.set(actor.userId, incident.number, expires.toISOString());
    await show(attachCard(actor.locale, incident.number, deps.policy, conversation.kind !== 'personal'));
  });

  router.action(verbs.evidenceOpen, async ({ actor, data, show }) => {
    const { incident, file } = await deps.evidence.file(actor, data.number, data.fileId);
    const url = await issueLink(deps, {
      kind: 'evidence',
      userId: actor.userId,
      name: actor.name,
      number: incident.number,
      fileId: file.id,
      locale: actor.locale,
    });
    await show(evidenceLinkCard(actor.locale, incident.number, file, url));
  });

  router.files((turn) => takeFiles(turn, deps));
}

/**
 * Files sent in the personal chat to the incident chosen with "Vedhæft bevis" within the last
 * {@link ATTACH_WINDOW_MINUTES} minutes, each checked and kept or refused with the reason. With no
 * incident chosen the files are left to the other features (the register import), and offered last
 * by {@link registerEvidenceOffer}; files in a channel or group chat are not taken.
 */
async function takeFiles(turn: Turn, deps: EvidenceDeps): Promise<boolean> {
  const { actor, message, conversation, show } = turn;
  if (conversation.kind !== 'personal' || message.files.length === 0) return false;
  const number = await deps.targets.get(actor.userId, deps.clock.now());
  if (!number) return false;
  const items: ReceivedItem[] = [];
  for (const file of message.files) {
    const fetched = await turn.download(file, { maxBytes: deps.policy.maxBytes });
    if (!fetched.ok) {
      items.push({
        name: file.name,
        outcome: { ok: false, reason: fetched.reason === 'too-large' ? 'tooLarge' : 'unreachable' },
      });
      continue;
    }
    try {
      const outcome = await deps.evidence.attach(actor, number, fetched, sniffType(fetched.bytes));
      items.push({ name: file.name, outcome });
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      deps.logger.warn({ incident: number }, 'evidence not kept: storage unavailable');
      items.push({ name: file.name, outcome: { ok: false, reason: 'storage' } });
    }
  }
  // The choice is used up by this message — unless a file is to be sent again ("could not be fetched
  // or stored"): then the resend goes to the same incident without pressing "Vedhæft bevis" once more.
  const again = items.some(({ outcome }) => !outcome.ok && ['storage', 'unreachable'].includes(outcome.reason));
  if (!again) await deps.targets.clear(actor.userId);
  await show(receivedCard(actor.locale, number, items, deps.policy));
  return true;
}

/**
 * A file in the personal chat that no feature took, from someone with open reports: her open
 * incidents are offered to attach it to (nothing is kept; she sends it again after choosing).
 * Registered after every feature that takes files, so it never takes one meant for them.
 */
export function registerEvidenceOffer(router: Routes, deps: Pick<EvidenceDeps, 'incidents'>): void {
  router.files(async (turn) =>
    turn.conversation.kind === 'personal' && turn.message.files.length > 0 ? offerIncidents(turn, deps) : false,
  );
}

/** The sender's open incidents to attach the file to, if she has any (she sends it again after choosing). */
async function offerIncidents(turn: Turn, deps: Pick<EvidenceDeps, 'incidents'>): Promise<boolean> {
  const { incidents } = await deps.incidents.listMine(turn.actor, {}, 20);
  const open = incidents.filter((item) => isOpen(item.state)).slice(0, CHOICES);
  if (open.length === 0) return false;
  await turn.show(chooseCard(turn.actor.locale, open));
  return true;
}
