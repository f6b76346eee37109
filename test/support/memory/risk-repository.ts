import { heatMapDelta, listItemOf, type HeatMapCounts } from '../../../src/features/risks/level';
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

  async create(risk: RiskRecord, entry: RiskHistoryEntry): Promise<void> {
    this.risks.create(risk.id, risk);
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

  async heatMap(): Promise<HeatMapCounts> {
    return heatMapDelta(undefined, this.items());
  }

  async rebuildHeatMap(): Promise<HeatMapCounts> {
    return this.heatMap();
  }

  async openMeasures(): Promise<OpenMeasure[]> {
    return this.risks.values().flatMap(openRiskMeasures);
  }

  private items(): RiskListItem[] {
    return this.risks.values().map(listItemOf);
  }
}
