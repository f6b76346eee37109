/**
 * Builds the risk rows of the table layout `TableRiskRepository` writes (see its @remarks), through
 * the same row builders (`risk-rows.ts`): per risk its record and first history row (its partition),
 * its row of the register (`all`) and of each system it concerns (`sys_<id>`), a row per open
 * treatment measure (`measures`), and the heat map's counts — the state the repository leaves once a
 * write is settled. Only builds them: `seed-api.ts` (or a test) stores them.
 */
import { randomBytes } from 'node:crypto';
import { countsDelta, registerEntry, reviewRows, type RegisterEntry } from '../../src/features/risks/register-index';
import { openRiskMeasures } from '../../src/features/risks/measures-list';
import { riskAreas, type RiskHistoryEntry, type RiskRecord, type ScaleValue } from '../../src/features/risks/model';
import {
  countsRow,
  historyRow,
  measureRow,
  recordRow,
  registerRow,
  reviewRow,
  systemRow,
} from '../../src/storage/risk-rows';
import { entityCount, PartitionCollector, type SeedPartition } from './seed-rows';
import type { SeededSystemRef } from './seed-systems';

/** What the risk rows hold. */
export interface RiskSet {
  risks: number;
  /** Risks past their review date, and with an expired acceptance. */
  overdue: number;
  expired: number;
  openMeasures: number;
  /** Rows of the register's partition: one per risk, its rows in the review's lists, and the counts. */
  registerRows: number;
  entities: number;
}

/** A deterministic pseudo-random source (same levels and dates every run). */
function random(seed: number): () => number {
  let state = (seed * 7 + 3) >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const day = (from: Date, days: number): string =>
  new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Builds `count` risks: four in five concern one of `systems` (every tenth two), the rest an area;
 * nine in ten assessed, with a next review date within a year either side of `now` (so about half
 * are past it); every twentieth accepted, half of those expired; every tenth with an open treatment
 * measure. Partitions of kind `risk` (one per risk), `risk-register`, `risk-system` and `risk-measures`.
 */
export function riskRows(
  count: number,
  systems: readonly SeededSystemRef[],
  now: Date,
): { set: RiskSet; partitions: SeedPartition[]; items: RegisterEntry[] } {
  const rnd = random(count);
  const pick = (): ScaleValue => (1 + Math.floor(rnd() * 4)) as ScaleValue;
  const records = new PartitionCollector();
  const lists = new PartitionCollector();
  const items: RegisterEntry[] = [];
  let overdue = 0;
  let expired = 0;
  let openMeasures = 0;
  let registerRows = count + 1;
  const today = day(now, 0);
  for (let i = 0; i < count; i++) {
    const concerns = i % 5 === 4 || systems.length === 0 ? [] : [systems[Math.floor(rnd() * systems.length)]!];
    if (concerns.length > 0 && i % 10 === 0) concerns.push(systems[Math.floor(rnd() * systems.length)]!);
    const unique = [...new Map(concerns.map((system) => [system.id, system])).values()];
    const createdAt = new Date(now.getTime() - Math.floor(rnd() * 2 * 365) * 86_400_000).toISOString();
    const assessed = i % 10 !== 9;
    const nextReview = day(now, Math.floor(rnd() * 730) - 365);
    const risk: RiskRecord = {
      id: randomBytes(6).toString('hex'),
      version: 1,
      title: `Risiko ${String(i).padStart(6, '0')} ${['Ransomware', 'Phishing', 'Brand', 'Nedbrud', 'Fejlsendt post'][i % 5]}`,
      scenario: 'Seedet risiko til måling: en trussel og den sårbarhed, den udnytter.',
      systemIds: unique.map((system) => system.id),
      systemNames: unique.map((system) => system.name),
      area: unique.length === 0 ? riskAreas[i % riskAreas.length] : undefined,
      ownerId: unique[0]?.ownerId ?? 'coordinator',
      ownerName: 'Risikoejer',
      createdAt,
      createdBy: 'Koordinator',
      assessment: assessed
        ? {
            likelihood: pick(),
            consequence: { confidentiality: pick(), integrity: pick(), availability: pick() },
            treatment: 'reduce',
            residualLikelihood: pick(),
            residualConsequence: pick(),
            nextReview,
            assessedAt: createdAt,
            assessedBy: 'coordinator',
            assessedByName: 'Koordinator',
          }
        : undefined,
      acceptance:
        assessed && i % 20 === 3
          ? {
              approvalId: `a${i}`,
              state: 'accepted',
              requestedAt: createdAt,
              requestedBy: 'coordinator',
              requestedByName: 'Koordinator',
              assessedAt: createdAt,
              residual: 'high',
              decidedAt: createdAt,
              decidedByName: 'Leder',
              expiresOn: day(now, i % 40 === 3 ? -30 : 300),
            }
          : undefined,
      measures:
        i % 10 === 1
          ? [
              {
                id: randomBytes(4).toString('hex'),
                text: 'Indfør totrinsgodkendelse',
                owner: 'Foranstaltningsejer',
                ownerId: unique[0]?.ownerId ?? 'coordinator',
                dueDate: day(now, Math.floor(rnd() * 120) - 60),
                done: false,
              },
            ]
          : undefined,
    };
    const entry: RiskHistoryEntry = {
      version: 1,
      at: createdAt,
      by: 'coordinator',
      byName: 'Koordinator',
      action: 'created',
      changes: {},
    };
    const item = registerEntry(risk, undefined);
    items.push(item);
    if (assessed && nextReview < today) overdue++;
    if (item.acceptedUntil !== undefined && item.acceptedUntil < today) expired++;
    records.add('Risks', 'risk', recordRow(risk));
    records.add('Risks', 'risk', historyRow(risk.id, entry));
    lists.add('Risks', 'risk-register', registerRow(item));
    for (const row of reviewRows(item, risk)) {
      lists.add('Risks', 'risk-register', reviewRow(row));
      registerRows++;
    }
    for (const id of risk.systemIds) lists.add('Risks', 'risk-system', systemRow(id, item, risk.systemIds));
    for (const open of openRiskMeasures(risk)) {
      lists.add('Risks', 'risk-measures', measureRow(risk.id, open));
      openMeasures++;
    }
  }
  lists.add('Risks', 'risk-register', countsRow(countsDelta(undefined, items)));
  const partitions = [...records.all(), ...lists.all()];
  return {
    set: { risks: count, overdue, expired, openMeasures, registerRows, entities: entityCount(partitions) },
    partitions,
    items,
  };
}
