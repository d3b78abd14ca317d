// The public anchor on verification receipts: read from the verify answer, carried in the signed
// receipt, printed on the PDF with the proof file attached (receipts/receipt-anchor.ts).
import { generateKeyPairSync, verify } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { listAttachments } from '../../document/src/pdf/attachment';
import { issueReceipt, receiptSigningBytes, type SignedReceipt, type VerificationReceipt } from '../src/receipts/receipt';
import { ANCHOR_PROOF_ATTACHMENT_NAME, anchorProofFile, anchorReceiptLines, receiptAnchorOf, type ReceiptAnchor, type ReceiptAnchoredEvent } from '../src/receipts/receipt-anchor';
import { RECEIPT_ATTACHMENT_NAME, renderReceiptPdf } from '../src/receipts/receipt-pdf';
import type { GatewayContext } from '../src/services/context';
import { verifyByHash } from '../src/services/verification';

jest.mock('../src/services/verification', () => ({ verifyByHash: jest.fn() }));
jest.mock('../src/services/history', () => ({ ledgerHistory: jest.fn(async () => [{ txId: 'a'.repeat(64) }, { txId: 'b'.repeat(64) }]) }));

const HASH = '8eb1f6a3c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e';
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const hex = (c: string) => `0x${c.repeat(64)}`;

function event(name: ReceiptAnchoredEvent['event'], eventType: number, n: number): ReceiptAnchoredEvent {
  return {
    event: name,
    leaf: { documentHash: `0x${HASH}`, eventType, fabricBlock: 40 + n, fabricTxId: hex(String(n + 1)) },
    proof: [hex('c'), hex('d'), hex('e')],
    root: hex(String(n + 5)),
    periodId: 11 + n,
    fabricBlocks: { first: 30 + n * 20, last: 49 + n * 20 },
    chain: { chainId: 11155111, contract: CONTRACT, transactionHash: hex(String(n + 7)), blockNumber: 7_302_115 + n },
    anchoredAt: '2026-11-10T08:15:00.000Z',
  };
}
const ANCHORED: ReceiptAnchor = { status: 'ANCHORED', events: [event('ISSUED', 1, 0)] };
const REVOKED: ReceiptAnchor = { status: 'ANCHORED', events: [event('ISSUED', 1, 0), event('REVOKED', 4, 1)] };
const AWAITING: ReceiptAnchor = { status: 'AWAITING_ANCHORING', events: [] };

describe('receiptAnchorOf', () => {
  it('is undefined when the gateway does not anchor (null or absent)', () => {
    expect(receiptAnchorOf(null, HASH)).toBeUndefined();
    expect(receiptAnchorOf(undefined, HASH)).toBeUndefined();
  });

  it('keeps an anchored or awaiting answer as it is', () => {
    expect(receiptAnchorOf(JSON.parse(JSON.stringify(REVOKED)), HASH)).toEqual(REVOKED);
    expect(receiptAnchorOf(AWAITING, HASH)).toEqual(AWAITING);
  });

  it('keeps exactly the members of the shape: nothing unexpected is signed', () => {
    const read = receiptAnchorOf({ status: 'ANCHORED', extra: 1, events: [{ ...event('ISSUED', 1, 0), note: 'x', leaf: { ...event('ISSUED', 1, 0).leaf, diplomaId: 'BKA:1' } }] }, HASH);
    expect(read).toEqual(ANCHORED);
  });

  it.each([
    ['an unknown status', { status: 'DONE', events: [] }],
    ['ANCHORED with no event', { status: 'ANCHORED', events: [] }],
    ['a leaf of another hash', { status: 'ANCHORED', events: [{ ...event('ISSUED', 1, 0), leaf: { ...event('ISSUED', 1, 0).leaf, documentHash: hex('9') } }] }],
    ['an event type that is not the event\'s', { status: 'ANCHORED', events: [event('REVOKED', 1, 0)] }],
    ['a proof entry that is not a hash', { status: 'ANCHORED', events: [{ ...event('ISSUED', 1, 0), proof: ['0x12'] }] }],
    ['an inherited member for the event', { status: 'ANCHORED', events: [{ ...event('ISSUED', 1, 0), event: 'toString' }] }],
    ['a reversed block range', { status: 'ANCHORED', events: [{ ...event('ISSUED', 1, 0), fabricBlocks: { first: 9, last: 8 } }] }],
  ])('leaves out %s', (_what, value) => {
    expect(receiptAnchorOf(value, HASH)).toBeUndefined();
  });
});

