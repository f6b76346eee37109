import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import type { Logger } from '../../logger';
import type { SniffedType } from '../../platform/files';
import type { AuditLog } from '../audit/audit-log';
import { dpoMaySee } from '../incidents/dpo-breach';
import { isOpen, type Incident } from '../incidents/model';
import { parseNumber } from '../incidents/numbering';
import type { IncidentRepository } from '../incidents/repository';
import type { IncidentActor } from '../incidents/service';
import { ANONYMISED } from '../retention/rules';
import { versionedChange } from '../versioned-change';
import { evidenceKey, evidenceTypes, MAX_FILES_PER_INCIDENT, type EvidenceFile, type EvidencePolicy } from './model';
import { checkFile, type Refusal } from './rules';
import type { EvidenceStore } from './store';

/** What attaching a file came to: kept (or kept already: the same bytes on the same incident), or why not. */
export type AttachResult =
  { ok: true; number: string; file: EvidenceFile; duplicate: boolean } | { ok: false; reason: Refusal | 'tooMany' };

/** A file as the sender sent it: the name and type are their words, the bytes what was fetched. */
export interface Upload {
  name: string;
  declaredType: string;
  bytes: Buffer;
}

/** What the evidence service needs. */
export interface EvidenceServiceDeps {
  incidents: IncidentRepository;
  store: EvidenceStore;
  audit: AuditLog;
  clock: Clock;
  policy: EvidencePolicy;
  logger: Logger;
}

const isCoordinator = (actor: Pick<IncidentActor, 'roles'>): boolean => actor.roles.has('coordinator');
const isAnonymised = (incident: Incident): boolean => incident.reporterId === ANONYMISED;

/**
 * Evidence files on incidents (#20; P1, P3, P10): attached by the incident's reporter while it is
 * open, or by a coordinator; seen and opened only by a coordinator, and by the data protection
 * officer for a personal-data breach.
 *
 * @remarks The file is checked against its bytes first (nothing is kept of a refused file), then the
 * bytes are written, then the record with its history entry (name and SHA-256), then the audit
 * record. A failure after the bytes were written removes them again (no orphan) and is answered
 * "try again"; a retry of the same bytes finds the record and only completes its audit record.
 */
export class EvidenceService {
  constructor(private readonly deps: EvidenceServiceDeps) {}

  /**
   * The incident a person may attach evidence to: her own report while it is open, or any incident
   * for a coordinator; anything else is "not found" (P10: no hint that it exists).
   */
  async attachable(actor: IncidentActor, number: unknown): Promise<Incident> {
    const parsed = parseNumber(number);
    const stored = parsed && (await this.deps.incidents.get(parsed.year, parsed.seq));
    const incident = stored?.incident;
    if (!incident || isAnonymised(incident)) throw new NotFoundError('incident');
    if (isCoordinator(actor)) return incident;
    if (incident.reporterId === actor.userId && isOpen(incident.state)) return incident;
    throw new NotFoundError('incident');
  }

  /** Checks a file and keeps it as evidence on the incident, or answers why it is not kept. */
  async attach(actor: IncidentActor, number: unknown, upload: Upload, sniffed: SniffedType): Promise<AttachResult> {
    const incident = await this.attachable(actor, number);
    const checked = checkFile(upload, sniffed, this.deps.policy);
    if (!checked.ok) return checked;
    const same = incident.files?.find((file) => file.sha256 === checked.file.sha256);
    if (same) return this.audited(incident.number, same, true);
    if ((incident.files?.length ?? 0) >= MAX_FILES_PER_INCIDENT) return { ok: false, reason: 'tooMany' };
    const file: EvidenceFile = {
      ...checked.file,
      id: randomBytes(8).toString('hex'),
      addedBy: actor.userId,
      addedByName: actor.name,
      addedAt: this.deps.clock.now().toISOString(),
      addedAs: isCoordinator(actor) ? 'coordinator' : 'reporter',
    };
    const key = evidenceKey(incident, file.id);
    await this.deps.store.put(key, upload.bytes, evidenceTypes[file.type].contentType);
    let kept: EvidenceFile;
    try {
      kept = await this.record(actor, incident, file);
    } catch (error) {
      await this.removeOrphan(key);
      throw error;
    }
    if (kept.id !== file.id) await this.removeOrphan(key);
    return this.audited(incident.number, kept, kept.id !== file.id);
  }

