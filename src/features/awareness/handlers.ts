import type { InstallEvent, Routes, Turn } from '../turn';
import { verbs } from '../verbs';
import { t } from '../../i18n';
import type { Logger } from '../../logger';
import type { Clock } from '../../clock';
import type { JobRepository } from '../../platform/scheduler/jobs';
import { issueLink, type ExportRepository } from '../incidents/exports';
import { confirmedCard, exportCard, requestCard, statusCard } from './cards';
import { sendJob } from './jobs';
import { groupOf } from './model';
import type { AwarenessService } from './service';
import type { Actor } from '../turn';

/** What the awareness handlers need. */
export interface AwarenessDeps {
  awareness: AwarenessService;
  jobs?: Pick<JobRepository, 'schedule'>;
  clock: Clock;
  logger: Logger;
  /** Where the one-time export links are kept, and the bot's public address they point at. */
  exports: Pick<ExportRepository, 'create'>;
  publicBaseUrl: () => string;
}

/**
 * Policy read and understood (P12): the coordinator's overview and start ("læst og forstået"),
 * and everyone's "Læst og forstået" on the request card.
 */
export function registerAwareness(router: Routes, deps: AwarenessDeps): void {
  const { awareness } = deps;
  const overview = async (actor: Actor) =>
    Promise.all(
      (await awareness.versions(actor)).map(async (version) => ({
        ...version,
        requests: version.campaign ? await awareness.requests(version.campaign.id) : undefined,
      })),
    );
  const status = async ({ actor, show }: Turn) => show(statusCard(actor.locale, await overview(actor)));
  router.command(['læst og forstået', 'læst', 'read and understood'], status);
  router.action(verbs.awarenessStatus, status);
  router.onInstall((event) => offerCurrentVersions(event, awareness, deps.logger));

  router.action(verbs.awarenessStart, async ({ actor, data, show }) => {
    const { campaign, created } = await awareness.start(actor, data.approvalId);
    // Scheduled again on a repeat too (same job id: a no-op when it exists), so a start whose job
    // could not be stored the first time is completed by pressing again.
    await deps.jobs?.schedule(sendJob(campaign, deps.clock.now()));
    if (created) deps.logger.info({ campaign: campaign.id }, 'read campaign started');
    await show(statusCard(actor.locale, await overview(actor), t(actor.locale, 'awareness.status.sending')));
  });

  // Who confirmed a version, for the auditors (P12): a one-time link valid ten minutes
  // (`GET /api/export/:token`); the coordinator's only, checked here and again when it is opened.
  router.action(verbs.awarenessExport, async ({ actor, data, show }) => {
    const campaign = await awareness.campaignFor(actor, data.campaignId);
    const url = await issueLink(deps, {
      kind: 'readConfirmations',
      userId: actor.userId,
      campaignId: campaign.id,
      locale: actor.locale,
    });
    await show(exportCard(actor.locale, campaign, url));
  });

  router.action(verbs.awarenessConfirm, async ({ actor, data, show }) => {
    const { campaign, request } = await awareness.confirm(actor, data.campaignId);
    await show(confirmedCard(actor.locale, campaign, request));
  });
}

/**
 * Someone installing the bot in their personal chat after a version was sent out is asked to read
 * the current versions at once (P12: "people who join later get the current version"), unless
 * they were asked before.
 */
export async function offerCurrentVersions(
  event: InstallEvent,
  awareness: AwarenessService,
  logger: Logger,
): Promise<void> {
  if (event.conversation.kind !== 'personal') return;
  try {
    const actor = await event.actor();
    if (!actor) return;
    const campaigns = await awareness.current();
    if (campaigns.length === 0) return;
    const member = await event.member();
    for (const campaign of campaigns) {
      const { created } = await awareness.ask(campaign, actor.userId, groupOf(member?.userPrincipalName), {
        firstMeet: true,
        name: member?.name ?? actor.name,
      });
      if (created) await event.send(requestCard(actor.locale, campaign, false));
    }
  } catch (error) {
    logger.warn({ err: error }, 'could not offer the current policy versions');
  }
}