describe('what the PDF prints and attaches about the anchor', () => {
  it('the anchored event\'s chain, contract, transaction, block, root and period; the proof file named in a note', () => {
    const { rows, notes } = anchorReceiptLines(ANCHORED);
    expect(Object.fromEntries(rows)).toEqual({
      'Trạng thái': expect.stringContaining('ĐÃ NEO'),
      'Chuỗi (chain id)': '11155111',
      'Hợp đồng neo': CONTRACT,
      'Giao dịch neo': hex('7'),
      'Khối EVM': '7302115',
      'Gốc Merkle': hex('5'),
      'Kỳ neo': 'kỳ số 11, các khối Fabric 30–49; neo lúc 2026-11-10T08:15:00.000Z',
      'Sự kiện đã neo': 'cấp văn bằng (kỳ 11)',
    });
    expect(notes).toEqual([expect.stringContaining(`--anchor-proof ${ANCHOR_PROOF_ATTACHMENT_NAME} --evm-rpc URL --contract ${CONTRACT}`)]);
  });

  it('the latest event for the facts, every event listed, and that the revocation is anchored too', () => {
    const { rows, notes } = anchorReceiptLines(REVOKED);
    expect(Object.fromEntries(rows)['Gốc Merkle']).toBe(hex('6'));
    expect(Object.fromEntries(rows)['Sự kiện đã neo']).toBe('cấp văn bằng (kỳ 11); thu hồi (kỳ 12)');
    expect(notes[0]).toBe('Việc thu hồi văn bằng này cũng đã được neo công khai.');
  });

  it('one line while awaiting', () => {
    expect(anchorReceiptLines(AWAITING)).toEqual({ rows: [['Trạng thái', expect.stringContaining('ĐANG CHỜ NEO')]], notes: [] });
    expect(anchorReceiptLines({ status: 'AWAITING_ANCHORING', events: [event('ISSUED', 1, 0)] }).rows).toHaveLength(1);
  });

  it('the proof file: the standalone checker\'s format', () => {
    expect(anchorProofFile(`0x${HASH.toUpperCase()}`, REVOKED)).toEqual({ format: 'vanbang-anchor-proof-v1', documentHash: HASH, events: REVOKED.events });
  });
});

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ctx = {
  ledger: { channel: 'vanbang', readIdentity: 'gateway-reader', height: async () => 1234 },
  vault: { get: () => ({ privateKey: keys.privateKey, mspId: 'MoetMSP', certificatePem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' }) },
} as unknown as GatewayContext;

const answer = (anchor: unknown) => ({
  result: 'VALID', valid: true,
  signer: { fingerprint: 'f'.repeat(64), committedAt: '2026-11-01T03:00:00.000Z', status: 'TRUSTED', registered: true, compromisedAt: null, revokedAt: null },
  documentHash: HASH, diplomaId: 'BKA:BKA-2024-000123', diplomaType: 'CU_NHAN', graduationYear: 2024,
  issuer: { code: 'BKA', name: 'Trường Đại học Bách khoa Hà Nội', status: 'ACTIVE' }, currentVersion: 1, hashVersion: 1, supersededBy: null, revocation: null,
  ...(anchor === undefined ? {} : { anchor }),
});

describe('issueReceipt', () => {
  const mocked = verifyByHash as jest.MockedFunction<typeof verifyByHash>;

  it('states the public verify answer, and its anchor, in the signed receipt', async () => {
    mocked.mockResolvedValueOnce(answer(JSON.parse(JSON.stringify(REVOKED))));
    const signed = await issueReceipt(ctx, HASH, { integrity: true });
    expect(mocked).toHaveBeenCalledWith(ctx, HASH);
    expect(signed.receipt).toMatchObject({
      documentHash: HASH, result: 'VALID', valid: true, diplomaId: 'BKA:BKA-2024-000123', issuerCode: 'BKA',
      signer: { fingerprint: 'f'.repeat(64), committedAt: '2026-11-01T03:00:00.000Z', status: 'TRUSTED', compromisedAt: null },
      ledger: { channel: 'vanbang', height: 1234, transactionIds: ['a'.repeat(64), 'b'.repeat(64)] },
      anchor: REVOKED,
      presentedChecks: { reportedBy: 'verifier-browser', integrity: true },
    });
    // The anchor is under the signature like the rest.
    expect(verify('sha256', receiptSigningBytes(signed.receipt), { key: keys.publicKey, dsaEncoding: 'der' }, Buffer.from(signed.signature.value, 'base64'))).toBe(true);
  });

  it('says nothing of anchoring when the gateway does not anchor, or its answer cannot be read', async () => {
    for (const anchor of [undefined, null, { status: 'ANCHORED', events: [{ event: 'ISSUED' }] }]) {
      mocked.mockResolvedValueOnce(answer(anchor));
      const signed = await issueReceipt(ctx, HASH);
      expect('anchor' in signed.receipt).toBe(false);
      expect(signed.receipt.result).toBe('VALID');
    }
  });

  it('a hash the ledger does not have: NOT_FOUND, not valid, no history asked', async () => {
    mocked.mockResolvedValueOnce({ result: 'NOT_FOUND', valid: false, reason: 'NOT_FOUND', documentHash: HASH });
    const signed = await issueReceipt(ctx, HASH);
    expect(signed.receipt).toMatchObject({ result: 'NOT_FOUND', valid: false, ledger: { transactionIds: [] } });
    expect(signed.receipt.diplomaId).toBeUndefined();
  });
});

describe('renderReceiptPdf', () => {
  const signedWith = (extra: Partial<VerificationReceipt>): SignedReceipt => ({
    receipt: {
      version: 1, receiptId: '0f6d2c1e-6a7b-4c1d-9e8f-1a2b3c4d5e6f', issuedAt: '2026-12-02T10:00:00.000Z', documentHash: HASH, result: 'VALID', valid: true,
      diplomaId: 'BKA:BKA-2024-000123', issuerCode: 'BKA', ledger: { channel: 'vanbang', height: 1234, transactionIds: ['a'.repeat(64)] },
      presentedChecks: { reportedBy: 'verifier-browser' }, ...extra,
    },
    signature: { algorithm: 'ECDSA-P256-SHA256', mspId: 'MoetMSP', certificatePem: '', value: 'MEUCIQ==' },
  });
  const attachmentsOf = async (bytes: Uint8Array) => listAttachments(await PDFDocument.load(bytes));

  it('anchored: the proof file attached beside the signed receipt, in the checker\'s format', async () => {
    const signed = signedWith({ anchor: REVOKED });
    const pdf = await PDFDocument.load(await renderReceiptPdf(signed));
    const files = listAttachments(pdf);
    expect(files.map((f) => f.name).sort()).toEqual([ANCHOR_PROOF_ATTACHMENT_NAME, RECEIPT_ATTACHMENT_NAME].sort());
    const proof = JSON.parse(Buffer.from(files.find((f) => f.name === ANCHOR_PROOF_ATTACHMENT_NAME)!.bytes).toString('utf8'));
    expect(proof).toEqual({ format: 'vanbang-anchor-proof-v1', documentHash: HASH, events: REVOKED.events });
    expect(JSON.parse(Buffer.from(files.find((f) => f.name === RECEIPT_ATTACHMENT_NAME)!.bytes).toString('utf8'))).toEqual(signed);
    expect(pdf.getPageCount()).toBe(1);
  });

  it('awaiting or not anchoring: only the signed receipt attached', async () => {
    for (const extra of [{ anchor: AWAITING }, {}]) {
      expect((await attachmentsOf(await renderReceiptPdf(signedWith(extra)))).map((f) => f.name)).toEqual([RECEIPT_ATTACHMENT_NAME]);
    }
  });

  it('goes on a second page when the text does not fit on one', async () => {
    const many = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(64, '0'));
    const pdf = await PDFDocument.load(await renderReceiptPdf(signedWith({ anchor: REVOKED, ledger: { channel: 'vanbang', height: 1234, transactionIds: many } })));
    expect(pdf.getPageCount()).toBe(2);
  });
});
