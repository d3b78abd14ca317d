// How the status index stores its records: msgpack tuples instead of objects (no field names
// repeated per diploma), 64-hex values (hashes, transaction ids, fingerprints) as their 32 bytes,
// and ISO timestamps as milliseconds when that round-trips exactly. Each decoder gives back the
// very values the chaincode wrote, so an answer built from them is VerifyHash's, byte for byte.
import type { VerifyCertificate, VerifyDiploma, VerifyIssuer } from '@vanbang/chaincode/verify-answer';
import type { HashEntry, IndexedDiploma } from './state-records';

const HEX64 = /^[0-9a-f]{64}$/;

type Packed = string | number | Uint8Array | null | Packed[];

function packHex(value: string): string | Uint8Array {
  return HEX64.test(value) ? Buffer.from(value, 'hex') : value;
}

function unpackHex(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  throw new Error(`status index: expected a hex value, found ${typeof value}`);
}

function packTime(value: string): string | number {
  const millis = Date.parse(value);
  return Number.isFinite(millis) && new Date(millis).toISOString() === value ? millis : value;
}

function unpackTime(value: unknown): string {
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') return value;
  throw new Error(`status index: expected a timestamp, found ${typeof value}`);
}

function tuple(value: unknown, length: number, what: string): unknown[] {
  if (!Array.isArray(value) || value.length !== length) throw new Error(`status index: damaged ${what} record`);
  return value;
}

/** The hash's 32 bytes: the key of its index entry. */
export function hashKey(hash: string): Buffer {
  return Buffer.from(hash, 'hex');
}

export function packHashEntry(e: HashEntry): Packed {
  return [e.diplomaId, e.version, e.signerFingerprint ? packHex(e.signerFingerprint) : null, e.committedAt ? packTime(e.committedAt) : null];
}

export function unpackHashEntry(value: unknown): HashEntry {
  const [diplomaId, version, fingerprint, committedAt] = tuple(value, 4, 'hash');
  const entry: HashEntry = { diplomaId: String(diplomaId), version: Number(version) };
  if (fingerprint !== null) entry.signerFingerprint = unpackHex(fingerprint);
  if (committedAt !== null) entry.committedAt = unpackTime(committedAt);
  return entry;
}

export function packDiploma(d: IndexedDiploma): Packed {
  const r = d.revocation;
  return [
    packHex(d.documentHash), d.version, d.status, d.diplomaType, d.graduationYear, d.issuerCode,
    d.supersedes, d.supersededBy,
    r ? [r.ground, r.decision.number, r.decision.date, packTime(r.timestamp)] : null,
    [d.lastEvent.type, packHex(d.lastEvent.txId), packTime(d.lastEvent.timestamp)],
    d.hostMsp,
  ];
}

export function unpackDiploma(diplomaId: string, value: unknown): IndexedDiploma {
  const [documentHash, version, status, diplomaType, graduationYear, issuerCode, supersedes, supersededBy, revocation, lastEvent, hostMsp] = tuple(value, 11, 'diploma');
  const r = revocation === null ? null : tuple(revocation, 4, 'revocation');
  const e = tuple(lastEvent, 3, 'event');
  return {
    diplomaId, hostMsp: String(hostMsp), documentHash: unpackHex(documentHash), version: Number(version), status: status as VerifyDiploma['status'],
    diplomaType: diplomaType as VerifyDiploma['diplomaType'], graduationYear: Number(graduationYear), issuerCode: String(issuerCode),
    supersedes: supersedes === null ? null : String(supersedes), supersededBy: supersededBy === null ? null : String(supersededBy),
    revocation: r ? { ground: r[0] as NonNullable<VerifyDiploma['revocation']>['ground'], decision: { number: String(r[1]), date: String(r[2]) }, timestamp: unpackTime(r[3]) } : null,
    lastEvent: { type: e[0] as VerifyDiploma['lastEvent']['type'], txId: unpackHex(e[1]), timestamp: unpackTime(e[2]) },
  };
}

export function packIssuer(i: VerifyIssuer): Packed {
  return [i.code, i.name, i.status];
}

export function unpackIssuer(value: unknown): VerifyIssuer {
  const [code, name, status] = tuple(value, 3, 'issuer');
  return { code: String(code), name: String(name), status: status as VerifyIssuer['status'] };
}

export function packCertificate(c: VerifyCertificate): Packed {
  return [c.issuerCode, c.revocation ? [packTime(c.revocation.compromisedAt), packTime(c.revocation.revokedAt)] : null];
}

export function unpackCertificate(value: unknown): VerifyCertificate {
  const [issuerCode, revocation] = tuple(value, 2, 'certificate');
  const r = revocation === null ? null : tuple(revocation, 2, 'certificate revocation');
  return { issuerCode: String(issuerCode), revocation: r ? { compromisedAt: unpackTime(r[0]), revokedAt: unpackTime(r[1]) } : null };
}
