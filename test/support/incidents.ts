import { randomUUID } from 'node:crypto';
import type { TeamsClient, TestUser, InvokeAnswer } from './harness';

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
