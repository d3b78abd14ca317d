/**
 * The signing-certificate registry: which certificates sign diplomas for an institution, from
 * when, and which were revoked, with the moment their key must be presumed compromised. Registering
 * a certificate is the key-rotation event of the issuer registry; an old certificate stays valid
 * for the diplomas it signed. Same access rule as the issuer registry: the Ministry for any issuer,
 * a Department for the schools it hosts.
 */
import type { Context } from 'fabric-contract-api';
import { canAdministerIssuer, describe } from '../access';
import { fail } from '../errors';
import { emit, stamp } from '../events';
import { historyOf, HistoryEntry } from '../history';
import { loadIssuer } from '../issuers/issuer-store';
import { OBJ, signingCertKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { CERTIFICATE_REVOCATION_REASONS, Issuer, SigningCertificate } from '../model';
import { TxInfo, txInfo } from '../tx';
import * as v from '../validation';
import { readCertificate } from './certificate-reader';
import { createSigningCertificate, findSigningCertificate, loadListed, loadSigningCertificate, saveRevokedCertificate } from './signing-certificate-store';

const MAX_REQUEST = 16 * 1024;

export const fingerprint = (value: unknown, name: string): string =>
  v.matchString(value, name, v.HASH_RE, 'a certificate fingerprint (SHA-256 of its DER, 64 lowercase hex)');

function requireAdministrator(tx: TxInfo, issuer: Issuer, action: string): void {
  if (!canAdministerIssuer(tx, issuer)) {
    fail('NOT_AUTHORIZED', `${action} for ${issuer.code} requires ministry-admin, or department-admin of ${issuer.hostMsp} for its schools (caller: ${describe(tx)})`);
  }
}

export async function registerSigningCertificate(ctx: Context, raw: string): Promise<{ created: boolean; certificate: SigningCertificate }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['issuerCode', 'certificatePem']);
  const issuerCode = v.issuerCode(req.issuerCode, 'issuerCode');
  const facts = readCertificate(req.certificatePem, 'certificatePem');
  // The certificate must be one that acts for this institution on the ledger: an issuer identity of it.
  if (facts.attributes['vanbang.issuer'] !== issuerCode || facts.attributes['vanbang.role'] !== 'issuer') {
    fail('INVALID_CERTIFICATE', `certificatePem: the certificate must carry vanbang.role=issuer and vanbang.issuer=${issuerCode} (it has role ${facts.attributes['vanbang.role'] ?? 'none'}, issuer ${facts.attributes['vanbang.issuer'] ?? 'none'})`);
  }
  const issuer = await loadIssuer(ctx.stub, issuerCode);
  requireAdministrator(tx, issuer, 'registering a signing certificate');
  if (issuer.status === 'MERGED') fail('ISSUER_MERGED', `Issuer ${issuerCode} has merged into ${issuer.successorCode}; it signs nothing new`);

  // A re-run (seed, rotation retried) is harmless. The attribute check above ties a certificate
  // to one issuer code, so an existing record is always this issuer's.
  const existing = await findSigningCertificate(ctx.stub, facts.fingerprint);
  if (existing) return { created: false, certificate: existing };
  const certificate: SigningCertificate = {
    docType: 'signingCertificate',
    fingerprint: facts.fingerprint,
    issuerCode,
    hostMsp: issuer.hostMsp,
    serialNumber: facts.serialNumber,
    subject: facts.subject,
    issuerDn: facts.issuerDn,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    status: 'ACTIVE',
    registeredAt: tx.timestamp,
    registeredTxId: tx.txId,
    registeredBy: { mspId: tx.mspId, actorRole: tx.role },
    revocation: null,
    lastEvent: stamp(tx, 'SigningCertificateRegistered', null, { serialNumber: facts.serialNumber }),
  };
  await createSigningCertificate(ctx.stub, certificate);
  emit(ctx.stub, tx, 'SigningCertificateRegistered', [issuerCode, facts.fingerprint], [], {
    fingerprint: facts.fingerprint, hostMsp: issuer.hostMsp, notAfter: facts.notAfter, serialNumber: facts.serialNumber,
  });
  return { created: true, certificate };
}

