import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../errors';
import type { AuditLog } from '../../audit/audit-log';
import { criticalityState, DECISIONS, decisionEvent } from '../../audit/decision-records';
import type { SystemHistoryEntry, SystemRecord } from '../model';
import type { SystemRepository } from '../repository';
import type { SystemActor } from '../service';
import type { ColumnMapping } from './columns';
import { guessMapping } from './columns';
import type { Table } from './limits';
import { planImport, type FoundOwner, type ImportPlan, type PlannedRow, type SystemPatch } from './plan';
import { cellValue } from './row-values';
import { IMPORT_SESSION_HOURS, type ImportSession, type ImportSessionRepository } from './session';

/** The audit chain every import is recorded in (who, when, the file's hash, the counts; P10). */
export const IMPORTS = 'imports';
/** How many systems are written at once (Table Storage takes ~850 writes/s with 8 in flight). */
const IN_FLIGHT = 8;
/** The register as an import reads it (sized for 1,000 systems). */
const REGISTER_LIMIT = 5000;

/** Looks up the people the owner cells name (in Teams); the handler passes it in. */
export type OwnerLookup = (texts: string[]) => Promise<Map<string, FoundOwner>>;

/** What the import of a file did. */
export interface ImportResult {
  session: ImportSession;
  plan: ImportPlan;
}

/**
 * Imports the system register from a file (P4): keeps the upload, plans the dry run, applies it.
 *
 * @remarks Nothing half-imported without a cross-partition transaction: everything is validated
 * before the first write; every write is idempotent (a new system's id comes from the upload and
 * the row's key; a change is a plain "make it so", planned again against the register as it is);
 * the upload is marked `applying` before the first write and `applied` after the last, with the
 * audit record. A fault in between answers "try again", and pressing "Importér" again (the upload is
 * kept 24 hours) finishes the same import: rows already written plan as
 * unchanged. Only the coordinator imports (P10).
 */
export class RegisterImportService {
  constructor(
    private readonly systems: SystemRepository,
    private readonly sessions: ImportSessionRepository,
    private readonly audit: Pick<AuditLog, 'appendOnce'>,
    private readonly clock: Clock,
  ) {}

