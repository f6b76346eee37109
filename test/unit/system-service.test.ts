import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/errors';
import type { Role } from '../../src/features/access/roles';
import type { Screening } from '../../src/features/dpia/model';
import type { ScreeningRepository, StoredScreening } from '../../src/features/dpia/repository';
import type { ScreeningAnswers } from '../../src/features/dpia/screening-outcome';
import { DpiaService } from '../../src/features/dpia/service';
import { toListItem } from '../../src/features/systems/list-item';
import {
  nameKey,
  type SystemDetails,
  type SystemHistoryEntry,
  type SystemRecord,
} from '../../src/features/systems/model';
import type { StoredSystem, SystemRepository } from '../../src/features/systems/repository';
import { SystemService, type SystemActor } from '../../src/features/systems/service';

/** In-memory stores that behave like the Table ones where the services rely on it: copies, stale eTags refused. */
class MemorySystems implements SystemRepository {
  private rows = new Map<string, { json: string; etag: string }>();
  private entries = new Map<string, SystemHistoryEntry[]>();
  async create(system: SystemRecord, entry: SystemHistoryEntry) {
    if ([...this.rows.values()].some((row) => nameKey(JSON.parse(row.json).name) === nameKey(system.name)))
      throw new ConflictError('name');
    this.rows.set(system.id, { json: JSON.stringify(system), etag: randomUUID() });
    this.entries.set(system.id, [structuredClone(entry)]);
    return system;
  }
  async get(id: string): Promise<StoredSystem | undefined> {
    const row = this.rows.get(id);
    return row && { system: JSON.parse(row.json), etag: row.etag };
  }
  async history(id: string) {
    return structuredClone(this.entries.get(id) ?? []);
  }
  async update(next: SystemRecord, etag: string) {
    if (this.rows.get(next.id)?.etag !== etag) throw new ConflictError(next.id);
    const row = { json: JSON.stringify(next), etag: randomUUID() };
    this.rows.set(next.id, row);
    return { system: next, etag: row.etag };
  }
  async findByName(name: string) {
    return this.all().find((system) => nameKey(system.name) === nameKey(name));
  }
  async listRegister() {
    return this.all().map((system) => toListItem(system));
  }
  async listOwnedBy(ownerId: string) {
    return this.all()
      .filter((system) => system.ownerId === ownerId)
      .map((system) => toListItem(system));
  }
  async listDueBy() {
    return this.all().map((system) => toListItem(system));
  }
  private all(): SystemRecord[] {
    return [...this.rows.values()].map((row) => JSON.parse(row.json));
  }
}

class MemoryScreenings implements ScreeningRepository {
  private rows = new Map<string, { json: string; etag: string }>();
  async create(screening: Screening) {
    this.rows.set(screening.id, { json: JSON.stringify(screening), etag: randomUUID() });
  }
  async get(id: string): Promise<StoredScreening | undefined> {
    const row = this.rows.get(id);
    return row && { screening: JSON.parse(row.json), etag: row.etag };
  }
  async update(next: Screening, etag: string) {
    if (this.rows.get(next.id)?.etag !== etag) throw new ConflictError(next.id);
    const row = { json: JSON.stringify(next), etag: randomUUID() };
    this.rows.set(next.id, row);
    return { screening: next, etag: row.etag };
  }
  async retire() {
    // This fake keeps no pending or open-DPIA lists.
  }
  async listPending() {
    return [];
  }
  async listDpiaOpen() {
    return [];
  }
  async listBySystem() {
    return [];
  }
}

const person = (name: string, ...roles: Role[]): SystemActor => ({ userId: randomUUID(), name, roles: new Set(roles) });
const clock = { now: () => new Date('2026-11-28T09:00:00Z') };
const details = (owner: SystemActor, name = `System ${randomUUID().slice(0, 6)}`): SystemDetails => ({
  name,
  purpose: 'Sagsbehandling',
  supplier: 'Leverandør A/S',
  ownerId: owner.userId,
  ownerName: owner.name,
  personalData: true,
  personalDataKinds: ['ordinary'],
});
const noRisk: ScreeningAnswers = {
  newTechnology: false,
  largeScaleSensitiveData: false,
  largeAmountsRegionalNational: false,
  systematicAutomatedEvaluation: false,
  publicAreaMonitoring: false,
  vulnerableDataSubjects: false,
  highInherentRisk: false,
  processesPersonalData: true,
  processingBeganBefore2018_05_25: false,
  changedSince2018: false,
};

