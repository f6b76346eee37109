/**
 * Seeds incidents straight into the table layout `TableIncidentRepository` writes (see its
 * @remarks), through the same row builders (`incident-rows.ts`, `incident-lists.ts`): per year
 * partition the counter, each incident, its history rows and its submission row; in the index table
 * a `reporters` row for every incident and an `open` row for each open one (closing drops the
 * open row, as `update` does), each carrying the incident's list item, confirmed — the state the
 * repository leaves once a change is settled. Batch transactions, several in flight.
 */
import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
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

/** A deterministic pseudo-random source (same data set every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface SeededSet {
  size: number;
  years: number[];
  perYear: Map<number, number>;
  heavyReporter: string;
  reporters: number;
  open: number;
  entities: number;
  /** Entities actually written (less than `entities` when the time budget ran out). */
  written: number;
  complete: boolean;
  seconds: number;
}

/**
 * Seeds `size` incidents over the ten years up to `lastYear`: older ones mostly closed, about a
 * third of the last year's still open; one "heavy" reporter with 2 % of all reports.
 */
export async function seedIncidents(
  incidents: TableClient,
  index: TableClient,
  size: number,
  lastYear: number,
  budgetMs = Infinity,
  inFlight = 8,
): Promise<SeededSet> {
  const started = performance.now();
  const rnd = random(size);
  const years = Array.from({ length: 10 }, (_, i) => lastYear - 9 + i);
  const reporterIds = Array.from({ length: Math.max(10, Math.round(size / 25)) }, () => randomUUID());
  const heavy = reporterIds[0] as string;
  const perYear = new Map<number, number>();
  const byPartition = new Map<string, { client: TableClient; actions: TransactionAction[] }>();
  const add = (client: TableClient, partitionKey: string, entity: Record<string, unknown>) => {
    const key = `${client === incidents ? 'I' : 'X'}|${partitionKey}`;
    const entry = byPartition.get(key) ?? { client, actions: [] };
    entry.actions.push(['create', { partitionKey, ...entity } as never]);
    byPartition.set(key, entry);
  };
  const addRow = (client: TableClient, { partitionKey, ...entity }: { partitionKey: string; rowKey: string }) =>
    add(client, partitionKey, entity);
  let open = 0;
  for (const year of years) {
    const count = Math.floor(size / 10) + (year === lastYear ? size % 10 : 0);
    perYear.set(year, count);
    const start = Date.UTC(year, 0, 1);
    const span = Date.UTC(year + 1, 0, 1) - start - 3_600_000;
    const times = Array.from({ length: count }, () => start + Math.floor(rnd() * span)).sort((a, b) => a - b);
    add(incidents, yearKey(year), { rowKey: COUNTER, last: count });
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
      add(incidents, partitionKey, { rowKey: incidentKey(seq), ...incidentRow(incident) });
      for (let version = 1; version <= versions; version++) {
        const entry: HistoryEntry = {
          version,
          at: reportedAt,
          by: version === 1 ? reporterId : 'coordinator',
          byName: version === 1 ? 'Medarbejder' : 'Koordinator',
          action: version === 1 ? 'reported' : 'triaged',
          changes: version === 1 ? {} : { state: ['received', state] },
        };
        add(incidents, partitionKey, { rowKey: historyKey(seq, version), ...historyRow(entry) });
      }
      add(incidents, partitionKey, { rowKey: submissionKey(`${reporterId}~${randomUUID()}`), seq });
      const places = listPlaces(incident);
      addRow(index, listRow(places.reporter.partitionKey, places.reporter.rowKey, incident, false));
      if (isOpen(state)) {
        open++;
        addRow(index, listRow(places.open.partitionKey, places.open.rowKey, incident, false));
      }
    });
  }
  const batches: { client: TableClient; actions: TransactionAction[] }[] = [];
  let entities = 0;
  for (const { client, actions } of byPartition.values()) {
    entities += actions.length;
    for (let i = 0; i < actions.length; i += 100) batches.push({ client, actions: actions.slice(i, i + 100) });
  }
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
    size,
    years,
    perYear,
    heavyReporter: heavy,
    reporters: reporterIds.length,
    open,
    entities,
    written,
    complete: written === entities,
    seconds: (performance.now() - started) / 1000,
  };
}
