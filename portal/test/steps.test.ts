import { classifyStatus, request } from '../src/api/outcome';
import type { PublicIssuer } from '../src/api/types';
import { integrityStep, signatureStep } from '../src/verify/document-checks';
import { accreditedOn, calendarDate, issuerStep } from '../src/verify/issuer-check';
import { ledgerStatusOf, ledgerStep } from '../src/verify/ledger-check';
import { currentVersionHash } from '../src/verify/links';
import { trustedCaPems } from '../src/verify/trust';

const issuer: PublicIssuer = {
  code: 'BKA', name: 'Đại học Bách khoa Hà Nội', kind: 'UNIVERSITY', status: 'ACTIVE', hostMsp: 'MoetMSP',
  successorCode: null, diplomaTypes: ['CU_NHAN', 'KY_SU'], validFrom: '2020-01-01', validTo: '2030-12-31',
};
const ok = <T>(value: T) => ({ kind: 'ok' as const, value });

describe('gateway outcomes', () => {
  it('maps 429 and 5xx to unavailable, 404 to not-found, other 4xx to refused', () => {
    expect([200, 404, 429, 500, 503, 400, 403].map(classifyStatus)).toEqual(['ok', 'not-found', 'unavailable', 'unavailable', 'unavailable', 'refused', 'refused']);
  });

  it('turns a network error into unavailable instead of throwing', async () => {
    const outcome = await request(() => Promise.reject(new TypeError('Failed to fetch')), async () => 1);
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'Failed to fetch' });
  });

  it('turns a 2xx body that cannot be read into unavailable', async () => {
    const outcome = await request(async () => new Response('<html>', { status: 200 }), async (r) => (await r.json()) as unknown);
    expect(outcome.kind).toBe('unavailable');
  });
});

describe('ledger step', () => {
  it('reads a 404 as NOT_FOUND and an outage as unknown', () => {
    expect(ledgerStatusOf({ kind: 'not-found', problem: {} })).toBe('NOT_FOUND');
    expect(ledgerStep({ kind: 'unavailable', reason: 'HTTP 503' }).result).toBe('unknown');
  });

  it('passes VALID and CORRECTED, fails REVOKED', () => {
    const view = (result: 'VALID' | 'CORRECTED' | 'REVOKED') => ok({ result, documentHash: 'a'.repeat(64) });
    expect(ledgerStep(view('VALID')).result).toBe('pass');
    expect(ledgerStep(view('CORRECTED')).result).toBe('pass');
    expect(ledgerStep(view('REVOKED'))).toMatchObject({ result: 'fail', explain: 'explain.ledger.REVOKED' });
  });
});

describe('ledger step: the signer the ledger recorded', () => {
  const signer = (status: 'TRUSTED' | 'REVOKED_AFTER_SIGNING' | 'COMPROMISED') => ({
    fingerprint: 'f'.repeat(64), committedAt: '2026-12-01T09:00:00.000Z', status, compromisedAt: status === 'TRUSTED' ? null : '2026-12-01T08:00:00.000Z',
  });
  const view = (s: ReturnType<typeof signer>, result: 'VALID' | 'REVOKED' = 'VALID') => ok({ result, documentHash: 'a'.repeat(64), signer: s });

  it('fails a VALID diploma the ledger recorded after its signer\'s key was compromised, with both times', () => {
    expect(ledgerStep(view(signer('COMPROMISED')))).toMatchObject({
      result: 'fail', explain: 'explain.ledger.signerCompromised', params: { compromisedAt: '2026-12-01T08:00:00.000Z', committedAt: '2026-12-01T09:00:00.000Z' },
    });
  });

  it('passes one recorded before the compromise (certificate revoked later), saying so', () => {
    expect(ledgerStep(view(signer('REVOKED_AFTER_SIGNING')))).toMatchObject({ result: 'pass', explain: 'explain.ledger.signerRevokedLater' });
    expect(ledgerStep(view(signer('TRUSTED')))).toMatchObject({ result: 'pass', explain: 'explain.ledger.VALID' });
    expect(ledgerStep(view(signer('COMPROMISED'), 'REVOKED')).explain).toBe('explain.ledger.REVOKED'); // the diploma's own status comes first
  });
});

