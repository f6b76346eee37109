/**
 * The kinds of file kept as evidence on an incident (#20), each as its bytes show it, with the
 * content type it is served with and the file name endings it may carry.
 *
 * @remarks P1, P10. The list is what a municipality's staff attach to a report: screenshots and
 * photos, PDFs, Office documents and plain text (a mail's source). `EVIDENCE_TYPES` narrows it.
 */
export const evidenceTypes = {
  png: { contentType: 'image/png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  gif: { contentType: 'image/gif', extensions: ['gif'] },
  webp: { contentType: 'image/webp', extensions: ['webp'] },
  heic: { contentType: 'image/heic', extensions: ['heic', 'heif'] },
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  text: { contentType: 'text/plain; charset=utf-8', extensions: ['txt', 'eml', 'log', 'csv'] },
} as const;

export type EvidenceType = keyof typeof evidenceTypes;

/** Every type, in the order `EVIDENCE_TYPES` lists them by default. */
export const evidenceTypeNames = Object.keys(evidenceTypes) as EvidenceType[];

export const isEvidenceType = (value: unknown): value is EvidenceType =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(evidenceTypes, value);

/** A file kept as evidence on an incident: what it is, its fingerprint, who attached it and when. */
export interface EvidenceFile {
  /** Short random id, unique on the incident; part of the blob's name. */
  id: string;
  /** The file name as shown (cleaned: no path, no control or direction characters). */
  name: string;
  /** Bytes. */
  size: number;
  /** What the bytes are (never what the sender claimed). */
  type: EvidenceType;
  /** SHA-256 of the bytes, hex: recorded in the history and the audit log, checked on every download. */
  sha256: string;
  addedBy: string;
  addedByName: string;
  /** ISO instant. */
  addedAt: string;
  /** Who attached it: the reporter (from her chat) or a coordinator. */
  addedAs: 'reporter' | 'coordinator';
}

/** The settings evidence is held to (`EVIDENCE_*`). */
export interface EvidencePolicy {
  /** Largest file taken, in bytes. */
  maxBytes: number;
  /** The types taken. */
  allowed: readonly EvidenceType[];
}

/** At most this many files on one incident (its record stays within Table Storage's entity size). */
export const MAX_FILES_PER_INCIDENT = 20;

/** Where an incident's files live in the evidence container: one folder per incident. */
export const evidenceFolder = (incident: { year: number; seq: number }): string =>
  `incidents/${incident.year}/${incident.seq}/`;

/** The blob name of one file. */
export const evidenceKey = (incident: { year: number; seq: number }, fileId: string): string =>
  `${evidenceFolder(incident)}${fileId}`;
