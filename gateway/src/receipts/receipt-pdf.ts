// The printable verification receipt: A4 in Vietnamese (DejaVu Serif, the diploma's own fonts),
// with the signed receipt JSON attached (RECEIPT_ATTACHMENT_NAME) so the paper copy can be checked
// like the JSON one (POST /api/v1/verification-receipts/check). When the receipt states a public
// anchor: a short block, and for an anchored hash the proof file attached too
// (ANCHOR_PROOF_ATTACHMENT_NAME, for scripts/vanbang verify --anchor-proof). One page, a second
// only when the text does not fit.
import fontkit from '@pdf-lib/fontkit';
import { certificateNames, loadDiplomaFonts, wrapText } from '@vanbang/document/node';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { SignedReceipt } from './receipt';
import { ANCHOR_PROOF_ATTACHMENT_NAME, anchorProofFile, anchorReceiptLines } from './receipt-anchor';

export const RECEIPT_ATTACHMENT_NAME = 'vanbang-verification-receipt.json';
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 170;
const SMALL_LABEL_WIDTH = 100;

const RESULT_VI: Record<string, string> = {
  VALID: 'HỢP LỆ — văn bằng có trên sổ cái và đang có hiệu lực',
  CORRECTED: 'HỢP LỆ — đã có quyết định chỉnh sửa; đây là bản trước chỉnh sửa',
  SUPERSEDED: 'ĐÃ ĐƯỢC THAY THẾ bằng văn bằng cấp lại',
  REVOKED: 'ĐÃ BỊ THU HỒI, HỦY BỎ',
  NOT_FOUND: 'KHÔNG CÓ trên sổ cái văn bằng quốc gia',
};

/** The grounds of revocation (chaincode REVOCATION_GROUNDS) in words. */
const GROUND_VI: Record<string, string> = {
  FRAUD: 'gian lận', INELIGIBLE_HOLDER: 'người được cấp không đủ điều kiện', UNAUTHORISED_SIGNER: 'người ký không đúng thẩm quyền',
  ERASED_OR_ALTERED: 'bị tẩy xóa, sửa chữa', LENT_TO_ANOTHER: 'cho người khác sử dụng', ISSUER_ERROR: 'cơ quan cấp có sai sót',
};

const yesNo = (v: boolean | undefined) => (v === undefined ? 'không báo cáo' : v ? 'đạt' : 'KHÔNG ĐẠT');

