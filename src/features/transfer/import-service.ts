import { createHash, randomBytes } from 'node:crypto';
import { allSettledOrThrow } from '../../platform/all-settled';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import type { Role } from '../access/roles';
import type { AuditLog } from '../audit/audit-log';
import type { Table } from './limits';
import type { FoundOwner } from './owners';
import { countOutcomes, type ColumnMapping, type ImportPlan, type PlannedRowBase, type RowOutcome } from './plan';
import { cellValue } from './cells';
import { IMPORT_SESSION_HOURS, type ImportKind, type ImportSession, type ImportSessionRepository } from './session';

/** The audit chain every import is recorded in (who, when, the file's hash, the counts; P10). */
export const IMPORTS = 'imports';
/** How many records are written at once (Table Storage takes ~850 writes/s with 8 in flight). */
const IN_FLIGHT = 8;

/** Looks up the people the owner cells name (in Teams); the handler passes it in. */
export type OwnerLookup = (texts: string[]) => Promise<Map<string, FoundOwner>>;

/** Who imports: the coordinator, as the authenticated activity and the role store say. */
export interface ImportActor {
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
}

/** What the import of a file did. */
export interface ImportResult<Row extends PlannedRowBase = PlannedRowBase> {
  session: ImportSession;
  plan: ImportPlan<Row>;
}

/**
 * Imports a file into a register (systems P4, risks #19): keeps the upload, plans the dry run, applies
 * it. A register's import says how a row is planned and written; the rest is this.
 *
 * @remarks Nothing half-imported without a cross-partition transaction: everything is validated
 * before the first write; every write is idempotent (a new record's id comes from the upload and the
 * row's key; a change is a plain "make it so", planned again against the register as it is); the
 * upload is marked `applying` before the first write and `applied` after the last, with the audit
 * record. A fault in between answers "try again", and pressing "Importér" again (the upload is kept
 * 24 hours) finishes the same import: rows already written plan as unchanged. Only the coordinator
 * imports, and only her own uploads of this kind (P10).
 */
export abstract class FileImportService<Row extends PlannedRowBase> {
  protected abstract readonly kind: ImportKind;

  constructor(
    protected readonly sessions: ImportSessionRepository,
    protected readonly audit: Pick<AuditLog, 'appendOnce'>,
    protected readonly clock: Clock,
  ) {}

  /** The columns guessed from the file's headings. */
  protected abstract guess(header: readonly string[]): ColumnMapping;
  /** The dry run of an upload against the register as it is now. */
  protected abstract plan(session: ImportSession): Promise<ImportPlan<Row>>;
  /** Writes one planned `create` or `change` row; safe to repeat. */
  protected abstract writeRow(actor: ImportActor, session: ImportSession, row: Row): Promise<void>;

  /**
   * Completes a row an earlier try wrote but may not have finished (its lists, its audit record): on
   * a retry, a row planned `create` or `change` plans `unchanged` once its record is stored.
   */
  protected async completeRow(_actor: ImportActor, _session: ImportSession, _row: Row): Promise<void> {}

