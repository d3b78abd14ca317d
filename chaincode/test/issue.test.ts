import { policyOrgs } from '../src/ledger/endorsement';
import { MAX_BATCH } from '../src/diplomas/issue';
import {
  AUDITOR, BKA_ISSUER, bkaDiploma, demoHarness, HANOI_ADMIN, hash, HN_SCHOOL, MINISTRY_ADMIN, schoolItem,
} from './support/harness';

const D = { number: '7/QĐ-BGDĐT', date: '2026-03-01' };

describe('IssueDiploma', () => {
  it('issues a diploma with no personal data, version 1, VALID, and emits DiplomaIssued', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    const { created, diploma } = await h.call<{ created: boolean; diploma: Record<string, unknown> }>('IssueDiploma', BKA_ISSUER, req);
    expect(created).toBe(true);
    expect(diploma).toMatchObject({
      diplomaId: `BKA:${req.serialNumber}`, issuerCode: 'BKA', documentHash: req.documentHash, status: 'VALID', version: 1,
      registerYear: 2026, supersedes: null, supersededBy: null, revocation: null, copyCount: 0, hostMsp: 'MinistryMSP',
      issuedTxId: 'tx0003', issuedAt: '2026-07-01T00:00:02.500Z',
    });
    expect(diploma.lastEvent).toEqual({
      type: 'DiplomaIssued', txId: 'tx0003', timestamp: '2026-07-01T00:00:02.500Z', mspId: 'MinistryMSP',
      actorRole: 'issuer', actorIssuerCode: 'BKA', decision: null, details: {},
    });
    const ev = h.lastEvent();
    expect(ev.name).toBe('DiplomaIssued');
    expect(ev.payload).toEqual({
      type: 'DiplomaIssued', txId: 'tx0003', timestamp: '2026-07-01T00:00:02.500Z', mspId: 'MinistryMSP',
      ids: [diploma.diplomaId], hashes: [req.documentHash], details: { issuerCode: 'BKA' },
    });
  });

  it('writes the diploma, hash and register keys (no list key); Department-hosted keys get Ministry AND Department', async () => {
    const h = await demoHarness();
    const { stub } = await h.submit('IssueDiploma', HN_SCHOOL, { issuerCode: 'HN-THPT-001', ...schoolItem(1) });
    const written = [...stub.writes.keys()].map((k) => k.split('\u0000')[1]).sort();
    expect(written).toEqual(['vb.diploma', 'vb.hash', 'vb.regno']);
    expect([...stub.validationWrites.keys()].sort()).toEqual([...stub.writes.keys()].sort());
    for (const ep of stub.validationWrites.values()) expect(policyOrgs(ep)).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
    const { stub: s2 } = await h.submit('IssueDiploma', BKA_ISSUER, bkaDiploma());
    expect(s2.validationWrites.size).toBe(0);
  });

  it('is idempotent: same id and hash returns the existing record and writes nothing', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    await h.submit('IssueDiploma', BKA_ISSUER, req);
    const events = h.ledger.events.length;
    const before = h.snapshot();
    const { result, stub } = await h.submit('IssueDiploma', BKA_ISSUER, req);
    expect(JSON.parse(result)).toMatchObject({ created: false, diploma: { documentHash: req.documentHash, issuedTxId: 'tx0003' } });
    expect(stub.writes.size).toBe(0);
    expect(stub.eventsSet).toBe(0);
    expect(h.ledger.events.length).toBe(events);
    expect(h.snapshot()).toBe(before);
  });

  it('rejects the same id with another hash or other data, a reused hash, and a reused register number', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    await h.submit('IssueDiploma', BKA_ISSUER, req);
    await h.reject('IssueDiploma', BKA_ISSUER, { ...req, documentHash: hash() }, 'DIPLOMA_ID_CONFLICT');
    await h.reject('IssueDiploma', BKA_ISSUER, { ...req, graduationYear: 2025 }, 'DIPLOMA_ID_CONFLICT');
    await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma({ documentHash: req.documentHash }), 'HASH_CONFLICT');
    await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma({ registerEntryNumber: req.registerEntryNumber }), 'DUPLICATE_REGISTER_NUMBER');
    // the same register number is free for another type or another register year
    await h.call('IssueDiploma', BKA_ISSUER, bkaDiploma({ registerEntryNumber: req.registerEntryNumber, diplomaType: 'THAC_SI' }));
    await h.call('IssueDiploma', BKA_ISSUER, bkaDiploma({ registerEntryNumber: req.registerEntryNumber, dateOfSigning: '2025-06-30', graduationYear: 2025 }));
  });

  it('refuses callers that are not the issuer itself, from its host MSP', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    await h.reject('IssueDiploma', { mspId: 'MinistryMSP', role: 'issuer', issuer: 'OTHER' }, req, 'NOT_AUTHORIZED');
    await h.reject('IssueDiploma', { mspId: 'HanoiDoETMSP', role: 'issuer', issuer: 'BKA' }, req, 'NOT_AUTHORIZED');
    await h.reject('IssueDiploma', { mspId: 'MinistryMSP', issuer: 'BKA' }, req, 'NOT_AUTHORIZED');
    await h.reject('IssueDiploma', MINISTRY_ADMIN, req, 'NOT_AUTHORIZED');
    await h.reject('IssueDiploma', HANOI_ADMIN, { issuerCode: 'HN-THPT-001', ...schoolItem(1) }, 'NOT_AUTHORIZED');
    await h.reject('IssueDiploma', AUDITOR, req, 'NOT_AUTHORIZED');
    await h.reject('IssueDiploma', HN_SCHOOL, req, 'NOT_AUTHORIZED');
  });

  it('enforces the issuer registry: unknown, suspended, merged, type not accredited, date outside validity', async () => {
    const h = await demoHarness();
    await h.reject('IssueDiploma', { mspId: 'MinistryMSP', role: 'issuer', issuer: 'NOPE' }, bkaDiploma({ issuerCode: 'NOPE' }), 'ISSUER_NOT_FOUND');
    await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma({ diplomaType: 'BAC_SI' }), 'DIPLOMA_TYPE_NOT_ALLOWED');
    await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma({ dateOfSigning: '1956-03-05', graduationYear: 1956 }), 'ISSUER_NOT_VALID_ON_DATE');
    await h.call('IssuerRegistry:UpdateIssuer', { mspId: 'MinistryMSP', role: 'ministry-admin' }, { code: 'BKA', validTo: '2026-06-01', decision: D });
    await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma(), 'ISSUER_NOT_VALID_ON_DATE');
    await h.call('IssueDiploma', BKA_ISSUER, bkaDiploma({ dateOfSigning: '2026-05-30' }));
    await h.call('IssuerRegistry:SuspendIssuer', MINISTRY_ADMIN, { code: 'BKA', decision: D });
    await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma({ dateOfSigning: '2026-05-30' }), 'ISSUER_SUSPENDED');
    await h.call('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, { code: 'HN-THPT-002', name: 'Trường THPT Việt Đức', kind: 'UPPER_SECONDARY_SCHOOL', diplomaTypes: ['THPT'], decision: D });
    await h.call('IssuerRegistry:MergeIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', successorCode: 'HN-THPT-002', decision: D });
    await h.reject('IssueDiploma', HN_SCHOOL, { issuerCode: 'HN-THPT-001', ...schoolItem(1) }, 'ISSUER_MERGED');
  });

  it('validates every argument', async () => {
    const h = await demoHarness();
    const bad: [Record<string, unknown>, string][] = [
      [{ serialNumber: 'ks-lower' }, 'serialNumber'],
      [{ serialNumber: 'A'.repeat(33) }, 'serialNumber'],
      [{ documentHash: 'ABC' }, 'documentHash'],
      [{ documentHash: hash().toUpperCase() }, 'documentHash'],
      [{ diplomaType: 'THCS' }, 'diplomaType'],
      [{ graduationYear: 2027 }, 'graduationYear'],
      [{ graduationYear: '2026' }, 'graduationYear'],
      [{ graduationYear: 1899 }, 'graduationYear'],
      [{ registerEntryNumber: 'số 1' }, 'registerEntryNumber'],
      [{ dateOfSigning: '30/06/2026' }, 'dateOfSigning'],
      [{ dateOfSigning: '2026-07-05' }, 'dateOfSigning'],
      [{ issuerCode: 'B' }, 'issuerCode'],
      [{ extra: 1 }, 'extra'],
      [{ registerEntryNumber: undefined }, 'registerEntryNumber'],
    ];
    for (const [over, field] of bad) {
      const msg = await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma(over), 'INVALID_ARGUMENT');
      expect(msg).toContain(field);
    }
    await h.reject('IssueDiploma', BKA_ISSUER, 'not json', 'INVALID_ARGUMENT');
    await h.reject('IssueDiploma', BKA_ISSUER, '[1]', 'INVALID_ARGUMENT');
    await h.reject('IssueDiploma', BKA_ISSUER, 'null', 'INVALID_ARGUMENT');
    await h.reject('IssueDiploma', BKA_ISSUER, JSON.stringify({ ...bkaDiploma(), pad: 'x'.repeat(9000) }), 'INVALID_ARGUMENT');
  });
});

