import { createHash } from 'node:crypto';
import type { Clock } from '../../../clock';
import { ConflictError } from '../../../errors';
import type { AuditLog } from '../../audit/audit-log';
import { criticalityDecision, DECISIONS } from '../../audit/decision-records';
import { FileImportService, type ImportActor } from '../../transfer/import-service';
import { readEach } from '../../transfer/read-each';
import type { ImportSession, ImportSessionRepository } from '../../transfer/session';
import type { SystemHistoryEntry, SystemRecord } from '../model';
import type { SystemRepository } from '../repository';
import type { SystemActor } from '../service';
import { guessMapping } from './columns';
import { planImport, type ImportPlan, type PlannedRow, type SystemPatch } from './plan';

export { IMPORTS, type ImportResult, type OwnerLookup } from '../../transfer/import-service';

/** The register as an import reads it (sized for 1,000 systems). */
const REGISTER_LIMIT = 5000;

/**
 * Imports the system register from a file (P4): the register's rows planned by {@link planImport},
 * written as the register form writes them, each with an `imported` history entry; the rest (the
 * upload, the dry run, nothing half-imported, the audit record) is {@link FileImportService}'s.
 */
export class RegisterImportService extends FileImportService<PlannedRow> {
  protected readonly kind = 'systems' as const;

  constructor(
    private readonly systems: SystemRepository,
    sessions: ImportSessionRepository,
    audit: Pick<AuditLog, 'appendOnce'>,
    clock: Clock,
  ) {
    super(sessions, audit, clock);
  }

  protected guess(header: readonly string[]) {
    return guessMapping(header);
  }

  protected async writeRow(actor: ImportActor, session: ImportSession, row: PlannedRow): Promise<void> {
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
      if (row.patch.category) await this.auditCategory(actor, system);
      return;
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
    if (row.patch.category) await this.auditCategory(actor, updated);
  }

  /**
   * Completes a system an earlier try of this import wrote: the decision record of the category it set,
   * which a fault after the system was stored may have left unwritten (it plans unchanged by now).
   */
  protected override async completeRow(actor: ImportActor, session: ImportSession, row: PlannedRow): Promise<void> {
    const stored = row.systemId ? await this.systems.get(row.systemId) : undefined;
    if (!stored) return;
    const { system } = stored;
    const last = (await this.systems.history(system.id)).find((entry) => entry.version === system.version);
    const ours = last?.action === 'imported' && last.comment?.startsWith(`import ${session.id.slice(0, 8)},`);
    if (ours && last.changes.category) await this.auditCategory(actor, system);
  }

  /** A category set by the import is a criticality decision of the coordinator's, recorded as one (P4, P10). */
  private async auditCategory(actor: SystemActor, system: SystemRecord): Promise<void> {
    await this.audit.appendOnce(DECISIONS, criticalityDecision(system, { userId: actor.userId, name: actor.name }));
  }

  /** Every system of the register, in full (the import compares with it, the export writes it). */
  async registerSystems(): Promise<SystemRecord[]> {
    const items = await this.systems.listRegister(undefined, REGISTER_LIMIT);
    return readEach(
      items.map((item) => item.id),
      async (id) => (await this.systems.get(id))?.system,
    );
  }

  protected async plan(session: ImportSession): Promise<ImportPlan> {
    const systems = await this.registerSystems();
    const owners = new Map(Object.entries(session.owners).map(([text, found]) => [text, found ?? undefined]));
    return planImport(session.table, session.mapping, { systems, owners });
  }
}

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