  /** Keeps an uploaded table and its guessed mapping, with the owners looked up, and plans its dry run. */
  async upload(actor: ImportActor, bytes: Buffer, table: Table, findOwners: OwnerLookup): Promise<ImportResult<Row>> {
    this.requireCoordinator(actor);
    const mapping = this.guess(table.header);
    const owners = await this.lookUpOwners(table, mapping.owner, {}, findOwners);
    const now = this.clock.now();
    const draft: ImportSession = {
      id: randomBytes(12).toString('hex'),
      ...(this.kind === 'systems' ? {} : { kind: this.kind }),
      userId: actor.userId,
      userName: actor.name,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + IMPORT_SESSION_HOURS * 3600_000).toISOString(),
      fileHash: createHash('sha256').update(bytes).digest('hex'),
      table,
      mapping,
      owners,
      status: 'planned',
    };
    const plan = await this.plan(draft);
    const session = { ...draft, shown: outcomesOf(plan) };
    await this.sessions.create(session);
    return { session, plan };
  }

  /**
   * The dry run again, with the columns the coordinator chose on the card (`choose`: the mapping from
   * the card's inputs, given the file's number of columns); the people of an owner column chosen now
   * are looked up too.
   */
  async remap(
    actor: ImportActor,
    id: unknown,
    choose: (columns: number) => ColumnMapping,
    findOwners: OwnerLookup,
  ): Promise<ImportResult<Row>> {
    const { session, etag } = await this.open(actor, id);
    if (session.status !== 'planned') return { session, plan: await this.plan(session) };
    const mapping = choose(session.table.header.length);
    const owners = await this.lookUpOwners(session.table, mapping.owner, session.owners, findOwners);
    const plan = await this.plan({ ...session, mapping, owners });
    const stored = await this.sessions.update({ ...session, mapping, owners, shown: outcomesOf(plan) }, etag);
    return { session: stored.session, plan };
  }

  /** Notes that the coordinator's next file in the personal chat is to be imported here (`importér …`). */
  async expectFile(actor: ImportActor, until: string): Promise<void> {
    this.requireCoordinator(actor);
    await this.sessions.expectFile(actor.userId, until, this.kind);
  }

  /** Whether the actor announced a file for this import (takes the note). */
  takeExpected(actor: ImportActor): Promise<boolean> {
    return this.sessions.takeExpected(actor.userId, this.clock.now().toISOString(), this.kind);
  }

  /** The dry run of an upload as the register is now (shown on a card: "Importér" then applies it). */
  async dryRun(actor: ImportActor, id: unknown): Promise<ImportResult<Row>> {
    const { session, etag } = await this.open(actor, id);
    const plan = await this.plan(session);
    if (session.status !== 'planned') return { session, plan };
    try {
      const stored = await this.sessions.update({ ...session, shown: outcomesOf(plan) }, etag);
      return { session: stored.session, plan };
    } catch (error) {
      // Shown by another press at the same moment: the same register, the same outcomes.
      if (error instanceof ConflictError) return { session, plan };
      throw error;
    }
  }

  /**
   * Applies the import the coordinator saw (the outcome of each line, as the card's dry run showed
   * it). A register changed since then is a ConflictError: the card shows the new dry run, and the
   * next press applies that one — also in the middle of an import a fault interrupted, so that no
   * upload is left half-imported for good. Applying an applied import again changes nothing.
   */
  async apply(actor: ImportActor, id: unknown): Promise<ImportResult<Row>> {
    const opened = await this.open(actor, id);
    let { session, etag } = opened;
    const plan = await this.plan(session);
    if (session.status === 'applied') return { session, plan };
    const outcomes = outcomesOf(plan);
    const retry = session.status === 'applying';
    if (!retry) {
      if (session.shown && !sameOutcomes(session.shown, outcomes)) throw new ConflictError('import');
      ({ session, etag } = await this.sessions.update({ ...session, status: 'applying', planned: outcomes }, etag));
    } else if (!sameAsPlanned(session.planned ?? {}, outcomes)) {
      // Rows written by the earlier try stay as they were planned, so the counts say what the import did.
      const planned = Object.fromEntries(
        Object.entries(outcomes).map(([line, outcome]) => [
          line,
          wasWritten(session.planned?.[line], outcome) ? session.planned![line]! : outcome,
        ]),
      );
      await this.sessions.update({ ...session, planned }, etag);
      throw new ConflictError('import');
    }
    const work = plan.rows.filter((row) => row.outcome === 'create' || row.outcome === 'change');
    for (let i = 0; i < work.length; i += IN_FLIGHT)
      await allSettledOrThrow(work.slice(i, i + IN_FLIGHT).map((row) => this.writeRow(actor, session, row)));
    const written = retry
      ? plan.rows.filter((row) => wasWritten(session.planned?.[String(row.line)], row.outcome))
      : [];
    for (let i = 0; i < written.length; i += IN_FLIGHT)
      await allSettledOrThrow(written.slice(i, i + IN_FLIGHT).map((row) => this.completeRow(actor, session, row)));
    const counts = countOutcomes(Object.values(session.planned ?? outcomes));
    await this.audit.appendOnce(IMPORTS, {
      key: `import/${session.id}`,
      actor: actor.userId,
      actorName: actor.name,
      action: `${this.kind}.imported`,
      subject: session.id,
      details: { fileHash: session.fileHash, rows: session.table.rows.length, counts },
    });
    const applied = { ...session, status: 'applied' as const, applied: { at: this.clock.now().toISOString(), counts } };
    const stored = await this.sessions.update(applied, etag);
    return { session: stored.session, plan };
  }

  /** The owner column's distinct cells looked up in Teams, besides those `known` already (each looked up once). */
  private async lookUpOwners(
    table: Table,
    column: number | undefined,
    known: ImportSession['owners'],
    findOwners: OwnerLookup,
  ): Promise<ImportSession['owners']> {
    if (column === undefined) return known;
    const texts = [...new Set(table.rows.map((row) => cellValue(row[column]).toLowerCase()).filter(Boolean))];
    const missing = texts.filter((text) => !(text in known)).slice(0, 300);
    if (missing.length === 0) return known;
    const found = await findOwners(missing);
    return { ...known, ...Object.fromEntries(missing.map((text) => [text, found.get(text) ?? null])) };
  }

  /** The actor's own unexpired upload of this kind; anything else does not exist for them (P10). */
  private async open(actor: ImportActor, id: unknown) {
    this.requireCoordinator(actor);
    const stored = typeof id === 'string' ? await this.sessions.get(id) : undefined;
    if (
      !stored ||
      (stored.session.kind ?? 'systems') !== this.kind ||
      stored.session.userId !== actor.userId ||
      stored.session.expiresAt < this.clock.now().toISOString()
    )
      throw new NotFoundError('import');
    return stored;
  }

  private requireCoordinator(actor: ImportActor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError(`import ${this.kind}`);
  }
}

/** The outcome of each line of a dry run, by line. */
const outcomesOf = (plan: ImportPlan): Record<string, RowOutcome> =>
  Object.fromEntries(plan.rows.map((row) => [String(row.line), row.outcome]));

/** Whether two dry runs have the same outcome on every line. */
const sameOutcomes = (a: Record<string, RowOutcome>, b: Record<string, RowOutcome>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([line, outcome]) => b[line] === outcome);

/** A line planned to be written that now plans `unchanged`: an earlier try of the import wrote it. */
const wasWritten = (planned: RowOutcome | undefined, now: RowOutcome): boolean =>
  now === 'unchanged' && (planned === 'create' || planned === 'change');

/** A re-planned import matches what was shown when every row either is as planned or was written already. */
const sameAsPlanned = (planned: Record<string, RowOutcome>, now: Record<string, RowOutcome>): boolean =>
  Object.entries(now).every(([line, outcome]) => planned[line] === outcome || wasWritten(planned[line], outcome));
