import {
  AUDITOR, BKA_ISSUER, bkaDiploma, demoHarness, HANOI_ADMIN, Harness, hash, HN_SCHOOL, MINISTRY_ADMIN, PUBLIC, schoolItem,
} from './support/harness';
import { policyOrgs } from '../src/ledger/endorsement';

type Rec = Record<string, unknown> & { diplomaId: string; documentHash: string };
const D = { number: '88/QĐ-ĐHBK', date: '2026-06-30' };

async function issued(h: Harness, over: Record<string, unknown> = {}): Promise<Rec> {
  return (await h.call<{ diploma: Rec }>('IssueDiploma', BKA_ISSUER, bkaDiploma(over))).diploma;
}

describe('CorrectDiploma', () => {
  it('records a new version, keeps the diploma valid and the old hash answering CORRECTED', async () => {
    const h = await demoHarness();
    const d = await issued(h);
    const newHash = hash();
    const { diploma } = await h.call<{ diploma: Rec }>('CorrectDiploma', BKA_ISSUER, {
      diplomaId: d.diplomaId, documentHash: newHash, decision: D, changedFields: ['sex', 'fullName'], reason: 'CIVIL_STATUS_CHANGE',
    });
    expect(diploma).toMatchObject({
      status: 'VALID', version: 2, documentHash: newHash, previousHashes: [{ documentHash: d.documentHash, version: 1 }],
      decisions: [expect.objectContaining({ event: 'DiplomaCorrected', number: D.number, date: D.date })],
      lastEvent: { type: 'DiplomaCorrected', decision: D, details: { changedFields: ['fullName', 'sex'], previousHash: d.documentHash, reason: 'CIVIL_STATUS_CHANGE', version: 2 } },
    });
    expect(h.lastEvent().payload).toMatchObject({ type: 'DiplomaCorrected', ids: [d.diplomaId], hashes: [newHash, d.documentHash] });
    expect(await h.call('VerifyHash', PUBLIC, { documentHash: d.documentHash })).toMatchObject({ status: 'CORRECTED', hashVersion: 1, currentVersion: 2, hashIsCurrent: false });
    expect(await h.call('VerifyHash', PUBLIC, { documentHash: newHash })).toMatchObject({ status: 'VALID', hashVersion: 2, currentVersion: 2, hashIsCurrent: true });
    // an idempotent replay of the original issuance still answers with the record
    expect(await h.call('IssueDiploma', BKA_ISSUER, { ...bkaDiploma(), serialNumber: d.serialNumber, registerEntryNumber: d.registerEntryNumber, documentHash: d.documentHash })).toMatchObject({ created: false });
  });

  it('rejects a known hash, a bad field list or reason, a revoked or superseded diploma, and other callers', async () => {
    const h = await demoHarness();
    const d = await issued(h);
    const other = await issued(h);
    const base = { diplomaId: d.diplomaId, documentHash: hash(), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' };
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, documentHash: d.documentHash }, 'HASH_CONFLICT');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, documentHash: other.documentHash }, 'HASH_CONFLICT');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, changedFields: [] }, 'INVALID_ARGUMENT');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, changedFields: ['favouriteColour'] }, 'INVALID_ARGUMENT');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, reason: 'TYPO' }, 'INVALID_ARGUMENT');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, decision: { number: '' , date: D.date } }, 'INVALID_ARGUMENT');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, diplomaId: 'BKA:NOPE' }, 'DIPLOMA_NOT_FOUND');
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, diplomaId: 'no-colon' }, 'INVALID_ARGUMENT');
    await h.reject('CorrectDiploma', MINISTRY_ADMIN, base, 'NOT_AUTHORIZED');
    await h.reject('CorrectDiploma', HN_SCHOOL, base, 'NOT_AUTHORIZED');
    await h.reject('CorrectDiploma', AUDITOR, base, 'NOT_AUTHORIZED');
    await h.call('RevokeDiploma', BKA_ISSUER, { diplomaId: d.diplomaId, ground: 'FRAUD', decision: D });
    await h.reject('CorrectDiploma', BKA_ISSUER, base, 'DIPLOMA_REVOKED');
    await h.call('ReissueDiploma', BKA_ISSUER, { diplomaId: other.diplomaId, serialNumber: 'KS2026/R1', documentHash: hash(), registerEntryNumber: '2026/KS/R1', dateOfSigning: '2026-06-30', decision: D });
    await h.reject('CorrectDiploma', BKA_ISSUER, { ...base, diplomaId: other.diplomaId }, 'DIPLOMA_SUPERSEDED');
  });

  it('lets a suspended issuer still correct (custody), gives new hash keys the diploma host policy', async () => {
    const h = await demoHarness();
    const { diplomas } = await h.call<{ diplomas: { diplomaId: string }[] }>('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1)] });
    await h.call('IssuerRegistry:SuspendIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', decision: D });
    const newHash = hash();
    const { stub } = await h.submit('CorrectDiploma', HN_SCHOOL, { diplomaId: diplomas[0].diplomaId, documentHash: newHash, decision: D, changedFields: ['ethnicity'], reason: 'ETHNICITY_CHANGE' });
    expect(stub.validationWrites.size).toBe(1);
    expect(policyOrgs([...stub.validationWrites.values()][0])).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
  });
});