  /** Keeps an uploaded table and its guessed mapping, with the owners looked up, and plans its dry run. */
  async upload(actor: SystemActor, bytes: Buffer, table: Table, findOwners: OwnerLookup): Promise<ImportResult> {
    this.requireCoordinator(actor);
    const mapping = guessMapping(table.header);
    const owners = await this.lookUpOwners(table, mapping.owner, {}, findOwners);
    const now = this.clock.now();
    const session: ImportSession = {
      id: randomBytes(12).toString('hex'),
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
    await this.sessions.create(session);
    return { session, plan: await this.plan(session) };
  }

  /**
   * The dry run again, with the columns the coordinator chose on the card (`choose`: the mapping from
   * the card's inputs, given the file's number of columns); the people of an owner column chosen now
   * are looked up too.
   */
  async remap(
    actor: SystemActor,
    id: unknown,
    choose: (columns: number) => ColumnMapping,
    findOwners: OwnerLookup,
  ): Promise<ImportResult> {
    const { session, etag } = await this.open(actor, id);
    if (session.status !== 'planned') return { session, plan: await this.plan(session) };
    const mapping = choose(session.table.header.length);
    const owners = await this.lookUpOwners(session.table, mapping.owner, session.owners, findOwners);
    const stored = await this.sessions.update({ ...session, mapping, owners }, etag);
    return { session: stored.session, plan: await this.plan(stored.session) };
  }

  /** Notes that the coordinator's next file in the personal chat is a register file (`importér systemer`). */
  async expectFile(actor: SystemActor, until: string): Promise<void> {
    this.requireCoordinator(actor);
    await this.sessions.expectFile(actor.userId, until);
  }

  /** Whether the actor announced a register file (takes the note). */
  takeExpected(actor: SystemActor): Promise<boolean> {
    return this.sessions.takeExpected(actor.userId, this.clock.now().toISOString());
  }

  /** The dry run of an upload as the register is now. */
  async dryRun(actor: SystemActor, id: unknown): Promise<ImportResult> {
    const { session } = await this.open(actor, id);
    return { session, plan: await this.plan(session) };
  }

  /**
   * Applies the import the coordinator saw (`seen`: the planned outcome of each line, as the card's
   * dry run showed it). A register changed since then is a ConflictError: the card shows the new
   * dry run to confirm. Applying an applied import again changes nothing.
   */
  async apply(actor: SystemActor, id: unknown): Promise<ImportResult> {
    const opened = await this.open(actor, id);
    let { session, etag } = opened;
    const plan = await this.plan(session);
    if (session.status === 'applied') return { session, plan };
    const outcomes = Object.fromEntries(plan.rows.map((row) => [String(row.line), row.outcome]));
    if (session.status === 'planned') {
      ({ session, etag } = await this.sessions.update({ ...session, status: 'applying', planned: outcomes }, etag));
    } else if (!sameAsPlanned(session.planned ?? {}, outcomes)) {
      throw new ConflictError('import');
    }
    await this.write(actor, session, plan.rows);
    const counts = countOf(session.planned ?? outcomes);
    await this.audit.appendOnce(IMPORTS, {
      key: `import/${session.id}`,
      actor: actor.userId,
      actorName: actor.name,
      action: 'systems.imported',
      subject: session.id,
      details: { fileHash: session.fileHash, rows: session.table.rows.length, counts },
    });
    const applied = { ...session, status: 'applied' as const, applied: { at: this.clock.now().toISOString(), counts } };
    const stored = await this.sessions.update(applied, etag);
    return { session: stored.session, plan };
  }

  private async write(actor: SystemActor, session: ImportSession, rows: PlannedRow[]): Promise<void> {
    const work = rows.filter((row) => row.outcome === 'create' || row.outcome === 'change');
    for (let i = 0; i < work.length; i += IN_FLIGHT)
      await Promise.all(work.slice(i, i + IN_FLIGHT).map((row) => this.writeRow(actor, session, row)));
  }

  private async writeRow(actor: SystemActor, session: ImportSession, row: PlannedRow): Promise<void> {
    const now = this.clock.now().toISOString();
    const comment = `import ${session.id.slice(0, 8)}, line ${row.line}`;
    if (row.outcome === 'create') {
      const id = createHash('sha256').update(`${session.id}/${row.key}`).digest('hex').slice(0, 12);
      const system = patched(
        { id, version: 1, createdAt: now, createdBy: actor.name } as SystemRecord,
        row.patch,
        actor,
        now,
      );
      const entry: SystemHistoryEntry = {
        version: 1,
        at: now,
        by: actor.userId,
        byName: actor.name,
        action: 'imported',
        changes: changesOf(undefined, system),
        comment,
      };
      try {
        await this.systems.create(system, entry);
      } catch (error) {
        // Written by an earlier attempt of this import: the same id holds it.
        if (!(error instanceof ConflictError) || !(await this.systems.get(id))) throw error;
      }
      return this.auditCategory(actor, system, row.patch);
    }
    const stored = await this.systems.get(row.systemId as string);
    if (!stored) throw new ConflictError('import');
    const { system, etag } = stored;
    const next = { ...patched(system, row.patch, actor, now), version: system.version + 1 };
    const entry: SystemHistoryEntry = {
      version: next.version,
      at: now,
      by: actor.userId,
      byName: actor.name,
      action: 'imported',
      changes: changesOf(system, next),
      comment,
    };
    const updated = (await this.systems.update(next, etag, entry, system)).system;
    await this.auditCategory(actor, updated, row.patch);
  }

  /** A category set by the import is a criticality decision of the coordinator's, recorded as one (P4, P10). */
  private async auditCategory(actor: SystemActor, system: SystemRecord, patch: SystemPatch): Promise<void> {
    if (!patch.category) return;
    await this.audit.appendOnce(
      DECISIONS,
      decisionEvent(
        criticalityState(system),
        { userId: actor.userId, name: actor.name },
        { category: system.criticality?.category, proposed: system.criticality?.proposed },
        system.version,
      ),
    );
  }

  /** Every system of the register, in full (the import compares with it, the export writes it). */
  async registerSystems(): Promise<SystemRecord[]> {
    const items = await this.systems.listRegister(undefined, REGISTER_LIMIT);
    const systems: SystemRecord[] = [];
    for (let i = 0; i < items.length; i += 16) {
      const read = await Promise.all(
        items.slice(i, i + 16).map(async (item) => (await this.systems.get(item.id))?.system),
      );
      for (const system of read) if (system) systems.push(system);
    }
    return systems;
  }

  private async plan(session: ImportSession): Promise<ImportPlan> {
    const systems = await this.registerSystems();
    const owners = new Map(Object.entries(session.owners).map(([text, found]) => [text, found ?? undefined]));
    return planImport(session.table, session.mapping, { systems, owners });
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

  private async open(actor: SystemActor, id: unknown) {
    this.requireCoordinator(actor);
    const stored = typeof id === 'string' ? await this.sessions.get(id) : undefined;
    if (!stored || stored.session.userId !== actor.userId || stored.session.expiresAt < this.clock.now().toISOString())
      throw new NotFoundError('import');
    return stored;
  }

  private requireCoordinator(actor: SystemActor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('import systems');
  }
}

/** A re-planned import matches what was shown when every row either is as planned or was written already. */
const sameAsPlanned = (planned: Record<string, string>, now: Record<string, string>): boolean =>
  Object.entries(now).every(
    ([line, outcome]) =>
      planned[line] === outcome ||
      (outcome === 'unchanged' && (planned[line] === 'create' || planned[line] === 'change')),
  );

const countOf = (outcomes: Record<string, string>) => {
  const counts = { create: 0, change: 0, unchanged: 0, refused: 0 };
  for (const outcome of Object.values(outcomes)) counts[outcome as keyof typeof counts]++;
  return counts;
};

/** The system with the row's fields set; a category from the file is the coordinator's confirmed category. */
function patched(system: SystemRecord, patch: SystemPatch, actor: SystemActor, now: string): SystemRecord {
  const { category, contingencyPlanUrl, ...fields } = patch;
  const next: SystemRecord = { ...system, ...fields };
  if (contingencyPlanUrl !== undefined) next.contingencyPlanUrl = contingencyPlanUrl ?? undefined;
  if (category)
    next.criticality = {
      ...system.criticality,
      proposed: system.criticality?.proposed ?? category,
      reasons: system.criticality?.reasons ?? [],
      category,
      overrideReason: undefined,
      answeredBy: system.criticality?.answeredBy ?? actor.name,
      answeredAt: system.criticality?.answeredAt ?? now,
      confirmedBy: actor.name,
      confirmedAt: now,
    };
  return next;
}

const fieldsShown = [
  'name',
  'kitosUuid',
  'purpose',
  'supplier',
  'ownerName',
  'contingencyPlanUrl',
  'personalData',
  'personalDataKinds',
] as const;

function changesOf(before: SystemRecord | undefined, after: SystemRecord): SystemHistoryEntry['changes'] {
  const changes: SystemHistoryEntry['changes'] = {};
  for (const key of fieldsShown)
    if (JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after[key] ?? null))
      changes[key] = [before?.[key] ?? null, after[key] ?? null];
  const category = [before?.criticality?.category ?? null, after.criticality?.category ?? null];
  if (category[0] !== category[1]) changes.category = category as [unknown, unknown];
  return changes;
}
