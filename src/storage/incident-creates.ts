import type { TableClient, TransactionAction } from '@azure/data-tables';
import { ConflictError, NotFoundError, StorageUnavailableError } from '../errors';
import type { HistoryEntry, Incident } from '../features/incidents/model';
import { formatNumber } from '../features/incidents/numbering';
import type { NewIncident } from '../features/incidents/repository';
import { isConflict, isNotFound, isRefusedGroup, isRestError, rethrowStorageError } from './errors';
import type { Announcement } from './incident-lists';
import { COUNTER, historyKey, historyRow, incidentKey, incidentRow, submissionKey, yearKey } from './incident-rows';

/** One caller's create: the report, its double-submit key and the first history entry. */
export interface CreateRequest {
  draft: NewIncident;
  submissionKey: string;
  firstEntry: Omit<HistoryEntry, 'version'>;
}

export interface CreateResult {
  incident: Incident;
  created: boolean;
}

/** What the create path needs besides the `Incidents` table. */
export interface CreateHooks {
  /** Announces the new incidents in their lists; runs before the transaction that stores them. */
  announce(incidents: Incident[]): Promise<Announcement>;
  /** The incident an earlier submission with this key created in that year, if any. */
  bySubmission(year: number, key: string): Promise<Incident | undefined>;
}

interface Counter {
  last: number;
  etag?: string;
}

interface Waiting extends CreateRequest {
  resolve(result: CreateResult): void;
  reject(error: unknown): void;
}

/** The waiting requests that share one submission key: one incident between them, every caller answered. */
class Submission {
  done = false;
  readonly callers: Waiting[] = [];
  constructor(readonly first: Waiting) {}

  get key(): string {
    return this.first.submissionKey;
  }

  /** The first caller hears `created` (and so notifies the coordinators); a repeat in the same group never does. */
  settle(incident: Incident, created: boolean): void {
    this.done = true;
    this.callers.forEach((caller, i) => caller.resolve({ incident, created: created && i === 0 }));
  }

  fail(error: unknown): void {
    this.done = true;
    const failure = asDomainError(error);
    for (const caller of this.callers) caller.reject(failure);
  }
}

/** A transaction holds at most 100 entities: the counter plus three rows per incident. */
const MAX_GROUP = 33;
/** A transaction carries at most 4 MiB; the estimate below is generous, and this leaves room for the framing. */
const MAX_GROUP_BYTES = 3_000_000;
const MAX_ATTEMPTS = 20;

/** Bytes a submission adds to a transaction: its JSON may be escaped once more in the body, plus headers per row. */
const estimatedBytes = (request: CreateRequest): number =>
  2 * Buffer.byteLength(JSON.stringify(request.draft)) +
  2 * Buffer.byteLength(JSON.stringify(request.firstEntry)) +
  3_000;

/** A 400 or 413 refuses one entity (e.g. a property over 64 KiB): the others of its transaction can still be stored. */
export const isRefused = (error: unknown): boolean => isRestError(error) && [400, 413].includes(error.statusCode ?? 0);

function asDomainError(error: unknown): unknown {
  if (error instanceof ConflictError || error instanceof StorageUnavailableError || error instanceof NotFoundError)
    return error;
  try {
    rethrowStorageError(error, 'incident');
  } catch (translated) {
    return translated;
  }
}

/**
 * Creates incidents by group commit, per year inside this instance.
 *
 * @remarks Every create moves the year's counter row, so creates cannot run side by side. Instead,
 * while one transaction is in flight the next creates wait, and when it ends ALL waiting ones of
 * that year (up to 33, or about 3 MB) are stored in ONE entity-group transaction: the counter moves
 * by N, and each incident brings its incident, first history and submission rows. The transaction
 * is all or nothing, so numbers stay gap-free and a failure leaves no half-written record.
 *
 * Double submits: requests with the same submission key in one group become one incident (the
 * first caller hears `created`, the others get the same incident). A key stored earlier, by this
 * or another instance, makes the group's transaction conflict on its submission row; the group
 * then looks up every key, answers the repeats with the stored incident and stores the rest again.
 * A conflict that no repeat and no move of the counter explains, or any failure storage answers
 * that one row can cause (`isRefusedGroup`: 400, 413, Azurite's 500 for a body it cannot parse),
 * is one request's problem: the group is then stored one by one, so only that caller gets the
 * error. Storage being unreachable fails every caller of the group with `StorageUnavailableError`
 * (the transaction may or may not have landed; a retry with the same key finds out).
 *
 * The group's list rows are announced before its transaction and confirmed after the callers have
 * their answer (see `IncidentLists`). The counter row's eTag from the last transaction is kept, so a
 * busy year needs no counter read per group; another instance's create makes it stale (412), and
 * the group reads it again.
 */
export class IncidentCreates {
  private readonly waiting = new Map<number, Waiting[]>();
  private readonly counters = new Map<number, Counter>();

  constructor(
    private readonly incidents: TableClient,
    private readonly hooks: CreateHooks,
  ) {}

  create(year: number, request: CreateRequest): Promise<CreateResult> {
    return new Promise<CreateResult>((resolve, reject) => {
      const queue = this.waiting.get(year);
      if (queue) {
        queue.push({ ...request, resolve, reject });
        return;
      }
      this.waiting.set(year, [{ ...request, resolve, reject }]);
      void this.drain(year);
    });
  }