describe('who may do what in the system register (P4, P10)', () => {
  const systems = new SystemService(new MemorySystems(), clock);
  const coordinator = person('Mette Kjær', 'coordinator');
  const owner = person('Lise Holm', 'systemOwner');
  const employee = person('Sofie Jensen');

  it('lets the coordinator register for anyone, an owner only for themselves, an employee not at all', async () => {
    await expect(systems.register(coordinator, details(owner))).resolves.toMatchObject({
      system: { ownerId: owner.userId },
    });
    await expect(systems.register(owner, details(owner))).resolves.toMatchObject({
      system: { createdBy: 'Lise Holm' },
    });
    await expect(systems.register(owner, details(employee))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(systems.register(employee, details(employee))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a name already in the register as a form error', async () => {
    await systems.register(coordinator, details(owner, 'Aula'));
    await expect(systems.register(coordinator, details(owner, ' aula '))).rejects.toEqual(
      new ValidationError({ name: 'systems.errors.nameTaken' }),
    );
  });

  it('answers a repeat of the same draft with the system it stored; a copy by another user of the draft id is refused', async () => {
    const draftId = randomUUID();
    const first = await systems.register(coordinator, details(owner, 'Opus'), draftId);
    const again = await systems.register(coordinator, details(owner, 'Opus'), draftId.toUpperCase());
    expect(first.repeated).toBe(false);
    expect(again).toEqual({ system: first.system, repeated: true });
    await expect(systems.register(owner, details(owner, 'Opus'), draftId)).rejects.toEqual(
      new ValidationError({ name: 'systems.errors.nameTaken' }),
    );
    await expect(systems.register(coordinator, details(owner, 'Opus'), 'not-a-draft')).rejects.toEqual(
      new ValidationError({ name: 'systems.errors.nameTaken' }),
    );
  });

  it('hides a system from anyone but its owner and the coordinator, and keeps the owner from handing it on', async () => {
    const { system } = await systems.register(coordinator, details(owner));
    await expect(systems.get(employee, system.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(systems.edit(owner, system.id, 1, { ...details(employee), name: system.name })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const edited = await systems.edit(owner, system.id, 1, { ...details(owner), name: system.name, supplier: 'Ny' });
    expect(edited).toMatchObject({ version: 2, supplier: 'Ny' });
    await expect(systems.edit(owner, system.id, 1, { ...details(owner), name: system.name })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("takes the owner's answers as a proposal, and only the coordinator confirms or overrides with a reason", async () => {
    const { system } = await systems.register(coordinator, details(owner));
    const answers = {
      lifeAndHealthRiskOnOutage: false,
      citizenServiceImpact: 'longerOutage' as const,
      statutoryService: true,
      especiallySensitivePersonalData: false,
    };
    const proposed = await systems.classify(owner, system.id, 1, answers);
    expect(proposed.criticality).toMatchObject({ proposed: 'nonCritical', category: undefined });
    await expect(systems.confirmCategory(owner, system.id, 2, 'nonCritical', '')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(systems.confirmCategory(coordinator, system.id, 2, 'critical', '')).rejects.toEqual(
      new ValidationError({ overrideReason: 'systems.errors.overrideReason' }),
    );
    const confirmed = await systems.confirmCategory(coordinator, system.id, 2, 'critical', 'Borgerservice');
    expect(confirmed.criticality).toMatchObject({ category: 'critical', overrideReason: 'Borgerservice' });
    const reassessed = await systems.classify(owner, system.id, 3, { ...answers, lifeAndHealthRiskOnOutage: true });
    expect(reassessed.criticality).toMatchObject({ proposed: 'lifeAndDeath', category: 'critical' });
  });
});

describe('who may answer a DPIA screening (P5, P10)', () => {
  const systems = new SystemService(new MemorySystems(), clock);
  const dpia = new DpiaService(new MemoryScreenings(), systems, clock);
  const coordinator = person('Mette Kjær', 'coordinator');
  const owner = person('Lise Holm', 'systemOwner');
  const stranger = person('Sofie Jensen');

  it('is started by the coordinator, answered once by the owner, and superseded by a newer screening', async () => {
    const { system } = await systems.register(coordinator, details(owner));
    await expect(dpia.start(owner, system.id, 'new')).rejects.toBeInstanceOf(ForbiddenError);
    const first = await dpia.start(coordinator, system.id, 'new');
    await expect(dpia.answer(stranger, first.id, noRisk, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(dpia.answer(coordinator, first.id, noRisk, {})).rejects.toBeInstanceOf(ForbiddenError);
    const answered = await dpia.answer(owner, first.id, noRisk, { newTechnology: 'Kendt platform' });
    expect(answered.answer).toMatchObject({
      result: { outcome: 'riskAssessmentOnly', reasons: ['processesPersonalData'] },
      answeredBy: owner.userId,
      answeredAt: '2026-11-28T09:00:00.000Z',
      notes: { newTechnology: 'Kendt platform' },
    });
    await expect(dpia.answer(owner, first.id, { ...noRisk, newTechnology: true }, {})).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(dpia.recordDpiaDone(coordinator, first.id, '2026-11-27', 'https://x')).rejects.toEqual(
      new ValidationError({ form: 'dpia.errors.noDpiaRequired' }),
    );

    const second = await dpia.start(coordinator, system.id, 'changed');
    const third = await dpia.start(coordinator, system.id, 'majorChange');
    await expect(dpia.answer(owner, second.id, noRisk, {})).rejects.toEqual(
      new ValidationError({ form: 'dpia.errors.superseded' }),
    );
    const required = await dpia.answer(owner, third.id, { ...noRisk, vulnerableDataSubjects: true }, {});
    expect(required.answer?.result.outcome).toBe('dpiaRequired');
    await expect(dpia.recordDpiaDone(owner, third.id, '2026-11-27', 'https://x')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const done = await dpia.recordDpiaDone(coordinator, third.id, '2026-11-27', 'https://x');
    expect(done.dpia).toMatchObject({ doneDate: '2026-11-27', recordedBy: 'Mette Kjær' });
    expect(done.answer).toEqual(required.answer);
  });
});