describe('ReissueDiploma', () => {
  it('creates a new diploma that supersedes the old; both are linked and the old hash answers SUPERSEDED', async () => {
    const h = await demoHarness();
    const old = await issued(h);
    const req = { diplomaId: old.diplomaId, serialNumber: 'KS2026/R000001', documentHash: hash(), registerEntryNumber: '2026/KS/R0001', dateOfSigning: '2026-06-30', decision: D, changedFields: ['classification'] };
    const res = await h.call<{ diploma: Rec; superseded: Rec }>('ReissueDiploma', BKA_ISSUER, req);
    expect(res.diploma).toMatchObject({ diplomaId: 'BKA:KS2026/R000001', status: 'VALID', version: 1, supersedes: old.diplomaId, diplomaType: 'KY_SU', graduationYear: 2026, lastEvent: { type: 'DiplomaReissued', details: { supersedes: old.diplomaId, changedFields: ['classification'] } } });
    expect(res.superseded).toMatchObject({ diplomaId: old.diplomaId, status: 'SUPERSEDED', supersededBy: 'BKA:KS2026/R000001', decisions: [expect.objectContaining({ event: 'DiplomaReissued' })] });
    expect(h.lastEvent().payload).toMatchObject({ type: 'DiplomaReissued', ids: ['BKA:KS2026/R000001', old.diplomaId], hashes: [req.documentHash, old.documentHash] });
    expect(await h.call('VerifyHash', PUBLIC, { documentHash: old.documentHash })).toMatchObject({ status: 'SUPERSEDED', supersededBy: 'BKA:KS2026/R000001' });
    expect(await h.call('VerifyHash', PUBLIC, { documentHash: req.documentHash })).toMatchObject({ status: 'VALID', supersedes: old.diplomaId });
    await h.reject('ReissueDiploma', BKA_ISSUER, req, 'DIPLOMA_SUPERSEDED');
  });

  it('rejects conflicts for the new diploma, a suspended issuer, a revoked diploma and other callers', async () => {
    const h = await demoHarness();
    const old = await issued(h);
    const other = await issued(h);
    const req = { diplomaId: old.diplomaId, serialNumber: 'KS2026/R2', documentHash: hash(), registerEntryNumber: '2026/KS/R2', dateOfSigning: '2026-06-30', decision: D };
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, serialNumber: old.serialNumber }, 'DIPLOMA_ID_CONFLICT');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, serialNumber: other.serialNumber }, 'DIPLOMA_ID_CONFLICT');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, documentHash: old.documentHash }, 'HASH_CONFLICT');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, registerEntryNumber: other.registerEntryNumber }, 'DUPLICATE_REGISTER_NUMBER');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, diplomaType: 'BAC_SI' }, 'DIPLOMA_TYPE_NOT_ALLOWED');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, diplomaType: 'NOPE' }, 'INVALID_ARGUMENT');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, ground: 'FRAUD' }, 'INVALID_ARGUMENT');
    await h.reject('ReissueDiploma', MINISTRY_ADMIN, req, 'NOT_AUTHORIZED');
    await h.reject('ReissueDiploma', BKA_ISSUER, { ...req, diplomaId: 'BKA:NOPE' }, 'DIPLOMA_NOT_FOUND');
    await h.call('IssuerRegistry:SuspendIssuer', MINISTRY_ADMIN, { code: 'BKA', decision: D });
    await h.reject('ReissueDiploma', BKA_ISSUER, req, 'ISSUER_SUSPENDED');
    await h.call('IssuerRegistry:ReinstateIssuer', MINISTRY_ADMIN, { code: 'BKA', decision: D });
    await h.call('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: old.diplomaId, ground: 'FRAUD', decision: D });
    await h.reject('ReissueDiploma', BKA_ISSUER, req, 'DIPLOMA_REVOKED');
  });
});