describe('IssueDiplomas', () => {
  it('issues a whole cohort in one transaction with one DiplomasIssued event', async () => {
    const h = await demoHarness();
    const items = Array.from({ length: 20 }, (_, i) => schoolItem(i + 1));
    const { result, stub } = await h.submit('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: items });
    const res = JSON.parse(result);
    expect(res).toMatchObject({ issuerCode: 'HN-THPT-001', total: 20, created: 20, existing: 0, txId: stub.txId });
    expect(stub.eventsSet).toBe(1);
    const ev = h.lastEvent();
    expect(ev.name).toBe('DiplomasIssued');
    expect(ev.payload.ids).toEqual(items.map((i) => `HN-THPT-001:${i.serialNumber}`));
    expect(ev.payload.hashes).toEqual(items.map((i) => i.documentHash));
    expect(ev.payload.details).toEqual({ count: 20, issuerCode: 'HN-THPT-001' });
    const one = await h.call('GetDiploma', AUDITOR, { diplomaId: `HN-THPT-001:${items[7].serialNumber}` });
    expect(one).toMatchObject({ status: 'VALID', lastEvent: { type: 'DiplomasIssued' } });
  });

  it('is idempotent for an identical replay and writes only the new items of a partial replay', async () => {
    const h = await demoHarness();
    const items = Array.from({ length: 5 }, (_, i) => schoolItem(i + 1));
    await h.submit('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: items });
    const before = h.snapshot();
    const replay = await h.submit('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: items });
    expect(JSON.parse(replay.result)).toMatchObject({ created: 0, existing: 5 });
    expect(replay.stub.writes.size).toBe(0);
    expect(replay.stub.eventsSet).toBe(0);
    expect(h.snapshot()).toBe(before);
    const more = [...items, schoolItem(6)];
    const partial = await h.call<{ created: number; existing: number; diplomas: { created: boolean }[] }>('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: more });
    expect(partial).toMatchObject({ created: 1, existing: 5 });
    expect(partial.diplomas.map((d) => d.created)).toEqual([false, false, false, false, false, true]);
    expect(h.lastEvent().payload.ids).toEqual([`HN-THPT-001:${schoolItem(6).serialNumber}`]);
  });

  it('is all-or-nothing: one conflicting item rejects the batch and names it', async () => {
    const h = await demoHarness();
    await h.submit('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1)] });
    const items = [schoolItem(2), schoolItem(3), { ...schoolItem(4), registerEntryNumber: schoolItem(1).registerEntryNumber }];
    const msg = await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: items }, 'DUPLICATE_REGISTER_NUMBER');
    expect(msg).toContain('diplomas[2]');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(5), { ...schoolItem(1), documentHash: hash() }] }, 'DIPLOMA_ID_CONFLICT');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(5), { ...schoolItem(6), documentHash: schoolItem(1).documentHash }] }, 'HASH_CONFLICT');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(5), { ...schoolItem(6), dateOfSigning: 'x' }] }, 'INVALID_ARGUMENT');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(5), { ...schoolItem(6), diplomaType: 'KY_SU' }] }, 'DIPLOMA_TYPE_NOT_ALLOWED');
  });

  it('refuses duplicates inside the batch', async () => {
    const h = await demoHarness();
    const a = schoolItem(1);
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [a, a] }, 'DUPLICATE_IN_BATCH');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [a, { ...schoolItem(2), documentHash: a.documentHash }] }, 'DUPLICATE_IN_BATCH');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [a, { ...schoolItem(2), registerEntryNumber: a.registerEntryNumber }] }, 'DUPLICATE_IN_BATCH');
  });

  it('refuses oversized and empty batches, and other issuers', async () => {
    const h = await demoHarness();
    const tooMany = Array.from({ length: MAX_BATCH + 1 }, (_, i) => schoolItem(i + 1));
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: tooMany }, 'BATCH_TOO_LARGE');
    await h.reject('IssueDiplomas', HN_SCHOOL, JSON.stringify({ issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1)], pad: 'x'.repeat(1024 * 1024) }), 'BATCH_TOO_LARGE');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [] }, 'INVALID_ARGUMENT');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: {} }, 'INVALID_ARGUMENT');
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [{ ...schoolItem(1), issuerCode: 'BKA' }] }, 'INVALID_ARGUMENT');
    await h.reject('IssueDiplomas', BKA_ISSUER, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1)] }, 'NOT_AUTHORIZED');
    await h.call('IssuerRegistry:SuspendIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', decision: D });
    await h.reject('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1)] }, 'ISSUER_SUSPENDED');
  });
});
