import type { Measure } from '../incidents/model';
import type { Actor } from '../turn';

/**
 * What a remedial measure belongs to (#19, #20): an incident (P1) or a risk's treatment (P6). The
 * owner's cards, `mine opgaver`, the reminders and the digest treat both alike.
 */
export type MeasureParent = { kind: 'incident'; number: string } | { kind: 'risk'; id: string; title: string };

/** What a list of open measures keeps of one: enough for the owner's list, the reminders and the digest. */
export type OpenMeasureFacts = Pick<Measure, 'id' | 'text' | 'owner' | 'dueDate' | 'ownerId' | 'unreachableAt'>;

/** An open measure with what it belongs to. */
export interface OpenMeasure {
  parent: MeasureParent;
  measure: OpenMeasureFacts;
}

/** One measure as its owner sees it: the measure and what it belongs to (nothing else of it, P10). */
export interface OwnMeasure {
  parent: MeasureParent;
  measure: Measure;
}

/** Who acts on their own measures: the authenticated user (the id compared with the stored owner's). */
export type MeasureOwner = Actor;

/**
 * Where measures of one kind of parent are kept, as their owners and the morning run need them.
 *
 * @remarks `own` and `complete` answer "not found" to anyone but the measure's stored owner (P10).
 */
export interface MeasureStore {
  /** Every open measure with an owner who is a person, or not (the digest counts free-text owners too). */
  open(): Promise<OpenMeasure[]>;
  own(actor: MeasureOwner, ref: string, measureId: unknown): Promise<OwnMeasure>;
  complete(actor: MeasureOwner, ref: string, measureId: unknown, comment: string): Promise<OwnMeasure>;
  /** Records whether the owner got the measure in their personal chat (written by the bot). */
  recordNotice(ref: string, measureId: string, delivered: boolean): Promise<void>;
}

/** The key a card carries for a parent: the incident's number, or the risk's id. */
export const parentRef = (parent: MeasureParent): string => (parent.kind === 'incident' ? parent.number : parent.id);

/** The card data naming a measure: `number` for an incident's, `riskId` for a risk's. */
export const parentData = (parent: MeasureParent): { number: string; riskId: string } =>
  parent.kind === 'incident' ? { number: parent.number, riskId: '' } : { number: '', riskId: parent.id };

/** Earliest due first, then by what it belongs to. */
export const byDue = (a: OpenMeasure, b: OpenMeasure): number =>
  a.measure.dueDate.localeCompare(b.measure.dueDate) || parentRef(a.parent).localeCompare(parentRef(b.parent));
