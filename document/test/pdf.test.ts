import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { createDocument, verifyIntegrity, type DiplomaDocument } from '../src/document';
import { hideFields } from '../src/disclosure';
import { extractDocumentFromPdf, MAX_PDF_BYTES } from '../src/pdf/extract';
import { ATTACHMENT_NAME, renderDiplomaPdf, wrapText } from '../src/pdf/render';
import { diplomaVisibleLines, HIDDEN_TEXT, signedByText } from '../src/pdf/visible-lines';
import { signDocument } from '../src/signature';
import { verifySignature } from '../src/verify-signature';
import { BACHELOR, UPPER_SECONDARY } from './fixtures';
import { createTestCa, issueTestIdentity } from './test-pki';

const BASE = 'https://vanbang.moet.gov.vn/verify';
jest.setTimeout(30000);

let signed: DiplomaDocument;
let pdf: Uint8Array;
let caPem: string;
beforeAll(async () => {
  const ca = await createTestCa('HustOrg');
  caPem = ca.certificatePem;
  const identity = await issueTestIdentity(ca, 'registrar@hust');
  signed = signDocument(createDocument(BACHELOR), { ...identity, mspId: 'HustMSP' }, { now: new Date('2024-07-05T08:00:00Z') });
  pdf = await renderDiplomaPdf(signed, { verifyUrlBase: BASE });
});

async function tamper(bytes: Uint8Array, edit: (doc: PDFDocument) => Promise<void> | void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  await edit(doc);
  return doc.save({ useObjectStreams: false });
}

describe('diploma PDF', () => {
  it('round trip: issue, sign, render, extract gives the same document and hash', async () => {
    const extracted = await extractDocumentFromPdf(pdf);
    expect(extracted).toMatchObject({ visibleContentMatches: true, problems: [] });
    expect(extracted.document).toEqual(JSON.parse(JSON.stringify(signed)));
    expect(verifyIntegrity(extracted.document)).toMatchObject({ ok: true, documentHash: signed.documentHash });
    expect(await verifySignature(extracted.document, [caPem])).toMatchObject({ ok: true, chainsToTrustedCa: true });
  });

  it('is deterministic, A4, one page, with the document attached and the verification URL recorded', async () => {
    expect(Buffer.from(await renderDiplomaPdf(signed, { verifyUrlBase: BASE })).equals(Buffer.from(pdf))).toBe(true);
    const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(loaded.getPageCount()).toBe(1);
    const { width, height } = loaded.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(loaded.getSubject()).toBe(`${BASE}/${signed.documentHash}`);
    expect(Buffer.from(pdf).includes(Buffer.from(ATTACHMENT_NAME))).toBe(true);
  });

  it('prints every disclosed value in Vietnamese, and marks hidden fields', () => {
    const text = diplomaVisibleLines(signed, BASE).map((l) => l.text).join('\n');
    for (const expected of ['Nguyễn Thị Hồng Nhung', 'TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI', 'BẰNG CỬ NHÂN', 'Xếp loại tốt nghiệp: Giỏi', 'Giới tính: Nữ', 'Ngày sinh: 15/03/2002', 'Hà Nội, ngày 05 tháng 07 năm 2024', signed.documentHash]) {
      expect(text).toContain(expected);
    }
    const hiddenText = diplomaVisibleLines(hideFields(signed, ['ethnicity']), BASE).map((l) => l.text);
    expect(hiddenText).toContain(`Dân tộc: ${HIDDEN_TEXT}`);
    expect(hiddenText.join('\n')).not.toContain('Kinh');
  });

  it('a holder-hidden PDF still verifies with the same hash', async () => {
    const hidden = hideFields(createDocument(UPPER_SECONDARY), ['ethnicity', 'personalIdNumber']);
    const extracted = await extractDocumentFromPdf(await renderDiplomaPdf(hidden, { verifyUrlBase: BASE }));
    expect(extracted.visibleContentMatches).toBe(true);
    expect(verifyIntegrity(extracted.document)).toMatchObject({ ok: true, documentHash: hidden.documentHash, hiddenFields: ['ethnicity', 'personalIdNumber'] });
  });

  it('rejects a PDF whose visible content was changed (text drawn over it)', async () => {
    const edited = await tamper(pdf, async (doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.getPage(0).drawText('Xep loai: Xuat sac', { x: 100, y: 400, size: 12, font });
    });
    const extracted = await extractDocumentFromPdf(edited);
    expect(extracted.visibleContentMatches).toBe(false);
    expect(extracted.problems[0]).toMatch(/does not match its embedded document/);
    expect(verifyIntegrity(extracted.document).ok).toBe(true); // the JSON alone is intact: the PDF is what lies
  });

  it('rejects a PDF whose embedded document was swapped for another diploma', async () => {
    const other = createDocument({ ...BACHELOR, classification: 'XUAT_SAC' });
    const swapped = await tamper(pdf, async (doc) => {
      doc.catalog.delete(PDFName.of('Names'));
      doc.setSubject(`${BASE}/${other.documentHash}`);
      await doc.attach(new TextEncoder().encode(`${JSON.stringify(other, null, 2)}\n`), ATTACHMENT_NAME, { mimeType: 'application/json' });
    });
    const extracted = await extractDocumentFromPdf(swapped);
    expect(extracted.document).toEqual(JSON.parse(JSON.stringify(other)));
    expect(extracted.visibleContentMatches).toBe(false);
    expect(extracted.problems[0]).toMatch(/does not match its embedded document/);
  });

  it('reports junk, PDFs without the document, and oversized files clearly', async () => {
    expect(await extractDocumentFromPdf(new TextEncoder().encode('not a pdf'))).toMatchObject({ visibleContentMatches: false, problems: ['the file is not a readable PDF'] });
    const plain = await PDFDocument.create();
    plain.addPage();
    expect((await extractDocumentFromPdf(await plain.save())).problems[0]).toMatch(/exactly one embedded vanbang-diploma.json, found 0/);
    expect((await extractDocumentFromPdf(new Uint8Array(MAX_PDF_BYTES + 1))).problems[0]).toMatch(/the limit is/);
  });

  it('refuses to render an invalid document', async () => {
    await expect(renderDiplomaPdf({ ...signed, schemaVersion: 'v0' } as unknown as DiplomaDocument, { verifyUrlBase: BASE })).rejects.toThrow(/unknown schemaVersion/);
  });
});

