/**
 * Seeds systems straight into the table layout `TableSystemRepository` writes (see its @remarks),
 * through the same row builders (`system-rows.ts`, `system-lists.ts`): per system its record and
 * its first history row (one transaction, the system's partition); in the index table its name
 * claim and a confirmed row carrying the list item in `register`, `owners` and `due`, and the
 * marker row of the current list layout — the state the repository leaves once a write is
 * settled. Index rows in batch transactions of ≤ 100 per partition, several in flight.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { criticalityCategories } from '../../src/features/systems/criticality';
import { toListItem } from '../../src/features/systems/list-item';
import type { SystemHistoryEntry, SystemRecord } from '../../src/features/systems/model';
import { currentLayoutRow } from '../../src/storage/system-layout';
import { listRow, placesOf } from '../../src/storage/system-lists';
import { historyRow, NAMES, nameRowKey, recordRow } from '../../src/storage/system-rows';

export interface SeededSystems {
  systems: number;
  owners: number;
  entities: number;
  /** Entities actually written (less than `entities` when the time budget ran out). */
  written: number;
  complete: boolean;
  seconds: number;
}

/** A deterministic pseudo-random source (same categories and dates every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Seeds `count` systems, about twenty per owner, in every category (a fifth unclassified), most
 * with a risk assessment in the last three years, some never assessed.
 */
export async function seedSystems(
  systems: TableClient,
  index: TableClient,
  count: number,
  now: Date,
  budgetMs = Infinity,
  inFlight = 8,
): Promise<SeededSystems> {
  const started = performance.now();
  const rnd = random(count);
  const owners = Array.from({ length: Math.max(5, Math.round(count / 20)) }, () => randomUUID());
  const records: { client: TableClient; actions: TransactionAction[] }[] = [];
  const indexRows = new Map<string, TransactionAction[]>();
  const addIndex = <T extends { partitionKey: string; rowKey: string }>(row: T) =>
    indexRows.set(row.partitionKey, [...(indexRows.get(row.partitionKey) ?? []), ['create', row]]);
  for (let i = 0; i < count; i++) {
    const category = [...criticalityCategories, undefined][Math.floor(rnd() * 5)];
    const createdAt = new Date(now.getTime() - Math.floor(rnd() * 5 * 365) * 86_400_000).toISOString();
    const assessed = rnd() < 0.8;
    const system: SystemRecord = {
      id: randomBytes(6).toString('hex'),
      version: 1,
      name: `System ${String(i).padStart(6, '0')} ${['Nexus', 'Aula', 'SBSYS', 'Outlook', 'Ørsted'][i % 5]}`,
      purpose: 'Seedet system til måling.',
      supplier: 'Leverandør A/S',
      ownerId: owners[Math.floor(rnd() * owners.length)] as string,
      ownerName: 'Systemejer',
      personalData: false,
      personalDataKinds: [],
      createdAt,
      createdBy: 'Koordinator',
      criticality: category && {
        answers: {
          lifeAndHealthRiskOnOutage: false,
          citizenServiceImpact: 'none',
          statutoryService: false,
          especiallySensitivePersonalData: false,
        },
        proposed: category,
        reasons: [],
        category,
        answeredBy: 'Koordinator',
        answeredAt: createdAt,
        confirmedBy: 'Koordinator',
        confirmedAt: createdAt,
      },
      lastRiskAssessment: assessed
        ? {
            date: new Date(now.getTime() - Math.floor(rnd() * 3 * 365) * 86_400_000).toISOString().slice(0, 10),
            by: 'Systemejer',
            summary: 'Gennemgået.',
            recordedAt: createdAt,
          }
        : undefined,
    };
    const entry: SystemHistoryEntry = {
      version: 1,
      at: createdAt,
      by: 'coordinator',
      byName: 'Koordinator',
      action: 'registered',
      changes: {},
    };
    records.push({
      client: systems,
      actions: [
        ['create', recordRow(system)],
        ['create', historyRow(system.id, entry)],
      ],
    });
    addIndex({ partitionKey: NAMES, rowKey: nameRowKey(system.name), id: system.id });
    const item = toListItem(system);
    for (const place of placesOf(item)) addIndex(listRow(place, item));
  }
  addIndex(currentLayoutRow());
  const batches = [...records];
  for (const actions of indexRows.values())
    for (let i = 0; i < actions.length; i += 100) batches.push({ client: index, actions: actions.slice(i, i + 100) });
  const entities = batches.reduce((sum, batch) => sum + batch.actions.length, 0);
  let next = 0;
  let written = 0;
  const deadline = started + budgetMs;
  const worker = async () => {
    while (next < batches.length && performance.now() < deadline) {
      const batch = batches[next++] as (typeof batches)[number];
      await batch.client.submitTransaction(batch.actions);
      written += batch.actions.length;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return {
    systems: count,
    owners: owners.length,
    entities,
    written,
    complete: written === entities,
    seconds: (performance.now() - started) / 1000,
  };
}
