/**
 * Builds the system rows of the table layout `TableSystemRepository` writes (see its @remarks),
 * through the same row builders (`system-rows.ts`, `system-lists.ts`): per system its record and
 * its first history row (the system's partition); in the index table its name claim and a
 * confirmed row carrying the list item in `register`, `owners` and `due`, and the due list's
 * intervals marker — the state the repository leaves once a write is settled. Only builds them:
 * `seed-api.ts` stores them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { criticalityCategories } from '../../src/features/systems/criticality';
import { toListItem } from '../../src/features/systems/list-item';
import type { SystemHistoryEntry, SystemRecord } from '../../src/features/systems/model';
import { dueIntervalsRow } from '../../src/storage/system-layout';
import { listRow, placesOf } from '../../src/storage/system-lists';
import { historyRow, NAMES, nameRowKey, recordRow } from '../../src/storage/system-rows';
import { entityCount, PartitionCollector, type SeedKeys, type SeedPartition } from './seed-rows';

/** What the system rows hold. */
export interface SystemSet {
  systems: number;
  owners: number;
  entities: number;
}

/** One seeded system as the risk seeding needs it. */
export interface SeededSystemRef {
  id: string;
  name: string;
  ownerId: string;
}

/** A system set as stored: how many entities were written, and how long it took. */
export interface SeededSystems extends SystemSet {
  written: number;
  /** True once every entity is stored and reads back as built. */
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
 * Builds `count` systems, about twenty per owner, in every category (a fifth unclassified), most
 * with a risk assessment in the last three years, some never assessed. Partitions of kind `system`
 * (Systems) and `names`, `register`, `owners`, `due`, `layout` (SystemIndex).
 */
export function systemRows(
  count: number,
  now: Date,
): { set: SystemSet; partitions: SeedPartition[]; refs: SeededSystemRef[] } {
  const rnd = random(count);
  const owners = Array.from({ length: Math.max(5, Math.round(count / 20)) }, () => randomUUID());
  // The system partitions first, then the index, as the API seeder wrote them.
  const records = new PartitionCollector();
  const index = new PartitionCollector();
  const addIndex = <T extends SeedKeys>(row: T) => index.add('SystemIndex', row.partitionKey, row);
  const refs: SeededSystemRef[] = [];
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
    refs.push({ id: system.id, name: system.name, ownerId: system.ownerId });
    records.add('Systems', 'system', recordRow(system));
    records.add('Systems', 'system', historyRow(system.id, entry));
    addIndex({ partitionKey: NAMES, rowKey: nameRowKey(system.name), id: system.id });
    const item = toListItem(system);
    for (const place of placesOf(item)) addIndex(listRow(place, item));
  }
  addIndex(dueIntervalsRow());
  const partitions = [...records.all(), ...index.all()];
  return { set: { systems: count, owners: owners.length, entities: entityCount(partitions) }, partitions, refs };
}
