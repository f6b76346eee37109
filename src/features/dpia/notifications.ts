import { chatLocale, type StoredConversation } from '../access/conversations';
import { t, type Locale } from '../../i18n';
import { formatLocal } from '../incidents/deadlines';
import type { SystemDeps } from '../systems/handlers/context';
import { screeningNoticeCard } from './cards';
import type { Screening } from './model';

/** The owner's request card, in the owner's language when they have written to the bot, else Danish. */
export function ownerRequestCard(screening: Screening, locale: Locale = 'da') {
  return screeningNoticeCard(
    t(locale, 'dpia.notify.ownerHeading', { system: screening.systemName }),
    t(locale, 'dpia.notify.ownerBody', { system: screening.systemName }),
    t(locale, 'dpia.notify.open'),
    screening.id,
  );
}

/** Sends the screening to its owner's personal chat (P5); a failure is logged. */
export async function sendToOwner(deps: SystemDeps, screening: Screening, chat: StoredConversation): Promise<void> {
  try {
    const delivery = await deps.notifier.send(chat, ownerRequestCard(screening, chatLocale(chat)));
    deps.logger.info({ screening: screening.id, delivery }, 'screening sent to the system owner');
  } catch (error) {
    deps.logger.error({ screening: screening.id, err: error }, 'screening send failed');
  }
}

/** Tells the coordinator channel the outcome (P5); a failure is logged, the outcome is stored anyway. */
export async function notifyCoordinator(deps: SystemDeps, screening: Screening): Promise<void> {
  try {
    const channel = await deps.conversations.channelFor('coordinator');
    const answer = screening.answer;
    if (!channel || !answer) {
      deps.logger.warn({ screening: screening.id }, 'no coordinator channel registered; screening outcome not posted');
      return;
    }
    const card = screeningNoticeCard(
      t('da', 'dpia.notify.coordinatorHeading', { system: screening.systemName }),
      t('da', 'dpia.notify.coordinatorBody', {
        outcome: t('da', `dpia.outcome.outcomes.${answer.result.outcome}`),
        at: formatLocal(answer.answeredAt, 'da'),
        by: answer.answeredByName,
      }),
      t('da', 'dpia.notify.open'),
      screening.id,
    );
    const delivery = await deps.notifier.send(channel, card);
    deps.logger.info({ screening: screening.id, delivery }, 'coordinator channel told the screening outcome');
  } catch (error) {
    deps.logger.error({ screening: screening.id, err: error }, 'coordinator notice failed');
  }
}