describe('issuer step', () => {
  it('passes an accredited issuer on a signing date inside its validity', () => {
    expect(issuerStep({ issuerCode: 'BKA', diplomaType: 'KY_SU', signingDate: '2026-07-05T02:00:00.000Z', issuer: ok(issuer) }))
      .toMatchObject({ result: 'pass', params: { date: '2026-07-05', code: 'BKA' } });
  });

  it('fails a diploma type the issuer may not issue, and a date outside its validity', () => {
    expect(issuerStep({ issuerCode: 'BKA', diplomaType: 'TIEN_SI', signingDate: '2026-07-05', issuer: ok(issuer) }).explain).toBe('explain.issuer.notAccredited');
    expect(issuerStep({ issuerCode: 'BKA', diplomaType: 'KY_SU', signingDate: '2031-01-01', issuer: ok(issuer) }).explain).toBe('explain.issuer.notOnDate');
  });

  it('fails an issuer the registry does not know; an unreachable registry is unknown', () => {
    expect(issuerStep({ issuerCode: 'XXX', diplomaType: 'KY_SU', signingDate: '2026-07-05', issuer: { kind: 'not-found', problem: {} } }).result).toBe('fail');
    expect(issuerStep({ issuerCode: 'BKA', diplomaType: 'KY_SU', signingDate: '2026-07-05', issuer: { kind: 'unavailable', reason: 'x' } }).result).toBe('unknown');
  });

  it('compares calendar dates, open-ended validity included', () => {
    expect(calendarDate('2026-07-05T23:59:59Z')).toBe('2026-07-05');
    expect(accreditedOn({ ...issuer, validTo: null }, '2099-01-01')).toBe(true);
    expect(accreditedOn(issuer, '2019-12-31')).toBe(false);
  });
});

describe('document steps', () => {
  const integrity = { ok: true, documentHash: 'a'.repeat(64), hiddenFields: ['ethnicity'], problems: [] };

  it('fails integrity for a PDF whose visible content differs from its embedded document', () => {
    expect(integrityStep(integrity, { visibleContentMatches: false, problems: ['differs'] })).toMatchObject({ result: 'fail', explain: 'explain.integrity.pdfMismatch' });
    expect(integrityStep(integrity).result).toBe('pass');
    expect(integrityStep({ ...integrity, ok: false, problems: ['hash'] }).result).toBe('fail');
  });

  it('requires the chain to a trusted CA, names the signer, and is unknown without anchors', () => {
    const good = { ok: true, chainsToTrustedCa: true, signerOrganization: 'Bộ GD&ĐT', signerSubject: 'CN=registrar', problems: [] };
    expect(signatureStep(good, true)).toMatchObject({ result: 'pass', params: { organization: 'Bộ GD&ĐT', subject: 'CN=registrar' } });
    const named = { ...good, signerOrganization: 'Đại học Bách khoa Hà Nội', signerIssuerCode: 'BKA', certifiedBy: 'Bộ Giáo dục và Đào tạo' };
    expect(signatureStep(named, true).params).toMatchObject({ organization: 'Đại học Bách khoa Hà Nội (BKA)', authority: 'Bộ Giáo dục và Đào tạo' });
    expect(signatureStep({ ...good, ok: false, chainsToTrustedCa: false }, true).result).toBe('fail');
    expect(signatureStep({ ok: true, problems: [] }, false).result).toBe('unknown');
    expect(signatureStep({ ok: false, problems: ['bad'] }, false).result).toBe('fail');
  });

  it('fails a sound signature by another certificate than the one the ledger recorded for the hash', () => {
    const good = { ok: true, chainsToTrustedCa: true, signerOrganization: 'Đại học Bách khoa Hà Nội', signerSubject: 'CN=x', signerFingerprint: 'a'.repeat(64), problems: [] };
    expect(signatureStep(good, true, 'a'.repeat(64)).result).toBe('pass');
    expect(signatureStep(good, true, 'b'.repeat(64))).toMatchObject({ result: 'fail', explain: 'explain.signature.notLedgerSigner' });
    expect(signatureStep(good, true, undefined).result).toBe('pass'); // hashes recorded before signers were
  });

  it('anchors to the issuer host organization only', () => {
    const anchors = { organizations: [{ mspId: 'MoetMSP', caCertificatesPem: ['A'] }, { mspId: 'HanoiMSP', caCertificatesPem: ['B'] }] };
    expect(trustedCaPems(anchors, 'HanoiMSP')).toEqual(['B']);
    expect(trustedCaPems(anchors, undefined)).toEqual(['A', 'B']);
  });
});

describe('links', () => {
  it('finds the hash of the version in force from the events of a corrected diploma', () => {
    const old = 'a'.repeat(64);
    const current = 'b'.repeat(64);
    const event = (version: number, documentHash: string) => ({
      type: version === 1 ? 'DiplomaIssued' : 'DiplomaCorrected', transactionId: `tx${version}`, blockNumber: version, timestamp: '', organization: 'MoetMSP',
      decision: null, status: 'VALID', version, documentHash, details: {},
    });
    expect(currentVersionHash({ result: 'CORRECTED', documentHash: old, currentVersion: 2 }, [event(1, old), event(2, current)])).toBe(current);
    expect(currentVersionHash({ result: 'CORRECTED', documentHash: old, currentVersion: 2, currentDocumentHash: 'c'.repeat(64) }, undefined)).toBe('c'.repeat(64));
  });
});
