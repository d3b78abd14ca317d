// The world-state records a verify answer is made of, recognised in a block's write set by their
// composite keys (chaincode/src/ledger/keys.ts) and cut down to the fields VerifyHash answers
// with (chaincode/src/diplomas/verify-answer.ts). Everything else the chaincode writes (register
// entries, copies, decisions, personal-data-free but unneeded detail) is not kept.
import type { VerifyCertificate, VerifyDiploma, VerifyIssuer } from '@vanbang/chaincode/verify-answer';

/** A hash index entry as the chaincode stores it (chaincode/src/model.ts HashIndexEntry). */
export interface HashEntry {
  diplomaId: string;
  version: number;
  signerFingerprint?: string;
  committedAt?: string;
}

/**
 * A diploma as the index keeps it: the fields verify answers carry, and the host organization
 * (its Department or the Ministry) that the national statistics group by.
 */
export type IndexedDiploma = VerifyDiploma & { hostMsp: string };

export type StateRecord =
  | { kind: 'hash'; hash: string; entry: HashEntry | null }
  | { kind: 'diploma'; diplomaId: string; diploma: IndexedDiploma | null }
  | { kind: 'issuer'; code: string; issuer: VerifyIssuer | null }
  | { kind: 'certificate'; fingerprint: string; certificate: VerifyCertificate | null };

// Fabric's composite keys: U+0000, object type, U+0000, then each attribute followed by U+0000.
const SEP = '\u0000';
const OBJECT_TYPES = { 'vb.hash': 'hash', 'vb.diploma': 'diploma', 'vb.issuer': 'issuer', 'vb.sigcert': 'certificate' } as const;

function compositeKeyParts(key: string): { objectType: string; attributes: string[] } | null {
  if (!key.startsWith(SEP) || !key.endsWith(SEP)) return null;
  const [objectType = '', ...attributes] = key.slice(1, -1).split(SEP);
  return { objectType, attributes };
}

interface DiplomaState extends IndexedDiploma {
  revocation: (VerifyDiploma['revocation'] & Record<string, unknown>) | null;
  lastEvent: VerifyDiploma['lastEvent'] & Record<string, unknown>;
}

/** The fields of a diploma that verify answers and statistics need; the rest of the record is dropped. */
export function verifyDiplomaOf(d: DiplomaState): IndexedDiploma {
  return {
    diplomaId: d.diplomaId, hostMsp: d.hostMsp, documentHash: d.documentHash, version: d.version, status: d.status,
    diplomaType: d.diplomaType, graduationYear: d.graduationYear, issuerCode: d.issuerCode,
    supersedes: d.supersedes ?? null, supersededBy: d.supersededBy ?? null,
    revocation: d.revocation ? { ground: d.revocation.ground, decision: { number: d.revocation.decision.number, date: d.revocation.decision.date }, timestamp: d.revocation.timestamp } : null,
    lastEvent: { type: d.lastEvent.type, txId: d.lastEvent.txId, timestamp: d.lastEvent.timestamp },
  };
}

/**
 * The record a state write is, or null for keys a verify answer does not read. A value that is
 * not the JSON the chaincode writes throws: the index must not silently skip part of the state.
 */
export function stateRecordOf(key: string, value: Uint8Array | null): StateRecord | null {
  const parts = compositeKeyParts(key);
  if (!parts) return null;
  const kind = OBJECT_TYPES[parts.objectType as keyof typeof OBJECT_TYPES];
  if (!kind) return null;
  const json = value === null ? null : (JSON.parse(Buffer.from(value).toString('utf8')) as Record<string, unknown>);
  switch (kind) {
    case 'hash': {
      const [hash = ''] = parts.attributes;
      if (!json) return { kind, hash, entry: null };
      const entry: HashEntry = { diplomaId: String(json.diplomaId), version: Number(json.version) };
      if (typeof json.signerFingerprint === 'string') entry.signerFingerprint = json.signerFingerprint;
      if (typeof json.committedAt === 'string') entry.committedAt = json.committedAt;
      return { kind, hash, entry };
    }
    case 'diploma': {
      const [issuerCode = '', serialNumber = ''] = parts.attributes;
      const diplomaId = json ? String(json.diplomaId) : `${issuerCode}:${serialNumber}`;
      return { kind, diplomaId, diploma: json ? verifyDiplomaOf(json as unknown as DiplomaState) : null };
    }
    case 'issuer': {
      const [code = ''] = parts.attributes;
      return { kind, code, issuer: json ? { code: String(json.code), name: String(json.name), status: json.status as VerifyIssuer['status'] } : null };
    }
    case 'certificate': {
      const [fingerprint = ''] = parts.attributes;
      if (!json) return { kind, fingerprint, certificate: null };
      const revocation = json.revocation as { compromisedAt: string; revokedAt: string } | null;
      return {
        kind, fingerprint,
        certificate: { issuerCode: String(json.issuerCode), revocation: revocation ? { compromisedAt: revocation.compromisedAt, revokedAt: revocation.revokedAt } : null },
      };
    }
  }
}
