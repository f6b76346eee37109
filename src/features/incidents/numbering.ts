/**
 * Human-readable incident numbers: `HÆN-2026-0042`, gap-free per year.
 *
 * @remarks P1. Gap-free because the counter is raised in the same Table transaction that
 * creates the incident: a number is only ever used by a stored incident.
 */
export const PREFIX = 'HÆN';

/** Formats year and sequence as `HÆN-2026-0042` (at least four digits). */
export const formatNumber = (year: number, seq: number): string => `${PREFIX}-${year}-${String(seq).padStart(4, '0')}`;

/** Parses `HÆN-2026-0042` (also `HAEN-…`, any case, spaces around); undefined when it is not a number. */
export function parseNumber(text: unknown): { year: number; seq: number } | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const match = /^\s*(?:HÆN|HAEN|HAN)-(\d{4})-(\d{1,7})\s*$/i.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  if (year < 2000 || year > 2999 || seq < 1) return undefined;
  return { year, seq };
}