export async function renderReceiptPdf(signed: SignedReceipt): Promise<Uint8Array> {
  const { receipt, signature } = signed;
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const fonts = loadDiplomaFonts();
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  pdf.setTitle(`Biên nhận xác minh văn bằng ${receipt.receiptId}`);
  pdf.setProducer('vanbang-receipt-v1');
  pdf.setCreationDate(new Date(receipt.issuedAt));
  pdf.setModificationDate(new Date(receipt.issuedAt));
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  /** Room for a line of `size` points, on a new page when this one is full. */
  const room = (size: number) => {
    if (y - size >= MARGIN) return;
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const centered = (text: string, size: number, font: PDFFont) => {
    room(size);
    page.drawText(text, { x: (A4[0] - font.widthOfTextAtSize(text, size)) / 2, y, size, font });
    y -= size + 8;
  };
  const row = (label: string, value: string, valueFont: PDFFont = regular) => {
    const size = 10.5;
    room(size);
    page.drawText(label, { x: MARGIN, y, size, font: bold });
    for (const [i, line] of wrapText(value, valueFont, size, A4[0] - 2 * MARGIN - LABEL_WIDTH).entries()) {
      if (i > 0) room(size);
      page.drawText(line, { x: MARGIN + LABEL_WIDTH, y, size, font: valueFont });
      y -= size + 4;
    }
    y -= 4;
  };
  const paragraph = (text: string, size = 9) => {
    for (const line of wrapText(text, regular, size, A4[0] - 2 * MARGIN)) {
      room(size);
      page.drawText(line, { x: MARGIN, y, size, font: regular, color: rgb(0.2, 0.2, 0.2) });
      y -= size + 3;
    }
    y -= 6;
  };
  const smallRow = (label: string, value: string) => {
    const size = 9;
    room(size);
    page.drawText(label, { x: MARGIN, y, size, font: bold });
    for (const [i, line] of wrapText(value, regular, size, A4[0] - 2 * MARGIN - SMALL_LABEL_WIDTH).entries()) {
      if (i > 0) room(size);
      page.drawText(line, { x: MARGIN + SMALL_LABEL_WIDTH, y, size, font: regular });
      y -= size + 3;
    }
    y -= 1;
  };
  const heading = (text: string) => {
    room(10.5);
    page.drawText(text, { x: MARGIN, y, size: 10.5, font: bold });
    y -= 18;
  };

  centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 11, bold);
  centered('Độc lập - Tự do - Hạnh phúc', 11, bold);
  y -= 14;
  centered('BIÊN NHẬN XÁC MINH VĂN BẰNG', 18, bold);
  centered('Hệ thống sổ cái văn bằng, chứng chỉ quốc gia', 11, regular);
  y -= 12;
  row('Mã biên nhận', receipt.receiptId);
  row('Thời điểm xác minh (UTC)', receipt.issuedAt);
  row('Mã băm tài liệu (SHA-256)', receipt.documentHash);
  row('Kết quả tra sổ cái', RESULT_VI[receipt.result] ?? receipt.result, bold);
  if (receipt.signer?.status === 'COMPROMISED') {
    // The diploma's status alone would read "valid": the signer's key was compromised by then.
    row('Chữ ký số', `KHÔNG ĐÁNG TIN CẬY — sổ cái ghi nhận văn bằng lúc ${receipt.signer.committedAt}, sau khi khóa ký bị lộ (${receipt.signer.compromisedAt ?? '?'})`, bold);
  }
  if (receipt.diplomaId) row('Mã văn bằng', receipt.diplomaId);
  if (receipt.issuerCode) row('Cơ sở cấp', receipt.issuerCode);
  if (receipt.revocation) {
    row('Thu hồi', `${GROUND_VI[receipt.revocation.ground] ?? receipt.revocation.ground} (${receipt.revocation.ground}); quyết định số ${receipt.revocation.decision.number} ngày ${receipt.revocation.decision.date}`);
  }
  if (receipt.supersededBy) row('Được thay thế bởi', receipt.supersededBy);
  row('Sổ cái', `kênh ${receipt.ledger.channel}, chiều cao ${receipt.ledger.height} khối`);
  row('Giao dịch', receipt.ledger.transactionIds.length > 0 ? receipt.ledger.transactionIds.join(' ') : 'không có');
  y -= 6;
  heading('Kiểm tra tệp do trình duyệt của người xác minh báo cáo (cổng không kiểm lại):');
  row('Tính toàn vẹn', yesNo(receipt.presentedChecks.integrity));
  row('Chữ ký số của cơ sở cấp', yesNo(receipt.presentedChecks.signature));
  row('Trường được ẩn', receipt.presentedChecks.hiddenFields === undefined ? 'không báo cáo'
    : receipt.presentedChecks.hiddenFields.length === 0 ? 'không có' : receipt.presentedChecks.hiddenFields.join(', '));
  if (receipt.anchor) {
    // A second, independent proof beside the ledger's answer above, never the result: smaller
    // print, each 32-byte value on one line.
    y -= 6;
    heading('Neo công khai (public anchor) — bằng chứng thứ hai, độc lập:');
    const anchor = anchorReceiptLines(receipt.anchor);
    for (const [label, value] of anchor.rows) smallRow(label, value);
    y -= 4;
    for (const note of anchor.notes) paragraph(note, 8.5);
  }
  y -= 6;
  const signer = certificateNames(signature.certificatePem).organization;
  row('Ký bởi', `${signer ?? signature.mspId} (${signature.mspId}, ${signature.algorithm})`);
  row('Chữ ký', signature.value);
  y -= 6;
  paragraph(`Biên nhận này do cổng xác minh ký số. Tệp ${RECEIPT_ATTACHMENT_NAME} đính kèm trong PDF này là bản gốc có chữ ký; có thể kiểm tra bằng POST /api/v1/verification-receipts/check hoặc bằng chứng thư của tổ chức (GET /api/v1/public/trust-anchors).`);
  paragraph('This receipt is signed by the verification gateway; the attached JSON is the signed original.', 8);

  await pdf.attach(Buffer.from(JSON.stringify(signed, null, 2), 'utf8'), RECEIPT_ATTACHMENT_NAME, {
    mimeType: 'application/json', description: 'Signed verification receipt', creationDate: new Date(receipt.issuedAt), modificationDate: new Date(receipt.issuedAt),
  });
  if (receipt.anchor?.status === 'ANCHORED') {
    // The same events as the signed receipt's `anchor`, in the standalone checker's format.
    await pdf.attach(Buffer.from(`${JSON.stringify(anchorProofFile(receipt.documentHash, receipt.anchor), null, 2)}\n`, 'utf8'), ANCHOR_PROOF_ATTACHMENT_NAME, {
      mimeType: 'application/json', description: 'Public anchor proof (vanbang-anchor-proof-v1)', creationDate: new Date(receipt.issuedAt), modificationDate: new Date(receipt.issuedAt),
    });
  }
  return pdf.save();
}