  /**
   * The incident with its evidence, for a coordinator, or for the data protection officer when it is
   * a personal-data breach; anyone else is refused (P10).
   */
  async list(actor: Pick<IncidentActor, 'userId' | 'roles'>, number: unknown): Promise<Incident> {
    if (!isCoordinator(actor) && !actor.roles.has('dpo')) throw new ForbiddenError('evidence');
    const parsed = parseNumber(number);
    const stored = parsed && (await this.deps.incidents.get(parsed.year, parsed.seq));
    const incident = stored?.incident;
    if (!incident || (!isCoordinator(actor) && !dpoMaySee(incident))) throw new NotFoundError('incident');
    return incident;
  }

  /** One evidence file of an incident the actor may see (see {@link list}). */
  async file(
    actor: Pick<IncidentActor, 'userId' | 'roles'>,
    number: unknown,
    fileId: unknown,
  ): Promise<{ incident: Incident; file: EvidenceFile }> {
    const incident = await this.list(actor, number);
    const file = incident.files?.find((candidate) => candidate.id === fileId);
    if (!file) throw new NotFoundError('evidence');
    return { incident, file };
  }

  /**
   * The bytes of a file the actor may open, checked against the SHA-256 recorded when it was
   * attached, with the opening recorded in the audit log; `changed` when the bytes differ (never served).
   */
  async open(
    actor: Pick<IncidentActor, 'userId' | 'name' | 'roles'>,
    number: unknown,
    fileId: unknown,
  ): Promise<{ file: EvidenceFile; incident: Incident; bytes: Buffer } | { missing: true } | { changed: true }> {
    const { incident, file } = await this.file(actor, number, fileId);
    const bytes = await this.deps.store.get(evidenceKey(incident, file.id));
    if (!bytes) return { missing: true };
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
      this.deps.logger.error({ incident: incident.number, file: file.id }, 'evidence file does not match its SHA-256');
      return { changed: true };
    }
    await this.deps.audit.append('evidence', {
      actor: actor.userId,
      actorName: actor.name,
      action: 'evidence.opened',
      subject: incident.number,
      details: { file: file.id, sha256: file.sha256, asRole: isCoordinator(actor) ? 'coordinator' : 'dpo' },
    });
    return { file, incident, bytes };
  }

  /** Adds the file to the incident with its history entry, or answers the file kept already with the same bytes. */
  private async record(actor: IncidentActor, read: Incident, file: EvidenceFile): Promise<EvidenceFile> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.deps.incidents.get(read.year, read.seq);
      if (!stored || isAnonymised(stored.incident)) throw new NotFoundError('incident');
      const { incident: current, etag } = stored;
      const same = current.files?.find((kept) => kept.sha256 === file.sha256);
      if (same) return same;
      if ((current.files?.length ?? 0) >= MAX_FILES_PER_INCIDENT) throw new ConflictError('evidence');
      const { next, entry } = versionedChange(
        current,
        current.version,
        current.number,
        actor,
        'evidenceAdded',
        (incident, changes) => {
          changes.evidenceFile = [null, file.name];
          changes.evidenceSha256 = [null, file.sha256];
          return { ...incident, files: [...(incident.files ?? []), file] };
        },
        this.deps.clock.now(),
      );
      try {
        await this.deps.incidents.update(next, etag, entry, current);
        return file;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }

  /** Records the attached file in the audit log's evidence chain, once per incident and SHA-256. */
  private async audited(number: string, file: EvidenceFile, duplicate: boolean): Promise<AttachResult> {
    await this.deps.audit.ensure('evidence', {
      key: `evidence.added/${number}/${file.sha256}`,
      actor: file.addedBy,
      actorName: file.addedByName,
      action: 'evidence.added',
      subject: number,
      details: { file: file.id, sha256: file.sha256, size: file.size, type: file.type, addedAs: file.addedAs },
    });
    return { ok: true, number, file, duplicate };
  }

  private async removeOrphan(key: string): Promise<void> {
    try {
      await this.deps.store.delete(key);
    } catch (error) {
      // Left behind: the retention run deletes the incident's whole folder with its anonymisation.
      this.deps.logger.error({ err: error }, 'evidence file without a record could not be removed');
    }
  }
}
