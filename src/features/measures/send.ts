import { danishToday, type Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { Notifier } from '../../platform/notifier';
import type { JobRepository } from '../../platform/scheduler/jobs';
import { noticeKey } from '../incidents/undelivered';
import { chatLocale, type ConversationRepository } from '../access/conversations';
import { taskCard } from '../incidents/measure-cards';
import type { Measure } from '../incidents/model';
import type { MeasureParent } from './parent';

/** What sending a measure to its owner needs. */
export interface MeasureSendDeps {
  conversations: Pick<ConversationRepository, 'personalChatOf'>;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** The delivery log, where a notice that did not reach its owner is kept for the quarterly review. */
  jobs?: Partial<Pick<JobRepository, 'markDelivered'>>;
}

/**
 * Sends a new measure (an incident's or a risk's) to its owner's personal chat: 'sent' when Teams took
 * it; no stored chat, a chat Teams called gone, or a refused send otherwise — then it is also kept in
 * the delivery log for the quarterly review's undelivered notices, and the caller flags the measure
 * for the coordinator (#20: not silently unsent).
 */
export async function sendMeasureToOwner(
  deps: MeasureSendDeps,
  parent: MeasureParent,
  measure: Measure,
  from: string,
): Promise<'sent' | 'noChat' | 'gone' | 'failed'> {
  const outcome = await send(deps, parent, measure, from);
  if (outcome !== 'sent') {
    const key =
      parent.kind === 'incident'
        ? noticeKey('measureOwner', parent.number, measure.id)
        : noticeKey('riskMeasureOwner', parent.title.replaceAll('|', '/'), measure.id);
    try {
      await deps.jobs?.markDelivered?.(key, deps.clock.now(), outcome);
    } catch (error) {
      deps.logger.error({ err: error }, 'undelivered notice not recorded in the delivery log');
    }
  }
  return outcome;
}

async function send(
  deps: MeasureSendDeps,
  parent: MeasureParent,
  measure: Measure,
  from: string,
): Promise<'sent' | 'noChat' | 'gone' | 'failed'> {
  if (!measure.ownerId) return 'noChat';
  try {
    const chat = await deps.conversations.personalChatOf(measure.ownerId);
    if (!chat) return 'noChat';
    const card = taskCard(chatLocale(chat), parent, measure, danishToday(deps.clock.now()), { from, unasked: true });
    return await deps.notifier.send(chat, card);
  } catch (error) {
    deps.logger.error({ kind: parent.kind, err: error }, 'measure could not be sent to its owner');
    return 'failed';
  }
}
