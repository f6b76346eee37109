import { createHash } from 'node:crypto';
import type { Clock } from '../../../clock';
import type { AuditLog } from '../../audit/audit-log';
import { FileImportService, type ImportActor } from '../../transfer/import-service';
import { readEach } from '../../transfer/read-each';
import { cellValue } from '../../transfer/cells';
import type { ImportPlan } from '../../transfer/plan';
import type { ImportSession, ImportSessionRepository } from '../../transfer/session';
import type { RiskRecord } from '../model';
import type { RiskRepository } from '../repository';
import type { RiskService, SystemDirectory } from '../service';
import { guessRiskMapping } from './columns';
import { planRiskImport, type PlannedRiskRow } from './plan';
import { titleKey } from './row-match';
import { riskIdOf } from './row-values';

/** The systems of the register an import can name (sized for 1,000 systems). */
export const SYSTEMS_LIMIT = 5000;
/** Reads risks in full, a few at a time; ids not stored are left out. */
export const readRisks = (repo: Pick<RiskRepository, 'get'>, ids: readonly string[]): Promise<RiskRecord[]> =>
  readEach(ids, async (id) => (await repo.get(id))?.risk);

/**
 * Imports risks from a file (#19): rows planned by {@link planRiskImport} against the risks the file
 * names, written through {@link RiskService.imported} (the register's rules, history and audit chain);
 * the upload, the dry run and nothing half-imported are {@link FileImportService}'s.
 *
 * @remarks Reads stay in proportion to the file: the register's list (one partition) to find the
 * risks by title, then only those risks, and those the Risiko-ID column names, in full.
 */
export class RiskImportService extends FileImportService<PlannedRiskRow> {
  protected readonly kind = 'risks' as const;

  constructor(
    private readonly repo: Pick<RiskRepository, 'get' | 'listAll'>,
    private readonly risks: Pick<RiskService, 'imported' | 'completeImported'>,
    private readonly systems: Pick<SystemDirectory, 'choices'>,
    sessions: ImportSessionRepository,
    audit: Pick<AuditLog, 'appendOnce'>,
    clock: Clock,
  ) {
    super(sessions, audit, clock);
  }

  protected guess(header: readonly string[]) {
    return guessRiskMapping(header);
  }

  protected async plan(session: ImportSession): Promise<ImportPlan<PlannedRiskRow>> {
    const { table, mapping } = session;
    const cell = (row: string[], column: number | undefined) => (column === undefined ? '' : cellValue(row[column]));
    const titles = new Set(table.rows.map((row) => titleKey(cell(row, mapping.title))).filter(Boolean));
    const ids = new Set(table.rows.flatMap((row) => riskIdOf(cell(row, mapping.riskId))?.id ?? []));
    const [items, systems] = await Promise.all([this.repo.listAll(), this.systems.choices(SYSTEMS_LIMIT)]);
    for (const item of items) if (titles.has(titleKey(item.title))) ids.add(item.id);
    const owners = new Map(Object.entries(session.owners).map(([text, found]) => [text, found ?? undefined]));
    return planRiskImport(table, mapping, {
      risks: await readRisks(this.repo, [...ids]),
      systems,
      owners,
      now: this.clock.now(),
    });
  }

  /**
   * A new risk's id comes from the upload and the row's key: a retry of the same import writes the
   * same risk once. (From the key alone, a risk renamed since would take a later import's new risk.)
   */
  protected async writeRow(actor: ImportActor, session: ImportSession, row: PlannedRiskRow): Promise<void> {
    const create = row.outcome === 'create';
    await this.risks.imported(actor, {
      id: create ? createHash('sha256').update(`${session.id}/${row.key}`).digest('hex').slice(0, 12) : row.riskId!,
      create,
      version: row.version,
      details: row.details,
      assessment: row.assessment,
      comment: `import ${session.id.slice(0, 8)}, line ${row.line}`,
    });
  }

  protected override async completeRow(
    actor: ImportActor,
    _session: ImportSession,
    row: PlannedRiskRow,
  ): Promise<void> {
    if (row.riskId) await this.risks.completeImported(actor, row.riskId);
  }
}
