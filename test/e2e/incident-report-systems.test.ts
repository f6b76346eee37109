import { randomUUID } from 'node:crypto';
import { CARD_BUDGET_BYTES, cardBytes } from '../../src/platform/cards';
import { da } from '../../src/i18n/catalogs';
import { SYSTEM_MATCHES_SHOWN } from '../../src/features/incidents/report-form';
import { SystemService, type SystemActor } from '../../src/features/systems/service';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { cardIn, cardOf, cardTexts, inputOn } from '../support/cards';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/** A register the size of a municipality's: more names than a report card can list. */
const COUNT = 300;
const PLAN = 'https://intranet.egedal.dk/beredskab/nexus';
const nameOf = (i: number): string => `Fagsystem ${String(i).padStart(3, '0')} til sagsbehandling`;
const systemKind = { kind: 'system', personalData: 'no', personalDataKinds: '' };

const choicesOf = (card: unknown): string[] =>
  ((inputOn(card, 'systemName') as { choices?: { value: string }[] }).choices ?? []).map((choice) => choice.value);

describe('reporting an incident in a system of a large register (P1, P4)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const employee = newUser('Sofie Jensen');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    const tables = h.bot.tables;
    const service = new SystemService(
      new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex')),
      clock,
    );
    const setup: SystemActor = { userId: randomUUID(), name: 'Opsætning', roles: new Set(['coordinator']) };
    const details = { purpose: 'Sagsbehandling', supplier: 'Leverandør A/S', ownerId: randomUUID(), ownerName: '' };
    const register = (name: string, plan?: string) =>
      service.register(setup, {
        ...details,
        name,
        personalData: false,
        personalDataKinds: [],
        contingencyPlanUrl: plan,
      });
    await register('KMD Nexus', PLAN);
    for (let i = 1; i <= COUNT; i++) await register(nameOf(i));
  }, 120_000);
  afterAll(() => h.close());

  it('asks for the name instead of listing every system, within the card budget', async () => {
    expect(await h.teams.say(employee, 'anmeld hændelse')).toBe(200);
    const form = cardOf(h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    expect(cardBytes(form as never)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(inputOn(form, 'systemName')?.type).toBe('Input.Text');
    expect(cardTexts(form)).toContain(
      `Skriv systemets navn (eller en del af det), så finder vi det blandt de ${COUNT + 1} systemer i registret.`,
    );
    expect(cardTexts(form)).toContain(da.incidents.report.systemOtherLabel);
  });

  it('finds a typed part of a name that only one system has, and links its contingency plan', async () => {
    const number = numberOn(await submitReport(h.teams, employee, { ...systemKind, systemName: ' nexus ' }));
    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage)).toContain('KMD Nexus');
    expect(JSON.stringify(triage)).toContain(PLAN);
  });

  it('offers the matching systems when several fit, keeping everything typed, and stores the one chosen', async () => {
    const typed = { ...systemKind, title: 'Login virker ikke', description: 'Ingen kan logge på siden i morges.' };
    const several = cardIn(await submitReport(h.teams, employee, { ...typed, systemName: 'fagsystem 1' }));
    expect(cardTexts(several)).toEqual(
      expect.arrayContaining([da.incidents.report.fixErrors, da.incidents.errors.systemPick]),
    );
    const offered = choicesOf(several);
    expect(offered).toHaveLength(SYSTEM_MATCHES_SHOWN);
    expect(offered.every((name) => name.startsWith('Fagsystem 1'))).toBe(true);
    expect(inputOn(several, 'title')?.value).toBe('Login virker ikke');
    expect(inputOn(several, 'description')?.value).toBe('Ingen kan logge på siden i morges.');

    const number = numberOn(await submitReport(h.teams, employee, { ...typed, systemName: offered[3] }));
    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage)).toContain(offered[3]);
  });

  it('says when no registered system has the name, and takes it as a system not on the list', async () => {
    const unknown = cardIn(await submitReport(h.teams, employee, { ...systemKind, systemName: 'Skolens app' }));
    expect(cardTexts(unknown)).toContain(da.incidents.errors.systemUnknown);
    expect(inputOn(unknown, 'systemName')?.value).toBe('Skolens app');

    const number = numberOn(await submitReport(h.teams, employee, { ...systemKind, systemOther: 'Skolens app' }));
    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage)).toContain('Skolens app');
  });
});
