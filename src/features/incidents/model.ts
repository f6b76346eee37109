import type { MessageEvidence } from './message-evidence';
import type { EvidenceFile } from '../evidence/model';

/** The three kinds of incident the policy names, each with its own contingency plan (P2). */
export const incidentKinds = ['general', 'system', 'personalData'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** The coordinator's working states (P1). */
export const incidentStates = ['received', 'inProgress', 'contained', 'resolved', 'closed', 'notAnIncident'] as const;
export type IncidentState = (typeof incidentStates)[number];

/** A short severity scale for triage. */
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** Kinds of personal data involved (GDPR art. 6, art. 9, CPR numbers, criminal offences). */
export const personalDataKinds = ['ordinary', 'sensitive', 'cpr', 'criminal'] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

export const personalDataAnswers = ['yes', 'no', 'unknown'] as const;
export type PersonalDataAnswer = (typeof personalDataAnswers)[number];

/** What the reporter tells (P1); every field as the report card asks it. */
export interface IncidentReport {
  title: string;
  description: string;
  /** When it happened, if known (ISO instant). */
  occurredAt?: string;
  /** When it was discovered (ISO instant). */
  discoveredAt: string;
  kind: IncidentKind;
  systemName?: string;
  personalData: PersonalDataAnswer;
  personalDataKinds: PersonalDataKind[];
  affectedPeople?: number;
  affectedRecords?: number;
  actionsTaken?: string;
  contact?: string;
  /** The Teams message the report was made from (a message action), kept as evidence; absent otherwise. */
  evidence?: MessageEvidence;
}

/** A remedial measure (afhjælpende foranstaltning) with owner, due date and state (P1). */
export interface Measure {
  id: string;
  text: string;
  /** The owner's name as shown; on measures from before owners were people, the free text typed. */
  owner: string;
  /** The owner's Entra object id, as Teams answered the pick (#20): absent on free-text owners from before. */
  ownerId?: string;
  ownerEmail?: string;
  /** When the owner got the measure in their personal chat. */
  notifiedAt?: string;
  /** When the bot found it could not reach the owner (no chat with the bot, or the chat gone); cleared once sent. */
  unreachableAt?: string;
  /** ISO date (yyyy-mm-dd). */
  dueDate: string;
  done: boolean;
  doneAt?: string;
  doneBy?: string;
  /** What the owner wrote when marking it done. */
  doneComment?: string;
}

/** A measure not done is late from the day after its due date (`today`: yyyy-mm-dd, Danish time). */
export const isMeasureLate = (measure: Pick<Measure, 'dueDate'>, today: string): boolean => measure.dueDate < today;

/** The art. 33 decision on a personal-data breach (P3); art. 33(5) requires it documented either way. */
export interface BreachDecision {
  notify: boolean;
  justification: string;
  /**
   * Art. 33(3)(c): the likely consequences of the breach for the data subjects. Absent on decisions
   * recorded before it was asked for.
   */
  consequences?: string;
  /** When Datatilsynet was notified (ISO instant), if notified. */
  notifiedAt?: string;
  reference?: string;
  /**
   * Art. 34 as recorded before the coordinator had to choose: the old card preselected "not
   * required", so this value is not a decision and is never read as one (see {@link subjects}).
   *
   * @deprecated kept so that stored records load and the auditor export can show what was stored.
   */
  dataSubjectsInformed?: 'yes' | 'no' | 'notRequired';
  /** Art. 34: the coordinator's explicit choice; absent on decisions from before (= not yet decided). */
  subjects?: SubjectsDecision;
  /** Art. 33(1): why a notification came after 72 hours. */
  delayReason?: string;
  decidedBy: string;
  decidedAt: string;
}

/** The grounds of art. 34(3) on which the data subjects need not be told: (a) protected, e.g. encrypted; (b) the high risk is no longer likely; (c) disproportionate effort (public communication instead). */
export const subjectsGrounds = ['a', 'b', 'c'] as const;
export type SubjectsGround = (typeof subjectsGrounds)[number];

/** The coordinator's three answers to art. 34, none of them preselected. */
export const subjectsChoices = ['notified', 'notNotified', 'undecided'] as const;
export type SubjectsChoice = (typeof subjectsChoices)[number];

/**
 * Art. 34: whether the data subjects are told of the breach (P3). Told: when and how. Not told:
 * the art. 34(3) ground, or a justification (e.g. no high risk to them), or both. Or not yet decided.
 */
export type SubjectsDecision =
  | { choice: 'notified'; at: string; how: string }
  | { choice: 'notNotified'; ground?: SubjectsGround; justification?: string }
  | { choice: 'undecided' };

/** The art. 34 choice of a recorded decision; a decision recorded before it had to be chosen reads as not yet decided. */
export const subjectsOf = (decision: BreachDecision | undefined): SubjectsDecision =>
  decision?.subjects ?? { choice: 'undecided' };

/** The categories of data subjects Datatilsynet's form asks for (art. 33(3)(a)). */
export const subjectCategories = ['citizens', 'children', 'employees', 'patients', 'others'] as const;
export type SubjectCategory = (typeof subjectCategories)[number];

/**
 * The art. 33(3) facts the coordinator adds for the notification (P3): who is concerned, the
 * coordinator's own estimate of how many (the reporter's numbers stay as reported) and the contact
 * point, the data protection officer. Absent on records from before they were asked for.
 */
export interface BreachDetails {
  subjectCategories: SubjectCategory[];
  /** What the other categories are, when `others` is chosen (free text). */
  otherSubjects?: string;
  /** The coordinator's estimate of the number of data subjects concerned. */
  estimatedPeople?: number;
  /** The coordinator's estimate of the number of personal data records concerned. */
  estimatedRecords?: number;
  /** Art. 33(3)(b): the DPO's name and contact details, as the contact point. */
  dpoName?: string;
  dpoContact?: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * A supplementary notification to Datatilsynet (art. 33(4): information given in phases). The
 * initial notification is the one the breach decision records.
 */
export interface SupplementaryNotification {
  /** When it was sent (ISO instant), as the coordinator states it. */
  sentAt: string;
  /** Datatilsynet's reference for it, if any. */
  reference?: string;
  /** What it added, in short (free text). */
  note?: string;
  /**
   * On a correction: the number (1-based, in the order recorded) of the entry it corrects, which
   * stays as it was recorded — a correction is a new entry, never an overwrite (P10).
   */
  corrects?: number;
  /** On a correction: why it was made (free text). */
  reason?: string;
  recordedBy: string;
  recordedAt: string;
}

/** The NIS2 art. 23(4) reports to the authority on a significant incident, in the order they fall due. */
export const nis2Steps = ['earlyWarning', 'notification', 'finalReport'] as const;
export type Nis2Step = (typeof nis2Steps)[number];

/** One NIS2 report recorded as sent to the authority (P3): when it was sent, who recorded it and when. */
export interface Nis2Report {
  /** When it was sent (ISO instant), as the coordinator states it. */
  sentAt: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * How each NIS2 step is named in the history (its action and the change it records) and on the
 * triage card (its date and time inputs, which the service names in its errors).
 */
export const nis2StepKeys = {
  earlyWarning: {
    action: 'nis2EarlyWarningSent',
    change: 'nis2EarlyWarningSentAt',
    date: 'nis2EarlyWarningDate',
    time: 'nis2EarlyWarningTime',
  },
  notification: {
    action: 'nis2NotificationSent',
    change: 'nis2NotificationSentAt',
    date: 'nis2NotificationDate',
    time: 'nis2NotificationTime',
  },
  finalReport: {
    action: 'nis2FinalReportSent',
    change: 'nis2FinalReportSentAt',
    date: 'nis2FinalReportDate',
    time: 'nis2FinalReportTime',
  },
} as const satisfies Record<Nis2Step, { action: string; change: string; date: string; time: string }>;

/**
 * NIS2 art. 23(4) reports besides the three steps: an intermediate report (*foreløbig rapport*,
 * point (c)) the authority asked for, and a progress report (*statusrapport*, point (e)) when the
 * final report falls due while the incident is ongoing.
 */
export const nis2UpdateKinds = ['interim', 'progress'] as const;
export type Nis2UpdateKind = (typeof nis2UpdateKinds)[number];

/** One intermediate or progress report recorded as sent (P3), in the order recorded. */
export interface Nis2Update {
  kind: Nis2UpdateKind;
  /** When the authority asked for it (ISO instant); an intermediate report only. */
  requestedAt?: string;
  /** When it was sent (ISO instant). */
  sentAt: string;
  /** What it said, in short (free text). */
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

/** One incident in the coordinator's log. */
export interface Incident extends IncidentReport {
  /** `HÆN-2026-0042`. */
  number: string;
  year: number;
  seq: number;
  /** Increases by one with every change; a card carries the version it showed. */
  version: number;
  reporterId: string;
  reporterName: string;
  /** The reporter's language, for messages sent to them later. */
  reporterLocale?: 'da' | 'en';
  reportedAt: string;
  state: IncidentState;
  severity?: Severity;
  /** The assignee's name as shown; on incidents from before assignees were people, the text typed. */
  assignee?: string;
  /** The assignee's Entra object id, as Teams answered the pick (#15 item 5); absent on free text from before. */
  assigneeId?: string;
  /** Whether the GDPR clock runs (personal-data breach); set from the report, changeable in triage. */
  isBreach: boolean;
  /**
   * When the municipality became aware of the breach (ISO instant) for the GDPR clock: the
   * reporter's discovery time unless corrected (see `awareness.ts`); absent on old records = the report time.
   */
  awarenessAt?: string;
  awarenessReason?: string;
  /**
   * When the municipality became aware for the NIS2 clocks (ISO instant), kept apart from the GDPR
   * moment so that correcting one does not move the other; absent on records from before (shared).
   */
  nis2AwarenessAt?: string;
  nis2AwarenessReason?: string;
  breachDecision?: BreachDecision;
  /** The art. 33(3) facts for the notification; absent on records from before (not recorded). */
  breachDetails?: BreachDetails;
  /** Supplementary notifications to Datatilsynet in the order recorded (art. 33(4)); absent = none. */
  supplements?: SupplementaryNotification[];
  /** Marked by the coordinator as a NIS2 significant incident. */
  nis2Significant: boolean;
  /** The NIS2 reports recorded as sent; absent on incidents stored before they could be recorded (none sent). */
  nis2Reports?: Partial<Record<Nis2Step, Nis2Report>>;
  /** Intermediate and progress reports (NIS2 art. 23(4)(c), (e)) in the order recorded; absent = none. */
  nis2Updates?: Nis2Update[];
  measures: Measure[];
  closedAt?: string;
  /**
   * When the incident was first marked resolved or closed (NIS2 art. 23(4)(e): the final report after
   * a progress report is due a month later); cleared when it is reopened. Absent on records from before.
   */
  handledAt?: string;
  /** Files attached as evidence (#20), oldest first; the bytes are in the evidence store. Absent = none. */
  files?: EvidenceFile[];
}

/** One recorded change: who, when, what (append-only). */
export interface HistoryEntry {
  version: number;
  at: string;
  by: string;
  byName: string;
  action:
    | 'reported'
    | 'triaged'
    | 'measureAdded'
    | 'measureDone'
    /** Whether the measure's owner was reached in their personal chat (#20), written by the bot. */
    | 'measureNotice'
    /** The reporter's status message could not be delivered (#15 item 2), written by the bot. */
    | 'reporterNotice'
    | 'breachDecision'
    | 'awarenessChanged'
    /** The art. 33(3) facts for the notification recorded or changed. */
    | 'breachDetails'
    /** A supplementary notification to Datatilsynet recorded (art. 33(4)). */
    | 'breachSupplement'
    /** A supplementary notification corrected by a new entry that names it; the original stays (the reason in the comment). */
    | 'breachSupplementCorrected'
    | (typeof nis2StepKeys)[Nis2Step]['action']
    /** A NIS2 intermediate or progress report recorded as sent (art. 23(4)(c), (e)). */
    | 'nis2UpdateSent'
    /** A NIS2 report recorded as sent by mistake: the record withdrawn, its reminders due again. */
    | 'nis2ReportWithdrawn'
    /** The data protection officer's advice on a breach (GDPR art. 39), in the comment. */
    | 'dpoAdvice'
    /** A file attached as evidence (#20): its name and SHA-256 in the changes. */
    | 'evidenceAdded'
    /** The retention period ended: personal data and free text replaced (`npm run retention`). */
    | 'anonymised';
  /** Field → [before, after] for what changed. */
  changes: Record<string, [unknown, unknown]>;
  comment?: string;
}

/** True while an incident is in the coordinator's open list. */
export const isOpen = (state: IncidentState): boolean => state !== 'closed' && state !== 'notAnIncident';
