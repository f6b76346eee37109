import type { Notifier } from '../../platform/notifier';
import type { Logger } from '../../logger';
import { chatLocale } from '../access/conversations';
import { dpoRecipients, type DpoRecipientDeps } from '../access/dpo';
import { dpoBreachNoticeCard } from './dpo-cards';
import type { Incident } from './model';

/**
 * Tells every data protection officer of a breach at once, in their personal chat (P3, GDPR art.
 * 38(1)). A failure is logged, never shown to whoever reported or marked the breach: the breach is
 * stored whatever happens here.
 */
export async function notifyDpoOfBreach(
  deps: DpoRecipientDeps & { notifier: Notifier; logger: Logger },
  incident: Incident,
): Promise<void> {
  try {
    const chats = await dpoRecipients(deps);
    if (chats.length === 0) {
      deps.logger.warn({ incident: incident.number }, 'no data protection officer to tell of the breach');
      return;
    }
    for (const chat of chats) {
      const delivery = await deps.notifier.send(chat, dpoBreachNoticeCard(chatLocale(chat), incident));
      deps.logger.info({ incident: incident.number, delivery }, 'data protection officer told of the breach');
    }
  } catch (error) {
    deps.logger.error(
      { incident: incident.number, err: { name: (error as Error)?.name, message: (error as Error)?.message } },
      'data protection officer notice failed',
    );
  }
}