  private async drain(year: number): Promise<void> {
    const queue = this.waiting.get(year) as Waiting[];
    while (queue.length > 0) {
      const group = takeGroup(queue);
      try {
        await this.store(year, group);
      } catch (error) {
        for (const submission of group) if (!submission.done) submission.fail(error);
      }
    }
    this.waiting.delete(year);
  }

  /** Stores a group in as few transactions as it takes, settling each submission as it is decided. */
  private async store(year: number, group: Submission[]): Promise<void> {
    let remaining = group;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new ConflictError('incident number');
      const counter = this.counters.get(year) ?? (await this.readCounter(year));
      const incidents = remaining.map((submission, i) => numbered(submission.first.draft, year, counter.last + 1 + i));
      try {
        const announcement = await this.hooks.announce(incidents);
        const response = await this.incidents.submitTransaction(this.actions(year, counter, remaining, incidents));
        this.counters.set(year, { last: counter.last + remaining.length, etag: response.subResponses[0]?.etag });
        remaining.forEach((submission, i) => submission.settle(incidents[i] as Incident, true));
        void announcement.confirm(); // the callers have their answer; the lists settle behind it
        return;
      } catch (error) {
        this.counters.delete(year);
        // The announced rows stay pending, for readers to check: another instance's create of the same
        // numbers may rely on the very rows (same keys), and this one may have landed if unreachable.
        if (!isConflict(error)) {
          if (remaining.length > 1 && isRefusedGroup(error)) return this.oneByOne(year, remaining);
          throw error;
        }
      }
      // Some of these were stored before (double click, Teams' retry, another instance), or another
      // instance took the numbers: answer the repeats, number the rest again.
      const earlier = await Promise.all(remaining.map((submission) => this.hooks.bySubmission(year, submission.key)));
      remaining.forEach((submission, i) => {
        const found = earlier[i];
        // Our own transaction may have landed with its answer lost (the client then retried it):
        // the stored incident is exactly the one numbered here, and this caller did create it.
        if (found) submission.settle(found, JSON.stringify(found) === JSON.stringify(incidents[i]));
      });
      const rest = remaining.filter((submission) => !submission.done);
      if (rest.length === 0) return;
      const now = await this.readCounter(year);
      this.counters.set(year, now);
      if (rest.length === remaining.length && now.last === counter.last && now.etag === counter.etag) {
        // Neither a repeat nor another instance explains it: one of these rows conflicts by itself.
        if (rest.length === 1) throw new ConflictError('incident number');
        return this.oneByOne(year, rest);
      }
      remaining = rest;
    }
  }

  /** One transaction per submission, so that one refused or conflicting row fails only its own caller. */
  private async oneByOne(year: number, group: Submission[]): Promise<void> {
    for (const submission of group) {
      try {
        await this.store(year, [submission]);
      } catch (error) {
        submission.fail(error);
      }
    }
  }

  private actions(year: number, counter: Counter, group: Submission[], incidents: Incident[]): TransactionAction[] {
    const partitionKey = yearKey(year);
    const last = counter.last + group.length;
    const actions: TransactionAction[] = [
      counter.etag
        ? ['update', { partitionKey, rowKey: COUNTER, last }, 'Replace', { etag: counter.etag }]
        : ['create', { partitionKey, rowKey: COUNTER, last }],
    ];
    group.forEach((submission, i) => {
      const incident = incidents[i] as Incident;
      const entry = { ...submission.first.firstEntry, version: 1 };
      actions.push(
        ['create', { partitionKey, rowKey: incidentKey(incident.seq), ...incidentRow(incident) }],
        ['create', { partitionKey, rowKey: historyKey(incident.seq, 1), ...historyRow(entry) }],
        ['create', { partitionKey, rowKey: submissionKey(submission.key), seq: incident.seq }],
      );
    });
    return actions;
  }

  private async readCounter(year: number): Promise<Counter> {
    try {
      const row = await this.incidents.getEntity<{ last: number }>(yearKey(year), COUNTER);
      return { last: Number(row.last), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return { last: 0 };
      rethrowStorageError(error, 'incident counter');
    }
  }
}

const numbered = (draft: NewIncident, year: number, seq: number): Incident => ({
  ...draft,
  number: formatNumber(year, seq),
  year,
  seq,
  version: 1,
});

/** Takes the next group off the queue: every waiting request, up to what one transaction holds. */
function takeGroup(queue: Waiting[]): Submission[] {
  const byKey = new Map<string, Submission>();
  let bytes = 0;
  while (queue.length > 0) {
    const next = queue[0] as Waiting;
    let submission = byKey.get(next.submissionKey);
    if (!submission) {
      const size = estimatedBytes(next);
      if (byKey.size > 0 && (byKey.size >= MAX_GROUP || bytes + size > MAX_GROUP_BYTES)) break;
      bytes += size;
      submission = new Submission(next);
      byKey.set(next.submissionKey, submission);
    }
    submission.callers.push(next);
    queue.shift();
  }
  return [...byKey.values()];
}
