import { StorageUnavailableError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { sniffType } from '../../src/platform/files';
import { evidenceTypeNames } from '../../src/features/evidence/model';
import { EvidenceService } from '../../src/features/evidence/service';
import type { IncidentActor } from '../../src/features/incidents/service';
import { runRetention } from '../../src/features/retention/run';
import { ManualClock } from '../support/harness';
import { draft, entry } from '../support/incidents';
import { MemoryAuditLog } from '../support/memory/audit-log';
import { MemoryEvidenceStore } from '../support/memory/evidence-store';
import { MemoryIncidentRepository } from '../support/memory/incident-repository';
import { MemoryRetentionStore } from '../support/memory/retention-store';
import { MemoryScreeningRepository } from '../support/memory/screening-repository';
import { MemoryViolationRepository } from '../support/memory/small-repositories';
import { pdf, png } from '../support/evidence-files';

const reporter: IncidentActor = { userId: 'sofie', name: 'Sofie Jensen', roles: new Set() };
const upload = (bytes: Buffer, name = 'foto.png') => ({ name, declaredType: '', bytes });

/** The evidence service over in-memory stores that pass the same contracts as Azurite's. */
async function setUp() {
  const clock = new ManualClock(new Date('2026-12-07T09:00:00Z'));
  const incidents = new MemoryIncidentRepository();
  const store = new MemoryEvidenceStore();
  const audit = new MemoryAuditLog(clock);
  const service = new EvidenceService({
    incidents,
    store,
    audit,
    clock,
    policy: { maxBytes: 1024 * 1024, allowed: evidenceTypeNames },
    logger: createLogger('silent'),
  });
  const { incident } = await incidents.create(draft('sofie'), 2026, 'k1', entry);
  return { clock, incidents, store, audit, service, incident };
}

describe('evidence: a storage fault keeps nothing half (#20)', () => {
  it('a record that cannot be written removes the bytes again: "try again", no orphan, no audit record', async () => {
    const { incidents, store, audit, service, incident } = await setUp();
    jest.spyOn(incidents, 'update').mockRejectedValueOnce(new StorageUnavailableError(new Error('down')));
    await expect(service.attach(reporter, incident.number, upload(png()), sniffType(png()))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(store.blobs.size).toBe(0);
    expect((await incidents.get(incident.year, incident.seq))?.incident.files).toBeUndefined();
    expect(await audit.read('evidence')).toEqual([]);
  });

  it('bytes that cannot be written leave no record', async () => {
    const { incidents, store, service, incident } = await setUp();
    jest.spyOn(store, 'put').mockRejectedValueOnce(new StorageUnavailableError(new Error('down')));
    await expect(service.attach(reporter, incident.number, upload(pdf(), 'a.pdf'), 'pdf')).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect((await incidents.get(incident.year, incident.seq))?.incident.version).toBe(incident.version);
  });

  it('a retry after the audit log failed completes the audit record without a second file', async () => {
    const { incidents, store, audit, service, incident } = await setUp();
    jest.spyOn(audit, 'ensure').mockRejectedValueOnce(new StorageUnavailableError(new Error('down')));
    await expect(service.attach(reporter, incident.number, upload(png()), 'png')).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    const retried = await service.attach(reporter, incident.number, upload(png()), 'png');
    expect(retried).toMatchObject({ ok: true, duplicate: true });
    expect((await incidents.get(incident.year, incident.seq))?.incident.files).toHaveLength(1);
    expect(store.blobs.size).toBe(1);
    expect(await audit.read('evidence')).toHaveLength(1);
  });

  it('records the name and SHA-256 in the incident history', async () => {
    const { incidents, service, incident } = await setUp();
    const result = await service.attach(reporter, incident.number, upload(png()), 'png');
    if (!result.ok) throw new Error('not kept');
    const history = await incidents.history(incident.year, incident.seq);
    expect(history.at(-1)).toMatchObject({
      action: 'evidenceAdded',
      by: 'sofie',
      changes: { evidenceFile: [null, 'foto.png'], evidenceSha256: [null, result.file.sha256] },
    });
  });

  it('a closed report takes no more evidence from its reporter (the coordinator still may)', async () => {
    const { incidents, service, incident } = await setUp();
    const stored = await incidents.get(incident.year, incident.seq);
    await incidents.update({ ...incident, state: 'closed', version: incident.version + 1 }, stored!.etag, {
      ...entry,
      version: incident.version + 1,
      action: 'triaged',
    });
    await expect(service.attach(reporter, incident.number, upload(png()), 'png')).rejects.toThrow('incident');
    const coordinator = { userId: 'mette', name: 'Mette Kjær', roles: new Set(['coordinator'] as const) };
    expect(await service.attach(coordinator, incident.number, upload(png()), 'png')).toMatchObject({ ok: true });
  });
});

describe("evidence: retention deletes it with the incident's anonymisation (#20)", () => {
  it('deletes the files and their records; the history keeps the SHA-256, not the name', async () => {
    const { clock, incidents, store, audit, service, incident } = await setUp();
    await service.attach(reporter, incident.number, upload(png()), 'png');
    await service.attach(reporter, incident.number, upload(pdf(), 'rapport.pdf'), 'pdf');
    expect(store.blobs.size).toBe(2);
    const stored = (await incidents.get(incident.year, incident.seq))!;
    await incidents.update(
      { ...stored.incident, state: 'closed', closedAt: '2026-12-07T10:00:00Z', version: stored.incident.version + 1 },
      stored.etag,
      { ...entry, version: stored.incident.version + 1, action: 'triaged' },
    );
    // An unrelated incident's file stays.
    const { incident: other } = await incidents.create(draft('ole'), 2026, 'k2', entry);
    await service.attach({ ...reporter, userId: 'ole' }, other.number, upload(png()), 'png');

    clock.set('2032-12-08T00:00:00Z');
    const report = await runRetention({
      store: new MemoryRetentionStore(incidents, new MemoryScreeningRepository(), new MemoryViolationRepository()),
      audit,
      clock,
      periods: { incidentYears: 5, screeningYears: 5, referralYears: 5 },
      dryRun: false,
      evidence: store,
    });
    expect(report.incidents.anonymised.map((item) => item.label)).toEqual([incident.number]);
    expect([...store.blobs.keys()]).toEqual([expect.stringMatching(new RegExp(`^incidents/2026/${other.seq}/`))]);
    const after = (await incidents.get(incident.year, incident.seq))!.incident;
    expect(after.files).toBeUndefined();
    const history = await incidents.history(incident.year, incident.seq);
    const added = history.filter((row) => row.action === 'evidenceAdded');
    expect(added.map((row) => row.changes.evidenceFile?.[1])).toEqual(['[anonymiseret]', '[anonymiseret]']);
    expect(added.map((row) => row.changes.evidenceSha256?.[1])).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });
});