export async function revokeSigningCertificate(ctx: Context, raw: string): Promise<{ revoked: boolean; certificate: SigningCertificate }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['fingerprint', 'compromisedAt', 'reason'], ['decision']);
  const fp = fingerprint(req.fingerprint, 'fingerprint');
  const compromisedAt = v.timestamp(req.compromisedAt, 'compromisedAt', tx.timestamp);
  const reason = v.oneOf(req.reason, 'reason', CERTIFICATE_REVOCATION_REASONS);
  const decision = req.decision === undefined || req.decision === null ? null : v.decision(req.decision, 'decision', tx.date);

  const cert = await loadSigningCertificate(ctx.stub, fp);
  requireAdministrator(tx, await loadIssuer(ctx.stub, cert.issuerCode), 'revoking a signing certificate');
  if (cert.revocation) {
    // The revocation script may be re-run after an interruption: the same revocation is a no-op.
    if (cert.revocation.compromisedAt === compromisedAt && cert.revocation.reason === reason) return { revoked: false, certificate: cert };
    fail('CERTIFICATE_ALREADY_REVOKED', `certificate ${fp} was already revoked at ${cert.revocation.revokedAt} (compromised from ${cert.revocation.compromisedAt})`);
  }
  const revoked: SigningCertificate = {
    ...cert,
    status: 'REVOKED',
    revocation: { revokedAt: tx.timestamp, compromisedAt, reason, decision, txId: tx.txId, mspId: tx.mspId, actorRole: tx.role },
    lastEvent: stamp(tx, 'SigningCertificateRevoked', decision, { compromisedAt, reason }),
  };
  await saveRevokedCertificate(ctx.stub, revoked);
  emit(ctx.stub, tx, 'SigningCertificateRevoked', [cert.issuerCode, fp], [], { compromisedAt, fingerprint: fp, reason, serialNumber: cert.serialNumber });
  return { revoked: true, certificate: revoked };
}

export async function getSigningCertificate(ctx: Context, raw: string): Promise<SigningCertificate> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['fingerprint']);
  return loadSigningCertificate(ctx.stub, fingerprint(req.fingerprint, 'fingerprint'));
}

export interface CertificatePage {
  records: SigningCertificate[];
  fetchedRecordsCount: number;
  bookmark: string;
}

/** An issuer's signing certificates (every key it ever signed with), in fingerprint order. */
export async function listSigningCertificates(ctx: Context, raw: string): Promise<CertificatePage> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['issuerCode'], ['pageSize', 'bookmark']);
  const issuerCode = v.issuerCode(req.issuerCode, 'issuerCode');
  const { pageSize, bookmark } = v.page(req);
  const res = await new Store(ctx.stub).page<{ fingerprint: string }>(OBJ.signingCertByIssuer, [issuerCode], pageSize, bookmark);
  const records = await loadListed(ctx.stub, res.values);
  return { records, fetchedRecordsCount: records.length, bookmark: res.bookmark };
}

/** Every revoked signing certificate of the network (what an offline verifier needs), in fingerprint order. */
export async function listRevokedSigningCertificates(ctx: Context, raw: string): Promise<CertificatePage> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', [], ['pageSize', 'bookmark']);
  const { pageSize, bookmark } = v.page(req);
  const res = await new Store(ctx.stub).page<{ fingerprint: string }>(OBJ.revokedSigningCert, [], pageSize, bookmark);
  const records = await loadListed(ctx.stub, res.values);
  return { records, fetchedRecordsCount: records.length, bookmark: res.bookmark };
}

export async function getSigningCertificateHistory(ctx: Context, raw: string): Promise<{ fingerprint: string; history: HistoryEntry<SigningCertificate>[] }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['fingerprint']);
  const fp = fingerprint(req.fingerprint, 'fingerprint');
  const history = await historyOf<SigningCertificate>(ctx.stub, signingCertKey(ctx.stub, fp));
  if (history.length === 0) fail('CERTIFICATE_NOT_FOUND', `no signing certificate ${fp} in the registry`);
  return { fingerprint: fp, history };
}
