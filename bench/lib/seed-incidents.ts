/**
 * Builds the incident rows of the table layout `TableIncidentRepository` writes (see its
 * @remarks), through the same row builders (`incident-rows.ts`, `incident-lists.ts`): per year
 * partition the counter, each incident, its history rows and its submission row; in the index table
 * a `reporters` row for every incident and an `open` row for each open one (closing drops the
 * open row, as `update` does), each carrying the incident's list item, confirmed — the state the
 * repository leaves once a change is settled. Only builds them: `seed-api.ts` stores them.
 */
import { randomUUID } from 'node:crypto';
import { isOpen, type HistoryEntry, type Incident, type IncidentState } from '../../src/features/incidents/model';
import { formatNumber } from '../../src/features/incidents/numbering';
import { listPlaces, listRow } from '../../src/storage/incident-lists';
import {
  COUNTER,
  historyKey,
  historyRow,
  incidentKey,
  incidentRow,
  submissionKey,
  yearKey,
} from '../../src/storage/incident-rows';
import { entityCount, PartitionCollector, type SeedPartition, type SeedRow } from './seed-rows';

/** A deterministic pseudo-random source (same data set every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What the incident rows hold, for the measures and for checking what was stored. */
export interface IncidentSet {
  size: number;
  years: number[];
  perYear: Map<number, number>;
  heavyReporter: string;
  reporters: number;
  open: number;
  entities: number;
}

/** An incident set as stored: how many entities were written, and how long it took. */
export interface SeededSet extends IncidentSet {
  written: number;
  /** True once every entity is stored and reads back as built. */
  complete: boolean;
  seconds: number;
}

/**
 * Builds `size` incidents over the ten years up to `lastYear`: older ones mostly closed, about a
 * third of the last year's still open; one "heavy" reporter with 2 % of all reports. Partitions
 * of kind `year` (Incidents), `open` and `reporters` (IncidentIndex).
 */
export function incidentRows(size: number, lastYear: number): { set: IncidentSet; partitions: SeedPartition[] } {
  const rnd = random(size);
  const years = Array.from({ length: 10 }, (_, i) => lastYear - 9 + i);
  const reporterIds = Array.from({ length: Math.max(10, Math.round(size / 25)) }, () => randomUUID());
  const heavy = reporterIds[0] as string;
  const perYear = new Map<number, number>();
  const collector = new PartitionCollector();
  const add = (partitionKey: string, entity: { rowKey: string } & Record<string, unknown>) =>
    collector.add('Incidents', 'year', { partitionKey, ...entity });
  const addIndexRow = (row: SeedRow) => collector.add('IncidentIndex', row.partitionKey, row);
  let open = 0;
  for (const year of years) {
    const count = Math.floor(size / 10) + (year === lastYear ? size % 10 : 0);
    perYear.set(year, count);
    const start = Date.UTC(year, 0, 1);
    const span = Date.UTC(year + 1, 0, 1) - start - 3_600_000;
    const times = Array.from({ length: count }, () => start + Math.floor(rnd() * span)).sort((a, b) => a - b);
    add(yearKey(year), { rowKey: COUNTER, last: count });
    times.forEach((time, i) => {
      const seq = i + 1;
      const reportedAt = new Date(time).toISOString();
      const reporterId =
        rnd() < 0.02 ? heavy : (reporterIds[1 + Math.floor(rnd() * (reporterIds.length - 1))] as string);
      const recent = year === lastYear;
      const stillOpen = recent ? rnd() < 0.33 : rnd() < 0.01;
      const state: IncidentState = stillOpen
        ? (['received', 'inProgress', 'contained'] as const)[Math.floor(rnd() * 3)]!
        : rnd() < 0.85
          ? 'closed'
          : 'notAnIncident';
      const kind = (['general', 'system', 'personalData'] as const)[Math.floor(rnd() * 3)]!;
      const isBreach = kind === 'personalData';
      const versions = state === 'received' ? 1 : 2 + Math.floor(rnd() * 3);
      const incident: Incident = {
        number: formatNumber(year, seq),
        year,
        seq,
        version: versions,
        title: `Hændelse ${seq} i ${year}`,
        description: 'Seedet hændelse til måling: en medarbejder opdagede noget, der skulle anmeldes.',
        discoveredAt: reportedAt,
        kind,
        systemName: kind === 'system' ? 'KMD Nexus' : undefined,
        personalData: isBreach ? 'yes' : 'no',
        personalDataKinds: isBreach ? ['ordinary'] : [],
        reporterId,
        reporterName: 'Medarbejder',
        reporterLocale: 'da',
        reportedAt,
        state,
        severity: state === 'received' ? undefined : 'medium',
        isBreach,
        awarenessAt: isBreach ? reportedAt : undefined,
        nis2Significant: false,
        measures: [],
        closedAt: isOpen(state) ? undefined : new Date(time + 7 * 86_400_000).toISOString(),
      };
      const partitionKey = yearKey(year);
      add(partitionKey, { rowKey: incidentKey(seq), ...incidentRow(incident) });
      for (let version = 1; version <= versions; version++) {
        const entry: HistoryEntry = {
          version,
          at: reportedAt,
          by: version === 1 ? reporterId : 'coordinator',
          byName: version === 1 ? 'Medarbejder' : 'Koordinator',
          action: version === 1 ? 'reported' : 'triaged',
          changes: version === 1 ? {} : { state: ['received', state] },
        };
        add(partitionKey, { rowKey: historyKey(seq, version), ...historyRow(entry) });
      }
      add(partitionKey, { rowKey: submissionKey(`${reporterId}~${randomUUID()}`), seq });
      const places = listPlaces(incident);
      addIndexRow(listRow(places.reporter.partitionKey, places.reporter.rowKey, incident, false));
      if (isOpen(state)) {
        open++;
        addIndexRow(listRow(places.open.partitionKey, places.open.rowKey, incident, false));
      }
    });
  }
  const partitions = collector.all();
  return {
    set: {
      size,
      years,
      perYear,
      heavyReporter: heavy,
      reporters: reporterIds.length,
      open,
      entities: entityCount(partitions),
    },
    partitions,
  };
}
