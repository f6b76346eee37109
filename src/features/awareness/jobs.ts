import type { Logger } from '../../logger';
import type { Notifier } from '../../platform/notifier';
import { chatLocale, type StoredConversation } from '../access/conversations';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { requestCard } from './cards';
import { dueForReminder, type AudienceGroup, type ReadCampaign } from './model';
import type { AwarenessService } from './service';

export const AWARENESS_SEND = 'awareness.send';
export const AWARENESS_REMIND = 'awareness.remind';

/** What the awareness jobs need. */
export interface AwarenessJobDeps {
  awareness: AwarenessService;
  /** Everyone the bot has a personal chat with (employees and guests who installed it). */
  personalChats: () => AsyncIterable<StoredConversation>;
  /**
   * Whether a person is an employee or a guest ('employee' when Teams does not say), and their name
   * as Teams has it (for the auditors' list, also of those who never confirm).
   */
  personOf: (chat: StoredConversation) => Promise<{ group: AudienceGroup; name?: string }>;
  notifier: Notifier;
  logger: Logger;
}

/** The job that asks everyone to read a campaign's version (deterministic id: scheduling it twice is one job). */
export const sendJob = (campaign: ReadCampaign, now: Date): Job => ({
  id: `${AWARENESS_SEND}:${campaign.id}`,
  kind: AWARENESS_SEND,
  dueAt: now.toISOString(),
  payload: { campaignId: campaign.id },
});

/** The one reminder, `reminderDays` after the campaign started. */
export const remindJob = (campaign: ReadCampaign): Job => ({
  id: `${AWARENESS_REMIND}:${campaign.id}`,
  kind: AWARENESS_REMIND,
  dueAt: new Date(new Date(campaign.startedAt).getTime() + campaign.reminderDays * 86_400_000).toISOString(),
  payload: { campaignId: campaign.id },
});

/**
 * Asks every person with a personal chat to read the version and confirm (P12), through the
 * notifier (Teams' send limits, retries) and the scheduler's exactly-once deliveries: a restart
 * resumes where it stopped and asks nobody twice. Then schedules the one reminder.
 */
export function sendHandler(deps: AwarenessJobDeps): JobHandler {
  return async (job, { deliverOnce }) => {
    const campaign = await deps.awareness.campaign(String(job.payload.campaignId));
    if (!campaign) return { outcome: 'no such campaign' };
    let asked = 0;
    for await (const chat of deps.personalChats()) {
      const userId = chat.userId;
      if (!userId || chat.goneAt) continue;
      await deliverOnce(`${job.id}|${userId}`, async () => {
        const { group, name } = await deps.personOf(chat);
        // Recorded before the send (idempotent): one asked but not reached (gone) is counted as asked.
        // Asked already when they first met the bot during the fan-out: they have the card.
        const { request } = await deps.awareness.ask(campaign, userId, group, { name });
        if (request.firstMeet) return 'skipped';
        asked++;
        return deps.notifier.send(chat, requestCard(chatLocale(chat), campaign, false));
      });
    }
    deps.logger.info({ asked }, 'read campaign sent');
    return { outcome: `asked ${asked}`, next: [remindJob(campaign)] };
  };
}

/** The one reminder to everyone asked who has not confirmed after the set number of days. */
export function remindHandler(
  deps: AwarenessJobDeps & { personalChatOf: (userId: string) => Promise<StoredConversation | undefined> },
): JobHandler {
  return async (job, { deliverOnce, now }) => {
    const campaign = await deps.awareness.campaign(String(job.payload.campaignId));
    if (!campaign) return { outcome: 'no such campaign' };
    const due = dueForReminder(campaign, await deps.awareness.requests(campaign.id), now);
    for (const request of due) {
      await deliverOnce(`${job.id}|${request.userId}`, async () => {
        const chat = await deps.personalChatOf(request.userId);
        if (!chat) return 'skipped';
        await deps.awareness.remind(campaign.id, request.userId);
        return deps.notifier.send(chat, requestCard(chatLocale(chat), campaign, true));
      });
    }
    return { outcome: `reminded ${due.length}` };
  };
}
