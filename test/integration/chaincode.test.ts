// Issue 3 on the real network: a diploma's legal life, access control enforced in the chaincode
// (through the Fabric Gateway and through Fabric's own `peer chaincode invoke`), key-level
// endorsement, auditable history, and no personal data in any block.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { common, peer as peerProtos } from '@hyperledger/fabric-protos';
import { createDocument, type DiplomaFields } from '@vanbang/document';
import { REPO_ROOT, type ConnectionProfile } from '../../network/src';
import { TEST_HOME, TEST_PORT_SHIFT, testProfile } from '../support/network';
import { diplomaRequest, errorCode, LedgerClient, randomCode, randomHash } from '../support/ledger';

let profile: ConnectionProfile;
let bka: LedgerClient; // issuer BKA (Ministry-hosted university)
let school: LedgerClient; // issuer HN-THPT-001 (Hanoi-hosted upper-secondary school)
let hanoiAdmin: LedgerClient;
let ministryAdmin: LedgerClient;
let auditor: LedgerClient;

beforeAll(() => {
  profile = testProfile();
  bka = new LedgerClient(profile, 'bka-issuer');
  school = new LedgerClient(profile, 'hn-thpt-001-issuer');
  hanoiAdmin = new LedgerClient(profile, 'hanoi-admin');
  ministryAdmin = new LedgerClient(profile, 'ministry-admin');
  auditor = new LedgerClient(profile, 'auditor');
});

afterAll(() => {
  for (const c of [bka, school, hanoiAdmin, ministryAdmin, auditor]) c.close();
});

async function expectRejected(p: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeDefined();
  expect(errorCode(caught).code).toBe(code);
}

interface Verify {
  status: string;
  diplomaId?: string;
  currentVersion?: number;
  supersededBy?: string | null;
  supersedes?: string | null;
  revocation?: { ground: string } | null;
}

describe.each([
  ['BKA', 'KY_SU', () => bka],
  ['HN-THPT-001', 'THPT', () => school],
])('the life of a %s diploma', (issuerCode, diplomaType, client) => {
  test('issue → correct → reissue → revoke, each visible through VerifyHash', async () => {
    const c = client();
    const req = diplomaRequest(issuerCode, diplomaType);
    const issued = await c.submit<{ created: boolean; diploma: { diplomaId: string } }>('IssueDiploma', req);
    expect(issued.result.created).toBe(true);
    const id = issued.result.diploma.diplomaId;
    expect(id).toBe(`${issuerCode}:${req.serialNumber}`);
    expect((await auditor.evaluate<Verify>('VerifyHash', { documentHash: req.documentHash })).status).toBe('VALID');

    // Re-submitting the same issuance writes nothing and returns the record.
    const again = await c.submit<{ created: boolean }>('IssueDiploma', req);
    expect(again.result.created).toBe(false);
    // Same id, other hash: a conflict.
    await expectRejected(c.submit('IssueDiploma', { ...req, documentHash: randomHash() }), 'DIPLOMA_ID_CONFLICT');

    const correctedHash = randomHash();
    await c.submit('CorrectDiploma', {
      diplomaId: id,
      documentHash: correctedHash,
      decision: { number: '88/QĐ-ĐC', date: '2026-09-01' },
      changedFields: ['fullName'],
      reason: 'CIVIL_STATUS_CHANGE',
    });
    const old = await auditor.evaluate<Verify>('VerifyHash', { documentHash: req.documentHash });
    expect(old).toMatchObject({ status: 'CORRECTED', diplomaId: id, currentVersion: 2 });
    expect((await auditor.evaluate<Verify>('VerifyHash', { documentHash: correctedHash })).status).toBe('VALID');

    const newSerial = randomCode('N');
    const reissuedHash = randomHash();
    await c.submit('ReissueDiploma', {
      diplomaId: id,
      serialNumber: newSerial,
      documentHash: reissuedHash,
      registerEntryNumber: randomCode('R'),
      dateOfSigning: '2026-10-01',
      decision: { number: '90/QĐ-CL', date: '2026-10-01' },
      changedFields: ['classification'],
    });
    const newId = `${issuerCode}:${newSerial}`;
    expect(await auditor.evaluate<Verify>('VerifyHash', { documentHash: correctedHash })).toMatchObject({ status: 'SUPERSEDED', supersededBy: newId });
    expect(await auditor.evaluate<Verify>('VerifyHash', { documentHash: reissuedHash })).toMatchObject({ status: 'VALID', supersedes: id });

    await c.submit('RevokeDiploma', { diplomaId: newId, ground: 'FRAUD', decision: { number: '91/QĐ-TH', date: '2026-11-02' } });
    const revoked = await auditor.evaluate<Verify>('VerifyHash', { documentHash: reissuedHash });
    expect(revoked.status).toBe('REVOKED');
    expect(revoked.revocation?.ground).toBe('FRAUD');
    await expectRejected(c.submit('RevokeDiploma', { diplomaId: newId, ground: 'FRAUD', decision: { number: '92/QĐ-TH', date: '2026-11-03' } }), 'ALREADY_REVOKED');
  });
});

