import { notificationTime } from './breach-form';
import {
  subjectCategories,
  type BreachDetails,
  type HistoryEntry,
  type SubjectCategory,
  type SupplementaryNotification,
} from './model';

/** The inputs of the notification details card ("Oplysninger til anmeldelsen"), with their maximum lengths. */
export const detailsInputLimits = {
  subjectCategories: 100,
  otherSubjects: 500,
  estimatedPeople: 9,
  estimatedRecords: 9,
  dpoName: 120,
  dpoContact: 200,
  supplementDate: 10,
  supplementTime: 8,
  supplementReference: 100,
  supplementNote: 1000,
  supplementCorrects: 4,
  supplementReason: 500,
} as const;
export type DetailsInputId = keyof typeof detailsInputLimits;
export type DetailsInputs = Record<DetailsInputId, string>;

/** The art. 33(3) facts as read from the card, before the service adds who recorded them. */
export type BreachDetailsDraft = Omit<BreachDetails, 'recordedBy' | 'recordedAt'>;

const estimate = (value: string): number | undefined | 'invalid' => {
  const digits = value.replace(/[.\s]/g, ''); // "1.200" and "1 200" are how Danes write 1200
  if (!digits) return undefined;
  return /^\d{1,9}$/.test(digits) ? Number(digits) : 'invalid';
};

/**
 * Reads the art. 33(3) facts from the card, or says which inputs are wrong (by input id, as message keys).
 *
 * @remarks P3, art. 33(3)(a)–(b). "Other" categories are named in words; the estimates are whole
 * numbers. Nothing here is required: the coordinator records what is known, and the text for
 * Datatilsynet says what is still missing.
 */
export function readBreachDetails(inputs: DetailsInputs): {
  draft: BreachDetailsDraft;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const chosen = inputs.subjectCategories
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const categories = subjectCategories.filter((category) => chosen.includes(category));
  if (chosen.some((item) => !(subjectCategories as readonly string[]).includes(item)))
    errors.subjectCategories = 'incidents.errors.subjectCategory';
  if (categories.includes('others') && !inputs.otherSubjects) errors.otherSubjects = 'incidents.errors.otherSubjects';
  const people = estimate(inputs.estimatedPeople);
  const records = estimate(inputs.estimatedRecords);
  if (people === 'invalid') errors.estimatedPeople = 'incidents.errors.number';
  if (records === 'invalid') errors.estimatedRecords = 'incidents.errors.number';
  const draft: BreachDetailsDraft = {
    subjectCategories: categories,
    otherSubjects: categories.includes('others') ? inputs.otherSubjects || undefined : undefined,
    estimatedPeople: typeof people === 'number' ? people : undefined,
    estimatedRecords: typeof records === 'number' ? records : undefined,
    dpoName: inputs.dpoName || undefined,
    dpoContact: inputs.dpoContact || undefined,
  };
  return { draft, errors };
}

/** What a supplementary notification is read as from the card, before the service checks it against the record. */
export type SupplementDraft = Omit<SupplementaryNotification, 'recordedBy' | 'recordedAt' | 'corrects' | 'reason'>;

/** A correction of a supplementary notification as read from the card: the corrected entry, the new values, the reason. */
export type SupplementCorrectionDraft = SupplementDraft & { corrects: number; reason: string };

/**
 * Reads a supplementary notification (art. 33(4)): its date and time (both required, Danish time,
 * not in the future) and a reference or a short note saying what it added.
 *
 * @remarks Times before the initial notification or before awareness are refused by the service, which knows them.
 */
export function readSupplement(
  inputs: DetailsInputs,
  now: Date,
): { draft: SupplementDraft; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const at = notificationTime(inputs.supplementDate, inputs.supplementTime);
  if (!at) errors.supplementDate = 'incidents.errors.dateTime';
  else if (at > now) errors.supplementDate = 'incidents.errors.future';
  if (!inputs.supplementReference && !inputs.supplementNote) errors.supplementNote = 'incidents.errors.supplementNote';
  return {
    draft: {
      sentAt: at?.toISOString() ?? '',
      reference: inputs.supplementReference || undefined,
      note: inputs.supplementNote || undefined,
    },
    errors,
  };
}

/** The art. 33(3) facts as history changes (before → after, field by field); free text is replaced by the retention run. */
export function detailsChanges(before: BreachDetails | undefined, after: BreachDetailsDraft): HistoryEntry['changes'] {
  const read: Record<string, (details?: BreachDetailsDraft) => unknown> = {
    breachSubjectCategories: (details) =>
      details && details.subjectCategories.length > 0 ? details.subjectCategories.join(',') : undefined,
    breachOtherSubjects: (details) => details?.otherSubjects,
    breachEstimatedPeople: (details) => details?.estimatedPeople,
    breachEstimatedRecords: (details) => details?.estimatedRecords,
    breachDpoName: (details) => details?.dpoName,
    breachDpoContact: (details) => details?.dpoContact,
  };
  const changes: HistoryEntry['changes'] = {};
  for (const [key, value] of Object.entries(read)) {
    const [was, is] = [value(before) ?? null, value(after) ?? null];
    if (was !== is) changes[key] = [was, is];
  }
  return changes;
}

/** The categories of a stored record, read defensively: a value no longer offered is left out. */
export const categoriesOf = (details: BreachDetails | undefined): SubjectCategory[] =>
  subjectCategories.filter((category) => details?.subjectCategories?.includes(category));

/**
 * Reads a correction of a supplementary notification (art. 33(4), P10): which entry it corrects,
 * its date and time and a reference or note as for a new one, and the reason (required).
 *
 * @remarks Whether the chosen entry exists, and the times against the record, the service checks.
 */
export function readSupplementCorrection(
  inputs: DetailsInputs,
  now: Date,
): { draft: SupplementCorrectionDraft; errors: Record<string, string> } {
  const { draft, errors } = readSupplement(inputs, now);
  const corrects = /^\d{1,4}$/.test(inputs.supplementCorrects) ? Number(inputs.supplementCorrects) : 0;
  if (corrects < 1) errors.supplementCorrects = 'supplementCorrection.errorCorrects';
  if (!inputs.supplementReason) errors.supplementReason = 'supplementCorrection.errorReason';
  return { draft: { ...draft, corrects, reason: inputs.supplementReason }, errors };
}

/** One supplementary notification in the order recorded: its number, and the later entry that corrects it, if any. */
export interface SupplementEntry {
  index: number;
  supplement: SupplementaryNotification;
  correctedBy?: number;
}

/** Every supplementary notification and correction in the order recorded, each marked with the latest entry correcting it. */
export function supplementEntries(supplements: readonly SupplementaryNotification[] | undefined): SupplementEntry[] {
  const list = supplements ?? [];
  return list.map((supplement, i) => {
    const index = i + 1;
    const later = list.map((other, j) => ({ other, j })).filter(({ other, j }) => j > i && other.corrects === index);
    return { index, supplement, correctedBy: later.length > 0 ? (later.at(-1)?.j ?? 0) + 1 : undefined };
  });
}

/** The supplementary notifications as they stand: every entry not corrected by a later one (P3, the text for Datatilsynet). */
export const currentSupplements = (supplements: readonly SupplementaryNotification[] | undefined): SupplementEntry[] =>
  supplementEntries(supplements).filter((entry) => entry.correctedBy === undefined);