describe('RevokeDiploma', () => {
  it('revokes with a ground and decision, finally; every hash then answers REVOKED', async () => {
    const h = await demoHarness();
    const d = await issued(h);
    const newHash = hash();
    await h.call('CorrectDiploma', BKA_ISSUER, { diplomaId: d.diplomaId, documentHash: newHash, decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
    const { diploma } = await h.call<{ diploma: Rec }>('RevokeDiploma', BKA_ISSUER, { diplomaId: d.diplomaId, ground: 'LENT_TO_ANOTHER', decision: D });
    expect(diploma).toMatchObject({ status: 'REVOKED', revocation: { ground: 'LENT_TO_ANOTHER', decision: D, mspId: 'MinistryMSP', actorRole: 'issuer', actorIssuerCode: 'BKA' } });
    expect(h.lastEvent().payload).toMatchObject({ type: 'DiplomaRevoked', ids: [d.diplomaId], hashes: [newHash], details: { ground: 'LENT_TO_ANOTHER' } });
    for (const documentHash of [d.documentHash, newHash]) {
      expect(await h.call('VerifyHash', PUBLIC, { documentHash })).toMatchObject({ status: 'REVOKED', revocation: { ground: 'LENT_TO_ANOTHER' } });
    }
    await h.reject('RevokeDiploma', BKA_ISSUER, { diplomaId: d.diplomaId, ground: 'FRAUD', decision: D }, 'ALREADY_REVOKED');
    await h.reject('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: d.diplomaId, ground: 'FRAUD', decision: D }, 'ALREADY_REVOKED');
  });

  it('lets the Ministry revoke any diploma, a suspended issuer its own, and nobody else', async () => {
    const h = await demoHarness();
    const { diplomas } = await h.call<{ diplomas: { diplomaId: string }[] }>('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1), schoolItem(2)] });
    const req = { diplomaId: diplomas[0].diplomaId, ground: 'INELIGIBLE_HOLDER', decision: D };
    await h.reject('RevokeDiploma', HANOI_ADMIN, req, 'NOT_AUTHORIZED');
    await h.reject('RevokeDiploma', BKA_ISSUER, req, 'NOT_AUTHORIZED');
    await h.reject('RevokeDiploma', AUDITOR, req, 'NOT_AUTHORIZED');
    await h.reject('RevokeDiploma', { mspId: 'HcmcDoETMSP', role: 'issuer', issuer: 'HN-THPT-001' }, req, 'NOT_AUTHORIZED');
    await h.reject('RevokeDiploma', MINISTRY_ADMIN, { ...req, ground: 'BAD_LUCK' }, 'INVALID_ARGUMENT');
    await h.reject('RevokeDiploma', MINISTRY_ADMIN, { ...req, decision: undefined }, 'INVALID_ARGUMENT');
    await h.reject('RevokeDiploma', MINISTRY_ADMIN, { ...req, diplomaId: 'HN-THPT-001:NOPE' }, 'DIPLOMA_NOT_FOUND');
    expect((await h.call<{ diploma: Rec }>('RevokeDiploma', MINISTRY_ADMIN, req)).diploma.revocation).toMatchObject({ actorRole: 'ministry-admin', actorIssuerCode: null });
    await h.call('IssuerRegistry:SuspendIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', decision: D });
    await h.call('RevokeDiploma', HN_SCHOOL, { ...req, diplomaId: diplomas[1].diplomaId, ground: 'ISSUER_ERROR' });
  });

  it('accepts every ground of the regulation', async () => {
    const h = await demoHarness();
    for (const ground of ['FRAUD', 'INELIGIBLE_HOLDER', 'UNAUTHORISED_SIGNER', 'ERASED_OR_ALTERED', 'LENT_TO_ANOTHER', 'ISSUER_ERROR']) {
      const d = await issued(h);
      expect((await h.call<{ diploma: Rec }>('RevokeDiploma', BKA_ISSUER, { diplomaId: d.diplomaId, ground, decision: D })).diploma.status).toBe('REVOKED');
    }
  });
});

describe('after a merger the successor keeps custody', () => {
  it('lets only the successor correct, reissue, copy and revoke the merged issuer\'s diplomas', async () => {
    const h = await demoHarness();
    await h.call('IssuerRegistry:RegisterIssuer', HANOI_ADMIN, { code: 'HN-THPT-002', name: 'Trường THPT Việt Đức', kind: 'UPPER_SECONDARY_SCHOOL', diplomaTypes: ['THPT'], decision: D });
    const { diplomas } = await h.call<{ diplomas: { diplomaId: string }[] }>('IssueDiplomas', HN_SCHOOL, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1), schoolItem(2), schoolItem(3)] });
    await h.call('IssuerRegistry:MergeIssuer', HANOI_ADMIN, { code: 'HN-THPT-001', successorCode: 'HN-THPT-002', decision: D });
    const successor = { mspId: 'HanoiDoETMSP', role: 'issuer', issuer: 'HN-THPT-002' };
    const fix = { diplomaId: diplomas[0].diplomaId, documentHash: hash(), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' };
    await h.reject('CorrectDiploma', HN_SCHOOL, fix, 'NOT_AUTHORIZED');
    await h.call('CorrectDiploma', successor, fix);
    const copy = await h.call<{ copy: Record<string, unknown> }>('RecordCopy', successor, { diplomaId: diplomas[0].diplomaId });
    expect(copy.copy).toMatchObject({ registerIssuerCode: 'HN-THPT-002', copyNumber: 1 });
    const re = await h.call<{ diploma: Rec }>('ReissueDiploma', successor, { diplomaId: diplomas[1].diplomaId, serialNumber: 'THPT2026/R1', documentHash: hash(), registerEntryNumber: 'R1/2026', dateOfSigning: '2026-06-30', decision: D });
    expect(re.diploma.diplomaId).toBe('HN-THPT-002:THPT2026/R1');
    await h.reject('RevokeDiploma', HN_SCHOOL, { diplomaId: diplomas[2].diplomaId, ground: 'FRAUD', decision: D }, 'NOT_AUTHORIZED');
    await h.call('RevokeDiploma', successor, { diplomaId: diplomas[2].diplomaId, ground: 'FRAUD', decision: D });
  });
});

describe('RecordCopy', () => {
  it('numbers copies consecutively per custodian and year, and counts them on the diploma', async () => {
    const h = await demoHarness();
    const d = await issued(h);
    const first = await h.call<{ copy: Record<string, unknown>; diploma: Rec }>('RecordCopy', BKA_ISSUER, { diplomaId: d.diplomaId });
    expect(first.copy).toMatchObject({ docType: 'copy', copyNumber: 1, copyYear: 2026, copies: 1, registerIssuerCode: 'BKA', diplomaId: d.diplomaId, documentHash: d.documentHash });
    const second = await h.call<{ copy: Record<string, unknown>; diploma: Rec }>('RecordCopy', BKA_ISSUER, { diplomaId: d.diplomaId, copies: 3 });
    expect(second.copy).toMatchObject({ copyNumber: 2, copies: 3 });
    expect(second.diploma).toMatchObject({ copyCount: 4, version: 1, lastEvent: { type: 'CopyRecorded', details: { copyNumber: 2, copies: 3, copyYear: 2026, registerIssuerCode: 'BKA' } } });
    expect(h.lastEvent().payload).toMatchObject({ type: 'CopyRecorded', ids: [d.diplomaId], hashes: [d.documentHash] });
    h.nextSeconds = Date.UTC(2027, 0, 1, 1) / 1000;
    expect((await h.call<{ copy: Record<string, unknown> }>('RecordCopy', BKA_ISSUER, { diplomaId: d.diplomaId })).copy).toMatchObject({ copyNumber: 1, copyYear: 2027 });
  });

  it('rejects bad counts, revoked or superseded diplomas and other callers', async () => {
    const h = await demoHarness();
    const d = await issued(h);
    await h.reject('RecordCopy', BKA_ISSUER, { diplomaId: d.diplomaId, copies: 0 }, 'INVALID_ARGUMENT');
    await h.reject('RecordCopy', BKA_ISSUER, { diplomaId: d.diplomaId, copies: 101 }, 'INVALID_ARGUMENT');
    await h.reject('RecordCopy', MINISTRY_ADMIN, { diplomaId: d.diplomaId }, 'NOT_AUTHORIZED');
    await h.reject('RecordCopy', BKA_ISSUER, { diplomaId: 'BKA:NOPE' }, 'DIPLOMA_NOT_FOUND');
    await h.call('ReissueDiploma', BKA_ISSUER, { diplomaId: d.diplomaId, serialNumber: 'KS2026/R9', documentHash: hash(), registerEntryNumber: '2026/KS/R9', dateOfSigning: '2026-06-30', decision: D });
    await h.reject('RecordCopy', BKA_ISSUER, { diplomaId: d.diplomaId }, 'DIPLOMA_SUPERSEDED');
    await h.call('RevokeDiploma', BKA_ISSUER, { diplomaId: 'BKA:KS2026/R9', ground: 'FRAUD', decision: D });
    await h.reject('RecordCopy', BKA_ISSUER, { diplomaId: 'BKA:KS2026/R9' }, 'DIPLOMA_REVOKED');
  });
});
