import { decideVerdict } from '../src/verify/verdict';
import type { Step, StepName, StepResult } from '../src/verify/steps';

const step = (name: StepName, result: StepResult): Step => ({ name, result, explain: 'explain.integrity.pass' });
const all = (integrity: StepResult, signature: StepResult, issuer: StepResult, ledger: StepResult) =>
  [step('integrity', integrity), step('signature', signature), step('issuer', issuer), step('ledger', ledger)];

describe('decideVerdict', () => {
  it('is valid when every step passes and the ledger says VALID', () => {
    expect(decideVerdict(all('pass', 'pass', 'pass', 'pass'), 'VALID')).toEqual({ kind: 'valid', status: 'VALID' });
  });

  it('is valid with the correction notice for CORRECTED', () => {
    expect(decideVerdict(all('pass', 'pass', 'pass', 'pass'), 'CORRECTED')).toEqual({ kind: 'valid', status: 'CORRECTED', corrected: true });
  });

  it('names integrity as the failed step, before anything the ledger says', () => {
    expect(decideVerdict(all('fail', 'fail', 'pass', 'fail'), 'NOT_FOUND')).toEqual({ kind: 'invalid', failedStep: 'integrity' });
  });

  it('names the signature step when only the signature fails', () => {
    expect(decideVerdict(all('pass', 'fail', 'pass', 'pass'), 'VALID')).toEqual({ kind: 'invalid', failedStep: 'signature' });
  });

  it.each(['NOT_FOUND', 'REVOKED', 'SUPERSEDED'] as const)('is invalid for ledger status %s', (status) => {
    expect(decideVerdict(all('pass', 'pass', 'pass', 'fail'), status)).toEqual({ kind: 'invalid', status });
  });

  it('is undetermined, never invalid, when the ledger could not be asked', () => {
    expect(decideVerdict(all('pass', 'pass', 'unknown', 'unknown'), undefined)).toEqual({ kind: 'undetermined' });
  });

  it('is undetermined when the trust anchors could not be fetched but the signature is sound', () => {
    expect(decideVerdict(all('pass', 'unknown', 'pass', 'pass'), 'VALID')).toEqual({ kind: 'undetermined' });
  });

  it('is invalid when the issuer was not accredited on the signing date', () => {
    expect(decideVerdict(all('pass', 'pass', 'fail', 'pass'), 'VALID')).toEqual({ kind: 'invalid', failedStep: 'issuer' });
  });

  describe('when the signer\'s certificate was revoked', () => {
    const signer = (status: 'REVOKED_AFTER_SIGNING' | 'COMPROMISED') => ({ fingerprint: 'f'.repeat(64), committedAt: '2026-12-01T09:00:00.000Z', status, compromisedAt: '2026-12-01T08:00:00.000Z' });

    it('is invalid for a VALID diploma recorded after the key was compromised, naming the ledger step', () => {
      expect(decideVerdict(all('pass', 'pass', 'pass', 'fail'), 'VALID', signer('COMPROMISED'))).toEqual({
        kind: 'invalid', failedStep: 'ledger', signer: { status: 'COMPROMISED', compromisedAt: '2026-12-01T08:00:00.000Z', committedAt: '2026-12-01T09:00:00.000Z' },
      });
      expect(decideVerdict(all('skipped', 'skipped', 'pass', 'fail'), 'CORRECTED', signer('COMPROMISED')).kind).toBe('invalid');
    });

    it('stays valid, with a notice, for one recorded before the compromise', () => {
      expect(decideVerdict(all('pass', 'pass', 'pass', 'pass'), 'VALID', signer('REVOKED_AFTER_SIGNING'))).toMatchObject({ kind: 'valid', signer: { status: 'REVOKED_AFTER_SIGNING' } });
    });

    it('lets a failed integrity check still name integrity first', () => {
      expect(decideVerdict(all('fail', 'pass', 'pass', 'fail'), 'VALID', signer('COMPROMISED'))).toEqual({ kind: 'invalid', failedStep: 'integrity' });
    });
  });

  it('treats skipped integrity and signature (a hash-only check) as no objection', () => {
    expect(decideVerdict(all('skipped', 'skipped', 'pass', 'pass'), 'VALID').kind).toBe('valid');
    expect(decideVerdict(all('skipped', 'skipped', 'skipped', 'unknown'), undefined).kind).toBe('undetermined');
  });
});
