import type { TableClient } from '@azure/data-tables';
import type { Harness } from './harness';
import type { Incident } from '../../src/features/incidents/model';
import { parseNumber } from '../../src/features/incidents/numbering';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import type { Role } from '../../src/features/access/roles';

/** The incident as stored (what an auditor would read), or undefined. */
export async function storedIncident(h: Harness, number: string): Promise<Incident | undefined> {
  const parsed = parseNumber(number);
  if (!parsed) throw new Error(`not an incident number: ${number}`);
  const repo = new TableIncidentRepository(h.bot.tables.client('Incidents'), h.bot.tables.client('IncidentIndex'));
  return (await repo.get(parsed.year, parsed.seq))?.incident;
}

/** The stored history of an incident. */
export async function storedHistory(h: Harness, number: string) {
  const parsed = parseNumber(number);
  if (!parsed) throw new Error(`not an incident number: ${number}`);
  const repo = new TableIncidentRepository(h.bot.tables.client('Incidents'), h.bot.tables.client('IncidentIndex'));
  return repo.history(parsed.year, parsed.seq);
}

/** Grants a role as the coordinator would (test setup). */
export async function grant(h: Harness, userId: string, role: Role): Promise<void> {
  await new TableRoleRepository(h.bot.tables.client('Roles')).grant(userId, role, 'test setup');
}

/** Every entity in a table (for "nothing was stored" assertions). */
export async function entitiesIn(table: TableClient): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  try {
    for await (const entity of table.listEntities()) found.push(entity);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  return found;
}
