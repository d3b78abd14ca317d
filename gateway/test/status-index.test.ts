// The status index answers exactly what VerifyHash answers: the chaincode runs in its test harness
// (a peer-like fake stub), each transaction's writes are applied to a real LMDB index as one block,
// and after every step the index's answer for every hash is compared with VerifyHash's.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  BKA_ISSUER, bkaDiploma, demoHarness, hash, HANOI_ADMIN, MINISTRY_ADMIN, PUBLIC, type Harness, type Identity,
} from '../../chaincode/test/support/harness';
import { createTestCa, issueCertificate } from '../../chaincode/test/support/test-certificates';
import { packDiploma, packHashEntry, unpackDiploma, unpackHashEntry } from '../src/status-index/index-codec';
import { IndexStore } from '../src/status-index/index-store';
import { indexedAnswer } from '../src/status-index/indexed-answer';
import { stateRecordOf, type StateRecord } from '../src/status-index/state-records';

const D = { number: '9/QĐ-BGDĐT', date: '2026-07-02' };
let dir: string;
let store: IndexStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'status-index-'));
  store = IndexStore.open(dir, 'vanbang', 'vanbang').store;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Feeds the state changes since the last call to the index as the next block. */
function follower(h: Harness): () => void {
  let seen = new Map<string, string>();
  let block = 0;
  return () => {
    const now = new Map([...h.ledger.state.entries()].map(([k, v]) => [k, v.toString('base64')]));
    const records: StateRecord[] = [];
    for (const [key, value] of now) {
      if (seen.get(key) === value) continue;
      const r = stateRecordOf(key, Buffer.from(value, 'base64'));
      if (r) records.push(r);
    }
    for (const key of seen.keys()) {
      if (now.has(key)) continue;
      const r = stateRecordOf(key, null);
      if (r) records.push(r);
    }
    expect(store.applyBlock(block, `hash-of-${block}`, records)).toBe(true);
    block++;
    seen = now;
  };
}

async function expectSameAnswers(h: Harness, hashes: string[]): Promise<void> {
  for (const documentHash of hashes) {
    const ledger = await h.call('VerifyHash', PUBLIC, { documentHash });
    const index = indexedAnswer(store, documentHash);
    // The index keeps the fields answers carry; the chaincode's record has more (actor, details).
    expect(index).toEqual(ledger.found ? {
      ...ledger,
      revocation: ledger.revocation && { ground: (ledger.revocation as Record<string, unknown>).ground, decision: (ledger.revocation as Record<string, unknown>).decision, timestamp: (ledger.revocation as Record<string, unknown>).timestamp },
      latestEvent: { type: (ledger.latestEvent as Record<string, unknown>).type, txId: (ledger.latestEvent as Record<string, unknown>).txId, timestamp: (ledger.latestEvent as Record<string, unknown>).timestamp },
    } : ledger);
  }
}

