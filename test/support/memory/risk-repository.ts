import { listItemOf } from '../../../src/features/risks/level';
import {
  countsDelta,
  registerEntry,
  reviewPageOf,
  type RegisterCounts,
  type RegisterEntry,
  type RiskReviewPage,
} from '../../../src/features/risks/register-index';
import { openRiskMeasures } from '../../../src/features/risks/measures-list';
import type { OpenMeasure } from '../../../src/features/measures/parent';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from '../../../src/features/risks/model';
import type { RiskRepository, StoredRisk } from '../../../src/features/risks/repository';
import { ConflictError } from '../../../src/errors';
import { MemoryRows, pageOf } from './rows';

/** The risk register in memory, held to the contract of `TableRiskRepository`. */
export class MemoryRiskRepository implements RiskRepository {
  private readonly risks = new MemoryRows<RiskRecord>();
  private readonly histories = new Map<string, RiskHistoryEntry[]>();
  /** The register's entries as the table keeps them (a level change dated by the write that made it). */
  private readonly entries = new Map<string, RegisterEntry>();

  async create(risk: RiskRecord, entry: RiskHistoryEntry): Promise<void> {
    this.risks.create(risk.id, risk);
    this.entries.set(risk.id, registerEntry(risk, undefined));
    this.histories.set(risk.id, [JSON.parse(JSON.stringify(entry)) as RiskHistoryEntry]);
  }

  async get(id: string): Promise<StoredRisk | undefined> {
    const row = this.risks.get(id);
    return row && { risk: row.value, etag: row.etag };
  }

  async update(next: RiskRecord, etag: string, entry: RiskHistoryEntry): Promise<StoredRisk> {
    const history = this.histories.get(next.id) ?? [];
    if (history.some((kept) => kept.version === entry.version)) throw new ConflictError(next.id);
    const newEtag = this.risks.replace(next.id, next, etag);
    history.push(JSON.parse(JSON.stringify(entry)) as RiskHistoryEntry);
    this.entries.set(next.id, registerEntry(next, this.entries.get(next.id)));
    return { risk: JSON.parse(JSON.stringify(next)) as RiskRecord, etag: newEtag };
  }

  async repair(): Promise<void> {
    // Lists are derived on read here: nothing to put in step.
  }

  async history(id: string): Promise<RiskHistoryEntry[]> {
    return [...(this.histories.get(id) ?? [])].sort((a, b) => a.version - b.version);
  }

  async list(after: string | undefined, limit: number): Promise<RiskListItem[]> {
    return pageOf(this.items(), (item) => item.id, after, limit);
  }

  async listForSystem(systemId: string): Promise<RiskListItem[]> {
    return this.risks
      .values()
      .filter((risk) => risk.systemIds.includes(systemId))
      .map(listItemOf);
  }

  async listAll(): Promise<RiskListItem[]> {
    return this.items();
  }

  async heatMap(): Promise<RegisterCounts> {
    return countsDelta(undefined, this.items());
  }

  async rebuildHeatMap(): Promise<RegisterCounts> {
    return this.heatMap();
  }

  async review(today: string, since: string | undefined, limit: number): Promise<RiskReviewPage> {
    const risks = new Map(this.risks.values().map((risk) => [risk.id, risk]));
    return reviewPageOf(this.items(), risks, today, since, limit);
  }

  async openMeasures(): Promise<OpenMeasure[]> {
    return this.risks.values().flatMap(openRiskMeasures);
  }

  private items(): RegisterEntry[] {
    return this.risks.values().map((risk) => this.entries.get(risk.id)!);
  }
}
