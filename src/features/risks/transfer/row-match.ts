import type { FoundOwner } from '../../transfer/owners';
import { nameKey } from '../../systems/model';
import type { RiskArea, RiskRecord } from '../model';
import { areaOf } from './row-values';

/** A system of the register as the import names it. */
export interface SystemName {
  id: string;
  name: string;
}

/** What a risk concerns: systems of the register, or one area. */
export interface Concerns {
  systemIds: string[];
  area?: RiskArea;
}

/** How many systems one risk may concern (the risk form's limit). */
const MAX_SYSTEMS = 20;

/** A title as compared: case and spacing ignored (as the register compares system names). */
export const titleKey = (title: string): string => nameKey(title);

/** What a risk concerns, as compared: its systems in any order, or its area. */
export const concernsKey = (concerns: Concerns): string =>
  concerns.area ? `area:${concerns.area}` : [...concerns.systemIds].sort().join(',');

/**
 * What a "Vedrører" cell names (#19): one of the areas (Danish or English), or system names of the
 * register compared as the register compares names, several separated by `;`, `,` or a line break.
 * A name with a comma in it is found too: the cell whole, then by `;` and line breaks, then by commas.
 * Answers the first name not in the register as `unknown`.
 */
export function concernsOf(
  text: string,
  systems: readonly SystemName[],
): { found?: Concerns; unknown?: string; tooMany?: boolean } {
  const area = areaOf(text);
  if (area) return { found: { systemIds: [], area } };
  const byName = new Map(systems.map((system) => [nameKey(system.name), system.id]));
  const split = (pattern: RegExp) =>
    text
      .split(pattern)
      .map((name) => name.trim())
      .filter(Boolean);
  for (const names of [[text.trim()], split(/[;\n]/), split(/[;,\n]/)]) {
    const ids = names.map((name) => byName.get(nameKey(name)));
    if (ids.some((id) => !id)) continue;
    const systemIds = [...new Set(ids as string[])];
    return systemIds.length > MAX_SYSTEMS ? { tooMany: true } : { found: { systemIds } };
  }
  // The first name not found: a part between `;` not in the register, or the part of it between commas that is not.
  for (const part of split(/[;\n]/)) {
    if (byName.has(nameKey(part))) continue;
    const missing = part
      .split(',')
      .map((name) => name.trim())
      .find((name) => name && !byName.has(nameKey(name)));
    if (missing) return { unknown: missing.slice(0, 120) };
  }
  return { unknown: text.slice(0, 120) };
}

/**
 * The owner a cell names: the risk's own owner when it names them (by name or id), else the person
 * Teams found for it (`ambiguous` when several), else undefined (not found). Empty: undefined.
 */
export function ownerOf(
  text: string | undefined,
  current: RiskRecord | undefined,
  owners: ReadonlyMap<string, FoundOwner>,
): FoundOwner {
  const lower = text?.toLowerCase();
  if (!lower) return undefined;
  if (current && (lower === current.ownerName.toLowerCase() || lower === current.ownerId.toLowerCase()))
    return { ownerId: current.ownerId, ownerName: current.ownerName };
  return owners.get(lower);
}
