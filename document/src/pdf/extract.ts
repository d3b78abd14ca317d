/**
 * Verifying a presented PDF: extract the embedded JSON document, then prove that what the PDF
 * shows is exactly the rendering of that document by rendering it again (with the verification URL
 * base recorded in the PDF) and comparing bytes. Any edit — visible text, fonts, the QR code, an
 * added annotation or page, an incremental update — makes the bytes differ.
 */
import { PDFDocument } from 'pdf-lib';
import { parseDocument } from '../document';
import { listAttachments } from './attachment';
import { ATTACHMENT_NAME, renderDiplomaPdf, type RenderOptions } from './render';
import { PDF_LAYOUTS } from './visible-lines';

/** PDFs larger than this are refused before parsing. */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export interface PdfExtraction {
  /** The embedded JSON document (untrusted: check it with verifyIntegrity / verifySignature). */
  readonly document: unknown;
  /** True only when the PDF is byte-identical to the rendering of its embedded document. */
  readonly visibleContentMatches: boolean;
  readonly problems: string[];
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const fail = (problem: string, document: unknown = undefined): PdfExtraction => ({ document, visibleContentMatches: false, problems: [problem] });

export async function extractDocumentFromPdf(bytes: Uint8Array, options: Pick<RenderOptions, 'fonts'> = {}): Promise<PdfExtraction> {
  if (bytes.length > MAX_PDF_BYTES) return fail(`the PDF is ${bytes.length} bytes; the limit is ${MAX_PDF_BYTES}`);
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    return fail('the file is not a readable PDF');
  }
  let attachments;
  try {
    attachments = listAttachments(pdf).filter((a) => a.name === ATTACHMENT_NAME);
  } catch {
    return fail('the file is not a readable PDF (no usable document catalog)');
  }
  if (attachments.length !== 1 || attachments[0] === undefined) {
    return fail(`the PDF must carry exactly one embedded ${ATTACHMENT_NAME}, found ${attachments.length}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(attachments[0].bytes));
  } catch {
    return fail(`the embedded ${ATTACHMENT_NAME} is not valid UTF-8 JSON`);
  }
  const producer = pdf.getProducer();
  const layout = PDF_LAYOUTS.find((l) => l === producer);
  if (layout === undefined) {
    return fail(`the PDF was not produced by a vanbang renderer (${PDF_LAYOUTS.join(', ')}; producer: ${producer ?? 'none'})`, document);
  }
  const parsed = parseDocument(document);
  if (!parsed.ok) return fail('the embedded document is not a valid diploma document, so the visible content cannot be checked', document);
  const url = pdf.getSubject() ?? '';
  const suffix = `/${parsed.value.documentHash}`;
  if (!url.endsWith(suffix)) return fail('the verification URL recorded in the PDF does not end with the document hash', document);
  let expected: Uint8Array;
  try {
    expected = await renderDiplomaPdf(parsed.value, { verifyUrlBase: url.slice(0, -suffix.length), fonts: options.fonts, layout });
  } catch {
    return fail('the embedded document could not be rendered again for comparison', document);
  }
  return bytesEqual(bytes, expected)
    ? { document, visibleContentMatches: true, problems: [] }
    : fail('the PDF does not match its embedded document: it is not the unmodified rendering of that document', document);
}