describe('status index', () => {
  it('answers as VerifyHash does through issue, correction, reissue, revocation, suspension and a signer compromise', async () => {
    const ca = await createTestCa();
    const cert = await issueCertificate(ca, { name: 'bka-issuer', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'BKA' } });
    const bka: Identity = { ...BKA_ISSUER, certificatePem: cert.pem };
    const h = await demoHarness();
    const step = follower(h);
    step();
    await h.submit('SigningCertificates:RegisterSigningCertificate', MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: cert.pem });
    step();
    const a = bkaDiploma();
    const b = bkaDiploma();
    const c = bkaDiploma();
    for (const d of [a, b, c]) await h.submit('IssueDiploma', bka, d);
    step();
    const stranger = hash();
    const hashes = [String(a.documentHash), String(b.documentHash), String(c.documentHash), stranger];
    await expectSameAnswers(h, hashes);

    const corrected = hash();
    await h.submit('CorrectDiploma', bka, { diplomaId: `BKA:${a.serialNumber}`, documentHash: corrected, decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
    step();
    hashes.push(corrected);
    await expectSameAnswers(h, hashes);
    expect(indexedAnswer(store, String(a.documentHash))?.status).toBe('CORRECTED');

    const reissued = hash();
    await h.submit('ReissueDiploma', bka, { diplomaId: `BKA:${b.serialNumber}`, serialNumber: 'KS2026/R9', documentHash: reissued, registerEntryNumber: '2026/KS/R9', dateOfSigning: '2026-06-30', decision: D });
    await h.submit('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: `BKA:${c.serialNumber}`, ground: 'FRAUD', decision: D });
    step();
    hashes.push(reissued);
    await expectSameAnswers(h, hashes);
    expect(indexedAnswer(store, String(b.documentHash))?.status).toBe('SUPERSEDED');
    expect(indexedAnswer(store, String(c.documentHash))?.status).toBe('REVOKED');

    // Changes to the issuer and to the signer change every answer that names them.
    await h.submit('SigningCertificates:RevokeSigningCertificate', MINISTRY_ADMIN, {
      fingerprint: cert.fingerprint, compromisedAt: new Date((h.nextSeconds - 3600) * 1000).toISOString(), reason: 'KEY_COMPROMISE', decision: D,
    });
    await h.submit('IssuerRegistry:SuspendIssuer', MINISTRY_ADMIN, { code: 'BKA', decision: D });
    step();
    await expectSameAnswers(h, hashes);
    expect(indexedAnswer(store, corrected)).toMatchObject({ issuer: { status: 'SUSPENDED' }, signer: { status: 'COMPROMISED' } });
    void HANOI_ADMIN;
  });

  it('keeps its checkpoint with the data: a block already applied changes nothing, a gap is refused, a reopened index resumes', () => {
    const record: StateRecord = { kind: 'issuer', code: 'X', issuer: { code: 'X', name: 'Trường X', status: 'ACTIVE' } };
    expect(store.applyBlock(0, 'a', [record])).toBe(true);
    expect(store.applyBlock(0, 'a', [{ ...record, issuer: { code: 'X', name: 'changed', status: 'ACTIVE' } }])).toBe(false);
    expect(store.issuer('X')?.name).toBe('Trường X');
    expect(() => store.applyBlock(5, 'f', [])).toThrow(/block 5 arrived before block 1/);
    store.close();
    const reopened = IndexStore.open(dir, 'vanbang', 'vanbang');
    store = reopened.store;
    expect(reopened.opened).toBe('existing');
    expect(store.checkpoint()).toEqual({ nextBlock: 1, lastDataHash: 'a' });
  });

  it('replaces an index of another channel or a damaged file, keeping the old one aside', () => {
    store.applyBlock(0, 'a', []);
    store.close();
    const other = IndexStore.open(dir, 'another-channel', 'vanbang');
    expect(other.opened).toBe('replaced');
    expect(other.store.checkpoint().nextBlock).toBe(0);
    other.store.close();
    writeFileSync(path.join(dir, 'data.mdb'), 'not an LMDB file at all, just some bytes');
    const truncated = IndexStore.open(dir, 'another-channel', 'vanbang');
    expect(truncated.opened).toBe('replaced');
    expect(truncated.problem).toMatch(/too short for an LMDB environment/);
    truncated.store.close();
    writeFileSync(path.join(dir, 'data.mdb'), Buffer.alloc(3 * 4096, 0x5a));
    const damaged = IndexStore.open(dir, 'another-channel', 'vanbang');
    expect(damaged.opened).toBe('replaced');
    expect(damaged.problem).toMatch(/no LMDB meta page/);
    expect(readdirSync(dir).filter((f) => f.startsWith('data.mdb.replaced-'))).toHaveLength(1);
    store = damaged.store;
    expect(store.checkpoint().nextBlock).toBe(0);
  });

  it('the codec gives back exactly what it was given', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    const time = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    const timeOrOther = fc.oneof(time, fc.constant('2026-06-30T17:00:00+07:00'));
    fc.assert(fc.property(
      fc.record({
        diplomaId: fc.string({ minLength: 3, maxLength: 40 }), hostMsp: fc.constantFrom('MinistryMSP', 'HanoiDoETMSP'), documentHash: fc.oneof(hex, fc.string()), version: fc.integer({ min: 1, max: 1000 }),
        status: fc.constantFrom('VALID', 'SUPERSEDED', 'REVOKED'), diplomaType: fc.constantFrom('KY_SU', 'THPT'), graduationYear: fc.integer({ min: 1900, max: 2100 }),
        issuerCode: fc.string({ minLength: 1, maxLength: 20 }), supersedes: fc.option(fc.string()), supersededBy: fc.option(fc.string()),
        revocation: fc.option(fc.record({ ground: fc.constantFrom('FRAUD', 'ISSUED_WRONGLY'), decision: fc.record({ number: fc.string(), date: fc.string() }), timestamp: timeOrOther })),
        lastEvent: fc.record({ type: fc.constantFrom('DiplomaIssued', 'DiplomaRevoked'), txId: fc.oneof(hex, fc.string()), timestamp: timeOrOther }),
      }),
      fc.record({ diplomaId: fc.string(), version: fc.integer({ min: 1, max: 99 }), signerFingerprint: fc.option(hex, { nil: undefined }), committedAt: fc.option(time, { nil: undefined }) }),
      (diploma, entry) => {
        const cleanEntry = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
        expect(unpackDiploma(diploma.diplomaId, packDiploma(diploma as never))).toEqual(diploma);
        expect(unpackHashEntry(packHashEntry(cleanEntry as never))).toEqual(cleanEntry);
      },
    ));
  });
});