describe('wrapText', () => {
  it('never exceeds the width and keeps every character', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const text = 'https://vanbang.moet.gov.vn/verify/' + 'a'.repeat(64) + ' short words here';
    const lines = wrapText(text, font, 8, 150);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 8)).toBeLessThanOrEqual(150);
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });
});

describe('who signed, as printed', () => {
  it('names the institution, its issuer code and the organization that certified its key (UTF-8 names)', async () => {
    const ca = await createTestCa('Bộ Giáo dục và Đào tạo');
    const identity = await issueTestIdentity(ca, 'bka-issuer', undefined, {
      subject: 'C=VN, O=Đại học Bách khoa Hà Nội, OU=client, CN=bka-issuer, 2.5.4.5=BKA',
    });
    const doc = signDocument(createDocument(BACHELOR), { ...identity, mspId: 'MinistryMSP' }, { now: new Date('2024-07-05T08:00:00Z') });
    expect(signedByText(doc.signature)).toBe('Ký số bởi: Đại học Bách khoa Hà Nội (BKA), chứng thư số do Bộ Giáo dục và Đào tạo cấp');
    const printed = diplomaVisibleLines(doc, BASE).map((l) => l.text);
    expect(printed).toContain('Ký số bởi: Đại học Bách khoa Hà Nội (BKA), chứng thư số do Bộ Giáo dục và Đào tạo cấp, lúc 2024-07-05T08:00:00.000Z');
    expect(printed.join('\n')).not.toContain('MinistryMSP');
    const rendered = await renderDiplomaPdf(doc, { verifyUrlBase: BASE });
    expect(await extractDocumentFromPdf(rendered)).toMatchObject({ visibleContentMatches: true, problems: [] });
  });

  it('falls back to the MSP id for a certificate without an organization name', async () => {
    const ca = await createTestCa('HustOrg');
    const identity = await issueTestIdentity(ca, 'x', undefined, { subject: 'CN=x' });
    expect(signedByText({ mspId: 'HustMSP', certificatePem: identity.certificatePem })).toBe('Ký số bởi tổ chức: HustMSP');
  });

  it('a PDF printed in the earlier layout (MSP id line) still checks as unmodified, and cannot pass for the new one', async () => {
    const v1 = await renderDiplomaPdf(signed, { verifyUrlBase: BASE, layout: 'vanbang-pdf-v1' });
    expect(await extractDocumentFromPdf(v1)).toMatchObject({ visibleContentMatches: true, problems: [] });
    expect(diplomaVisibleLines(signed, BASE, 'vanbang-pdf-v1').map((l) => l.text)).toContain('Ký số bởi tổ chức: HustMSP, lúc 2024-07-05T08:00:00.000Z');
    const relabelled = await tamper(v1, (d) => d.setProducer('vanbang-pdf-v2'));
    expect((await extractDocumentFromPdf(relabelled)).visibleContentMatches).toBe(false);
  });
});
