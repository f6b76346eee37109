import { randomUUID } from 'node:crypto';
import type { NewIncident } from '../../src/features/incidents/repository';
import type { TeamsClient, TestUser, InvokeAnswer } from './harness';

/** A new incident as the service hands it to a repository (for storage tests below the bot). */
export const draft = (reporterId: string, title = 'Netværket er nede'): NewIncident => ({
  title,
  description: 'Ingen adgang til fagsystemer på rådhuset',
  discoveredAt: '2026-11-28T08:00:00.000Z',
  kind: 'general',
  personalData: 'no',
  personalDataKinds: [],
  reporterId,
  reporterName: 'Sofie Jensen',
  reportedAt: '2026-11-28T09:00:00.000Z',
  state: 'received',
  isBreach: false,
  nis2Significant: false,
  measures: [],
});

/** The history entry of a report. */
export const entry = {
  at: '2026-11-28T09:00:00.000Z',
  by: 'u',
  byName: 'U',
  action: 'reported' as const,
  changes: {},
};

/** A complete, valid report as the card would submit it. */
export const validReport = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  draftId: randomUUID(),
  title: 'Bærbar computer glemt i S-toget',
  description: 'Min arbejdscomputer blev glemt i S-toget mod Ballerup. Den er krypteret, men Outlook var åbent.',
  kind: 'personalData',
  systemName: '',
  discoveredDate: '2026-11-27',
  discoveredTime: '08:15',
  occurredDate: '2026-11-27',
  occurredTime: '07:40',
  personalData: 'yes',
  personalDataKinds: 'ordinary,cpr',
  affectedPeople: '40',
  affectedRecords: '',
  actionsTaken: 'Ringet til IT-support, der har spærret maskinen.',
  contact: '2233 4455',
  ...overrides,
});

/** Submits a report and returns the invoke answer. */
export const submitReport = (
  teams: TeamsClient,
  user: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<InvokeAnswer> => teams.act(user, 'incident.submit', validReport(overrides));

/** The incident number shown on a confirmation card. */
export function numberOn(answer: InvokeAnswer): string {
  const text = JSON.stringify(answer.body?.value ?? {});
  const match = /HÆN-\d{4}-\d{4,}/.exec(text);
  if (!match) throw new Error(`no incident number on the card: ${text.slice(0, 300)}`);
  return match[0];
}