describe('access control is enforced by the chaincode itself', () => {
  let bkaDiplomaId: string;
  let hanoiDiplomaId: string;

  beforeAll(async () => {
    bkaDiplomaId = (await bka.submit<{ diploma: { diplomaId: string } }>('IssueDiploma', diplomaRequest('BKA', 'CU_NHAN'))).result.diploma.diplomaId;
    hanoiDiplomaId = (await school.submit<{ diploma: { diplomaId: string } }>('IssueDiploma', diplomaRequest('HN-THPT-001', 'THPT'))).result.diploma.diplomaId;
  });

  test('a Hanoi school cannot revoke or correct a Ministry university diploma (Fabric Gateway)', async () => {
    await expectRejected(school.submit('RevokeDiploma', { diplomaId: bkaDiplomaId, ground: 'FRAUD', decision: { number: '1/QĐ', date: '2026-11-01' } }), 'NOT_AUTHORIZED');
    await expectRejected(
      school.submit('CorrectDiploma', { diplomaId: bkaDiplomaId, documentHash: randomHash(), decision: { number: '1/QĐ', date: '2026-11-01' }, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' }),
      'NOT_AUTHORIZED',
    );
    // The university cannot issue in the school's name either.
    await expectRejected(bka.submit('IssueDiploma', diplomaRequest('HN-THPT-001', 'THPT')), 'NOT_AUTHORIZED');
  });

  test('a Hanoi Department admin cannot register a school for Ho Chi Minh City (Fabric Gateway)', async () => {
    await expectRejected(
      hanoiAdmin.submit('IssuerRegistry:RegisterIssuer', {
        code: randomCode('HCM-'),
        name: 'Trường THPT Lê Hồng Phong',
        kind: 'UPPER_SECONDARY_SCHOOL',
        hostMsp: 'HcmcDoETMSP',
        diplomaTypes: ['THPT'],
        decision: { number: '7/QĐ-SGDĐT', date: '2026-01-10' },
      }),
      'NOT_AUTHORIZED',
    );
  });

  test('auditors only read', async () => {
    await expectRejected(auditor.submit('RevokeDiploma', { diplomaId: bkaDiplomaId, ground: 'FRAUD', decision: { number: '1/QĐ', date: '2026-11-01' } }), 'NOT_AUTHORIZED');
    expect((await auditor.evaluate<{ diplomaId: string }>('GetDiploma', { diplomaId: bkaDiplomaId })).diplomaId).toBe(bkaDiplomaId);
  });

  /** Fabric's own CLI, as an enrolled identity of the test network (scripts/fabric-cli). */
  function peerInvoke(org: string, identity: string, fn: string, arg: unknown): { status: number; output: string } {
    const endorsers = ['MINISTRY', 'HANOIDOET'].flatMap((o) => ['--peerAddresses', `$PEER_${o}_ADDRESS`, '--tlsRootCertFiles', `$PEER_${o}_TLS_CA`]);
    const ctor = JSON.stringify({ Args: [fn, JSON.stringify(arg)] });
    const script = `peer chaincode invoke -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_CA" -C "$CHANNEL" -n "$CHAINCODE" ${endorsers.join(' ')} --waitForEvent -c '${ctor.replace(/'/g, "'\\''")}'`;
    const r = spawnSync(path.join(REPO_ROOT, 'scripts', 'fabric-cli'), [org, identity, '--', 'sh', '-c', script], {
      env: { ...process.env, VANBANG_HOME: TEST_HOME, VANBANG_PORT_SHIFT: String(TEST_PORT_SHIFT) },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  }

  test('the same attempts with Fabric\'s own `peer chaincode invoke` are rejected too', async () => {
    const revoke = peerInvoke('HanoiDoET', 'hn-thpt-001-issuer', 'RevokeDiploma', { diplomaId: bkaDiplomaId, ground: 'FRAUD', decision: { number: '1/QĐ', date: '2026-11-01' } });
    expect(revoke.status).not.toBe(0);
    expect(revoke.output).toContain('[NOT_AUTHORIZED]');
    const register = peerInvoke('HanoiDoET', 'hanoi-admin', 'IssuerRegistry:RegisterIssuer', {
      code: randomCode('HCM-'), name: 'Trường THPT Lê Hồng Phong', kind: 'UPPER_SECONDARY_SCHOOL', hostMsp: 'HcmcDoETMSP', diplomaTypes: ['THPT'], decision: { number: '7/QĐ', date: '2026-01-10' },
    });
    expect(register.status).not.toBe(0);
    expect(register.output).toContain('[NOT_AUTHORIZED]');
    // A permitted invoke through the same path succeeds, so the rejections above are not a broken CLI.
    const copiesBefore = (await auditor.evaluate<{ copyCount: number }>('GetDiploma', { diplomaId: hanoiDiplomaId })).copyCount;
    const ok = peerInvoke('HanoiDoET', 'hn-thpt-001-issuer', 'RecordCopy', { diplomaId: hanoiDiplomaId });
    expect(ok).toEqual({ status: 0, output: expect.not.stringContaining('Error') });
    expect((await auditor.evaluate<{ copyCount: number }>('GetDiploma', { diplomaId: hanoiDiplomaId })).copyCount).toBe(copiesBefore + 1);
  });

  test('key-level endorsement: a Hanoi record changed without the Hanoi peer is invalidated at commit', async () => {
    const change = {
      diplomaId: hanoiDiplomaId,
      documentHash: randomHash(),
      decision: { number: '5/QĐ-ĐC', date: '2026-09-01' },
      changedFields: ['fullName'],
      reason: 'CIVIL_STATUS_CHANGE',
    };
    let validationCode: number | undefined;
    try {
      await school.submit('CorrectDiploma', change, ['MinistryMSP', 'HcmcDoETMSP']);
    } catch (err) {
      validationCode = (err as { validationCode?: number }).validationCode;
    }
    expect(validationCode).toBe(peerProtos.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    // Nothing changed; with the hosting Department's peer the same correction commits.
    expect((await auditor.evaluate<{ version: number }>('GetDiploma', { diplomaId: hanoiDiplomaId })).version).toBe(1);
    await school.submit('CorrectDiploma', change, ['MinistryMSP', 'HanoiDoETMSP']);
    expect((await auditor.evaluate<{ version: number }>('GetDiploma', { diplomaId: hanoiDiplomaId })).version).toBe(2);
  });
});

test('GetHistory lists every event in order, with transaction ids that qscc confirms as valid', async () => {
  const req = diplomaRequest('BKA', 'THAC_SI');
  const txIds: string[] = [];
  const issued = await bka.submit<{ diploma: { diplomaId: string } }>('IssueDiploma', req);
  txIds.push(issued.txId);
  const id = issued.result.diploma.diplomaId;
  txIds.push((await bka.submit('CorrectDiploma', { diplomaId: id, documentHash: randomHash(), decision: { number: '3/QĐ', date: '2026-09-01' }, changedFields: ['sex'], reason: 'SEX_REDETERMINATION' })).txId);
  txIds.push((await bka.submit('RecordCopy', { diplomaId: id })).txId);
  txIds.push((await ministryAdmin.submit('RevokeDiploma', { diplomaId: id, ground: 'INELIGIBLE_HOLDER', decision: { number: '9/QĐ-BGDĐT', date: '2026-11-01' } })).txId);

  const { history } = await auditor.evaluate<{ history: { txId: string; eventType: string; mspId: string; timestamp: string }[] }>('GetHistory', { diplomaId: id });
  expect(history.map((h) => h.txId)).toEqual(txIds);
  expect(history.map((h) => h.eventType)).toEqual(['DiplomaIssued', 'DiplomaCorrected', 'CopyRecorded', 'DiplomaRevoked']);
  expect(history.every((h) => h.mspId === 'MinistryMSP')).toBe(true);
  const times = history.map((h) => Date.parse(h.timestamp));
  expect([...times].sort((a, b) => a - b)).toEqual(times);

  for (const txId of txIds) {
    const processed = peerProtos.ProcessedTransaction.deserializeBinary(await auditor.qscc('GetTransactionByID', profile.channel, txId));
    expect(processed.getValidationcode()).toBe(peerProtos.TxValidationCode.VALID);
  }
});

test('after issuing diplomas of known holders, no block of the channel contains their names or ID numbers', async () => {
  const holders = [
    { fullName: 'Trần Thị Bích Ngọc', sex: 'FEMALE', ethnicity: 'Kinh', birthYear: 2008 },
    { fullName: 'Hoàng Văn Thắng', sex: 'MALE', ethnicity: 'Tày', birthYear: 2008 },
    { fullName: 'Lò Thị Mỷ', sex: 'FEMALE', ethnicity: 'Thái', birthYear: 2008 },
  ].map((h, i) => {
    // 001 Hà Nội; 3/2 = female/male born in the 2000s; 08 = birth year; six random digits.
    const id = `001${h.sex === 'FEMALE' ? 3 : 2}08${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const fields = {
      diplomaType: 'THPT', issuerCode: 'HN-THPT-001', issuerName: 'Trường THPT Chu Văn An', fullName: h.fullName,
      dateOfBirth: `2008-0${i + 1}-15`, placeOfBirth: 'Hà Nội', sex: h.sex, ethnicity: h.ethnicity, nationality: 'Việt Nam',
      personalIdNumber: id, school: 'Trường THPT Chu Văn An', examSession: 'Kỳ thi tốt nghiệp THPT năm 2026', graduationYear: 2026,
      graduationDecisionNumber: '77/QĐ-SGDĐT', graduationDecisionDate: '2026-07-20', placeOfSigning: 'Hà Nội', dateOfSigning: '2026-07-25',
      signerTitle: 'Hiệu trưởng', signerName: 'Nguyễn Văn Hải', serialNumber: randomCode('PD'), registerEntryNumber: randomCode('PR'),
    } as unknown as DiplomaFields;
    return { fields, doc: createDocument(fields) };
  });
  const { block } = await school.submit('IssueDiplomas', {
    issuerCode: 'HN-THPT-001',
    diplomas: holders.map(({ fields, doc }) => ({
      serialNumber: fields.serialNumber, documentHash: doc.documentHash, diplomaType: 'THPT', graduationYear: 2026,
      registerEntryNumber: fields.registerEntryNumber, dateOfSigning: '2026-07-25',
    })),
  });

  // The auditor's peer (another organization's) may commit that block a moment later.
  let height = 0;
  while (height <= Number(block)) {
    height = common.BlockchainInfo.deserializeBinary(await auditor.qscc('GetChainInfo', profile.channel)).getHeight();
    if (height <= Number(block)) await new Promise((r) => setTimeout(r, 200));
  }
  const needles = holders.flatMap(({ fields }) => [fields.fullName, fields.fullName.normalize('NFD'), String(fields.personalIdNumber), String(fields.dateOfBirth)]);
  let scanned = 0;
  for (let n = 0; n < height; n++) {
    const block = Buffer.from(await auditor.qscc('GetBlockByNumber', profile.channel, String(n)));
    scanned += block.length;
    for (const needle of needles) {
      expect({ block: n, found: block.includes(Buffer.from(needle, 'utf8')) ? needle : null }).toEqual({ block: n, found: null });
    }
  }
  // The scan really looked at the issued data: the document hashes are in the blocks.
  const all = Buffer.concat(await Promise.all(Array.from({ length: height }, (_, n) => auditor.qscc('GetBlockByNumber', profile.channel, String(n)).then(Buffer.from))));
  expect(all.includes(Buffer.from(holders[0].doc.documentHash))).toBe(true);
  expect(scanned).toBeGreaterThan(0);
});
