import type { CriticalityCategory } from '../criticality';
import { nameKey, type SystemDetails, type SystemRecord } from '../model';
import type { ColumnMapping, ImportField } from './columns';
import type { Table } from '../../transfer/limits';
import type { FoundOwner } from '../../transfer/owners';
import {
  countOutcomes,
  type ImportPlan as TransferPlan,
  type PlannedRowBase,
  type RowOutcome,
} from '../../transfer/plan';
import { readRow, type RowProblem, type RowValues } from './row-values';

export type { FoundOwner } from '../../transfer/owners';
export type { RowOutcome } from '../../transfer/plan';

/** A note on a row that is imported all the same (the owner left empty, or kept, for the coordinator to set). */
export type RowNote = 'ownerMissing' | 'ownerNotFound';

/** The fields a row sets on a system; anything not named stays as the register has it. */
export type SystemPatch = Partial<Omit<SystemDetails, 'contingencyPlanUrl'>> & {
  contingencyPlanUrl?: string | null;
  category?: CriticalityCategory;
  kitosUuid?: string;
};

/** One row of the dry run. */
export interface PlannedRow extends PlannedRowBase {
  /** The stable key: `uuid:<KITOS UUID>` or `name:<normalised name>` (docs/IMPORT.md). */
  key: string;
  /** The system it changes (or leaves unchanged). */
  systemId?: string;
  problems: Partial<Record<ImportField, RowProblem>>;
  notes: RowNote[];
  /** The fields that change, for `change` and `create`. */
  patch: SystemPatch;
}

/** The dry run: every row's outcome and the counts. */
export type ImportPlan = TransferPlan<PlannedRow>;

/** Where the plan finds the register as it is now and the owners named in the file. */
export interface PlanContext {
  systems: readonly SystemRecord[];
  /** The person an owner cell names (looked up in Teams before planning), by the cell's text in lower case. */
  owners: ReadonlyMap<string, FoundOwner>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The owner a row names, given the system it changes: the same person when the cell names the current owner. */
function ownerOf(
  text: string | undefined,
  current: SystemRecord | undefined,
  owners: PlanContext['owners'],
): { owner?: { ownerId: string; ownerName: string }; note?: RowNote; ambiguous?: boolean } {
  if (text === undefined) return {};
  const lower = text.toLowerCase();
  if (!lower) return current ? {} : { note: 'ownerMissing' };
  if (current && (lower === current.ownerName.toLowerCase() || lower === current.ownerId.toLowerCase()))
    return { owner: { ownerId: current.ownerId, ownerName: current.ownerName } };
  const found = owners.get(lower);
  if (found === 'ambiguous') return { ambiguous: true };
  return found ? { owner: found } : { note: 'ownerNotFound' };
}

/** The fields of `values` that differ from `current` (all of them for a new system). */
function patchOf(values: RowValues, current: SystemRecord | undefined, owner?: { ownerId: string; ownerName: string }) {
  const patch: SystemPatch = {};
  const set = <K extends keyof SystemPatch>(key: K, value: SystemPatch[K], now: unknown) => {
    if (value !== undefined && !same(value, now)) patch[key] = value;
  };
  set('name', values.name, current?.name);
  set('kitosUuid', values.kitosUuid, current?.kitosUuid);
  set('purpose', values.purpose, current?.purpose);
  set('supplier', values.supplier, current?.supplier);
  if (owner) {
    set('ownerId', owner.ownerId, current?.ownerId);
    set('ownerName', owner.ownerName, current?.ownerName);
  }
  set('contingencyPlanUrl', values.plan, current?.contingencyPlanUrl ?? null);
  set('personalData', values.personalData, current?.personalData);
  const personal = values.personalData ?? current?.personalData;
  const kinds = personal === false ? [] : (values.personalDataKinds ?? current?.personalDataKinds);
  set('personalDataKinds', kinds, current?.personalDataKinds);
  set('category', values.category, current?.criticality?.category);
  return patch;
}

/**
 * The dry run of an import (P4): for each row, what it would create, change or leave, or why it is
 * refused; nothing is written. The same file against the same register gives the same plan, and a
 * file already imported plans nothing but `unchanged` (idempotent re-import).
 *
 * @remarks The stable key is the KITOS UUID where the row has one, else the system's name compared
 * as the register compares names (case and spacing ignored). A UUID row also finds a system of its
 * name that has no UUID yet, and gives it the UUID.
 */
export function planImport(table: Table, mapping: ColumnMapping, context: PlanContext): ImportPlan {
  const byUuid = new Map(context.systems.filter((s) => s.kitosUuid).map((s) => [s.kitosUuid as string, s]));
  const byName = new Map(context.systems.map((s) => [nameKey(s.name), s]));
  const seenKeys = new Set<string>();
  const seenNames = new Set<string>();
  const rows = table.rows.map((cells, index): PlannedRow => {
    const { values, problems } = readRow(cells, mapping);
    const key = values.kitosUuid ? `uuid:${values.kitosUuid}` : `name:${nameKey(values.name)}`;
    let current = values.kitosUuid ? byUuid.get(values.kitosUuid) : undefined;
    const named = byName.get(nameKey(values.name));
    if (!current && named && (!values.kitosUuid || !named.kitosUuid)) current = named;
    if (values.name && named && current && named.id !== current.id) problems.name = 'nameTaken';
    // The name belongs to another system (one with another KITOS UUID).
    if (values.name && !current && named) problems.name = 'nameTaken';
    if (seenKeys.has(key) || (values.name && seenNames.has(nameKey(values.name)))) problems.name = 'duplicateKey';
    seenKeys.add(key);
    if (values.name) seenNames.add(nameKey(values.name));
    const who = ownerOf(values.owner, current, context.owners);
    if (who.ambiguous) problems.owner = 'ownerAmbiguous';
    if (!current) {
      // A new system needs what the register form asks for (P4).
      if (values.purpose === undefined) problems.purpose ??= 'required';
      if (values.supplier === undefined) problems.supplier ??= 'required';
      if (values.personalData === undefined) problems.personalData ??= 'required';
    }
    const personal = values.personalData ?? current?.personalData;
    const kinds = values.personalDataKinds ?? current?.personalDataKinds ?? [];
    if (personal && kinds.length === 0) problems.personalDataKinds ??= 'kindsRequired';
    const base = {
      line: table.lines?.[index] ?? index + 2,
      key,
      name: values.name,
      systemId: current?.id,
      notes: who.note ? [who.note] : [],
    };
    if (Object.keys(problems).length > 0) return { ...base, outcome: 'refused', problems, patch: {} };
    const patch = patchOf(values, current, who.owner);
    if (!current && !who.owner) Object.assign(patch, { ownerId: '', ownerName: '' });
    const outcome: RowOutcome = !current ? 'create' : Object.keys(patch).length > 0 ? 'change' : 'unchanged';
    return { ...base, outcome, problems, patch };
  });
  return { rows, counts: countOutcomes(rows.map((row) => row.outcome)) };
}
