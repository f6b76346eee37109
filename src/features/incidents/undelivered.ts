import type { UndeliveredRecord } from '../../platform/scheduler/jobs';

/** What a notice the bot could not deliver was about. */
export type UndeliveredWhat = 'reporter' | 'measureOwner' | 'riskMeasureOwner' | 'scheduled';
/** Why it was not delivered: no chat with the bot, a chat Teams called gone, or Teams not answering. */
export type UndeliveredReason = 'noChat' | 'gone' | 'failed';

/** A notice the bot could not deliver, as the quarterly review lists it (no names, no conversation ids). */
export interface UndeliveredNotice {
  at: string;
  what: UndeliveredWhat;
  /** The incident number, or for a scheduled notice its kind (`incidents.deadline-sweep`). */
  ref: string;
  reason: UndeliveredReason;
}

/**
 * The delivery log key of a person's notice sent from a turn (not a scheduled job): what it was, the
 * incident number or the risk's title (no names of people), and what makes it unique.
 */
export const noticeKey = (what: Exclude<UndeliveredWhat, 'scheduled'>, number: string, detail: string): string =>
  `notice|${what}|${number}|${detail}`;

const reasons: readonly UndeliveredReason[] = ['noChat', 'gone', 'failed'];

/**
 * A delivery log record as the review lists it (#15 item 2): a person's notice (`notice|…`) by what
 * and incident number; a scheduled job's (`<kind>:<due>|<conversation>`) by its kind.
 */
export function toUndelivered(record: UndeliveredRecord): UndeliveredNotice {
  const reason = reasons.find((known) => known === record.outcome) ?? 'failed';
  const [first, what, number] = record.key.split('|');
  if (first === 'notice' && (what === 'reporter' || what === 'measureOwner' || what === 'riskMeasureOwner'))
    return { at: record.at, what, ref: number ?? '', reason };
  return { at: record.at, what: 'scheduled', ref: (first ?? '').split(':')[0] ?? '', reason };
}
