import './support/quiet';
import fc from 'fast-check';
import { AnchoringContract, DiplomaContract, IssuerRegistryContract, SigningCertificatesContract, contracts } from '../src';
import { parseErrorCode } from '../src/errors';
import { stableStringify } from '../src/ledger/json';
import { isPersonalDataKey } from '../src/validation';
import { BKA_ISSUER, bkaDiploma, demoHarness, hash, HN_SCHOOL, MINISTRY_ADMIN, PUBLIC, schoolItem } from './support/harness';

const D = { number: '88/QĐ-ĐHBK', date: '2026-06-30' };

/** Every key name in a JSON value, at any depth. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.add(k); keysOf(v, out); }
  return out;
}

async function scenario() {
  const h = await demoHarness();
  const a = bkaDiploma({ serialNumber: 'KS2026/000001', registerEntryNumber: '2026/KS/1', documentHash: hash('a') });
  await h.submit('IssueDiploma', BKA_ISSUER, a);
  await h.submit('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1), schoolItem(2)] });
  await h.submit('CorrectDiploma', BKA_ISSUER, { diplomaId: 'BKA:KS2026/000001', documentHash: hash('b'), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
  await h.submit('RecordCopy', BKA_ISSUER, { diplomaId: 'BKA:KS2026/000001' });
  await h.submit('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: 'BKA:KS2026/000001', ground: 'FRAUD', decision: D });
  return h;
}

describe('determinism and integrity', () => {
  it('the same transactions give byte-identical state, events and results', async () => {
    const [h1, h2] = [await scenario(), await scenario()];
    expect(h1.snapshot()).toBe(h2.snapshot());
    expect(h1.ledger.events.map((e) => e.payload.toString())).toEqual(h2.ledger.events.map((e) => e.payload.toString()));
    const r1 = await h1.submit('GetHistory', PUBLIC, { diplomaId: 'BKA:KS2026/000001' });
    const r2 = await h2.submit('GetHistory', PUBLIC, { diplomaId: 'BKA:KS2026/000001' });
    expect(r1.result).toBe(r2.result);
  });

  it('stores state, events and results as sorted JSON', async () => {
    const h = await scenario();
    for (const v of h.ledger.state.values()) expect(v.toString()).toBe(stableStringify(JSON.parse(v.toString())));
    for (const e of h.ledger.events) expect(e.payload.toString()).toBe(stableStringify(JSON.parse(e.payload.toString())));
    const { result } = await h.submit('GetDiploma', PUBLIC, { diplomaId: 'BKA:KS2026/000001' });
    expect(result).toBe(stableStringify(JSON.parse(result)));
    expect(stableStringify({ b: 1, a: [{ d: 1, c: 'x' }], u: undefined })).toBe('{"a":[{"c":"x","d":1}],"b":1}');
  });

  it('emits exactly one event per state-changing transaction and never deletes', async () => {
    const h = await demoHarness();
    const { stub } = await h.submit('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1), schoolItem(2), schoolItem(3)] });
    expect(stub.eventsSet).toBe(1);
    const h2 = await scenario();
    expect(h2.ledger.events.map((e) => e.name)).toEqual([
      'IssuerRegistered', 'IssuerRegistered', 'DiplomaIssued', 'DiplomasIssued', 'DiplomaCorrected', 'CopyRecorded', 'DiplomaRevoked',
    ]);
    for (const e of h2.ledger.events) {
      const p = JSON.parse(e.payload.toString());
      expect(Object.keys(p).sort()).toEqual(['details', 'hashes', 'ids', 'mspId', 'timestamp', 'txId', 'type']);
      expect(p.txId).toBe(e.txId);
    }
  });

  it('takes time from the transaction timestamp, not the clock', async () => {
    const h = await demoHarness();
    h.nextSeconds = Date.UTC(2026, 8, 1, 12) / 1000;
    const spy = jest.spyOn(Date, 'now').mockReturnValue(0);
    const { diploma } = await h.call<{ diploma: { issuedAt: string } }>('IssueDiploma', BKA_ISSUER, bkaDiploma());
    spy.mockRestore();
    expect(diploma.issuedAt).toBe('2026-09-01T12:00:00.500Z');
  });

  it('never stores personal data and never the caller certificate subject', async () => {
    const h = await scenario();
    for (const v of h.ledger.state.values()) {
      const text = v.toString();
      for (const k of keysOf(JSON.parse(text))) expect(isPersonalDataKey(k)).toBe(false);
      expect(text).not.toMatch(/Nguyen Van Minh|Tran Thi Lan|CN=/);
    }
  });

  it.each([
    ['fullName', { fullName: 'Nguyễn Văn A' }],
    ['dateOfBirth', { dateOfBirth: '2008-01-01' }],
    ['citizenId', { citizenId: '001208000001' }],
    ['personalIdNumber', { personalIdNumber: '001208000001' }],
    ['ethnicity', { ethnicity: 'Kinh' }],
    ['full_name', { full_name: 'x' }],
    ['Ethnicity', { Ethnicity: 'x' }],
  ])('refuses a request carrying %s', async (_name, extra) => {
    const h = await demoHarness();
    await h.reject('IssueDiploma', BKA_ISSUER, { ...bkaDiploma(), ...extra }, 'PERSONAL_DATA_FORBIDDEN');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [{ ...schoolItem(1), ...extra }] }, 'PERSONAL_DATA_FORBIDDEN');
    await h.reject('CorrectDiploma', BKA_ISSUER, { diplomaId: 'BKA:X', documentHash: hash(), decision: { ...D, ...extra }, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' }, 'PERSONAL_DATA_FORBIDDEN');
  });

  it('formats errors as "[CODE] message", parseable even when wrapped', async () => {
    const h = await demoHarness();
    const msg = await h.reject('GetDiploma', PUBLIC, { diplomaId: 'BKA:NOPE' }, 'DIPLOMA_NOT_FOUND');
    expect(msg).toBe('[DIPLOMA_NOT_FOUND] Diploma BKA:NOPE does not exist');
    expect(parseErrorCode(`chaincode response 500, ${msg}`)).toBe('DIPLOMA_NOT_FOUND');
  });

  it('exports the contracts, Diploma first (default), IssuerRegistry, SigningCertificates and Anchoring named', async () => {
    expect(contracts).toEqual([DiplomaContract, IssuerRegistryContract, SigningCertificatesContract, AnchoringContract]);
    expect(new DiplomaContract().getName()).toBe('Diploma');
    expect(new IssuerRegistryContract().getName()).toBe('IssuerRegistry');
    expect(new SigningCertificatesContract().getName()).toBe('SigningCertificates');
    expect(new AnchoringContract().getName()).toBe('Anchoring');
    const ctx = { stub: { getFunctionAndParameters: () => ({ fcn: 'Nope', params: [] }) } };
    await expect(new DiplomaContract().unknownTransaction(ctx as never)).rejects.toThrow('[UNKNOWN_TRANSACTION]');
  });
});

/** The straightforward canonical JSON the chaincode used first: the reference for the fast one. */
function referenceStringify(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('non-finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : referenceStringify(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        if (obj[key] === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${referenceStringify(obj[key])}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error('unsupported');
  }
}

it('stableStringify gives the same bytes as the reference canonical JSON, for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.option(fc.string(), { nil: undefined })), (json, withUndefined) => {
      expect(stableStringify(json)).toBe(referenceStringify(json));
      expect(stableStringify(withUndefined)).toBe(referenceStringify(withUndefined));
      expect(stableStringify([undefined, withUndefined])).toBe(referenceStringify([undefined, withUndefined]));
    }),
    { numRuns: 2000 },
  );
  expect(() => stableStringify({ a: NaN })).toThrow();
  expect(() => stableStringify({ a: () => 1 })).toThrow();
});
