/**
 * Renders the holder's printable A4 diploma. Deterministic: the same document, verification URL
 * base and fonts always give the same bytes (no timestamps, pdf-lib's seeded subset tags), which
 * is what extract.ts relies on to prove that the visible content matches the embedded document.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { parseDocument, type DiplomaDocument } from '../document';
import { DocumentValidationError } from '../document';
import type { DiplomaFonts } from './fonts';
import { qrMatrix } from './qr';
import { CURRENT_PDF_LAYOUT, diplomaVisibleLines, verificationUrl, type LineStyle, type PdfLayout, type VisibleLine } from './visible-lines';

/** Renderer identity (the layout), written as the PDF Producer. A layout change needs a new identity. */
export const PDF_RENDERER: PdfLayout = CURRENT_PDF_LAYOUT;
export const ATTACHMENT_NAME = 'vanbang-diploma.json';
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

export interface RenderOptions {
  /** e.g. "https://vanbang.moet.gov.vn/verify": the QR code carries `${verifyUrlBase}/${documentHash}`. */
  readonly verifyUrlBase: string;
  /** Font programs; by default DejaVu Serif from the dejavu-fonts-ttf package (Node). */
  readonly fonts?: DiplomaFonts;
  /** Layout to print; only the PDF check asks for an older one, to re-render an older PDF. */
  readonly layout?: PdfLayout;
}

interface Style { readonly size: number; readonly bold: boolean; readonly align: 'center' | 'left' | 'right'; readonly gapBefore: number }
const STYLES: Readonly<Record<LineStyle, Style>> = {
  heading: { size: 12, bold: true, align: 'center', gapBefore: 0 },
  motto: { size: 12, bold: true, align: 'center', gapBefore: 2 },
  issuer: { size: 13, bold: true, align: 'center', gapBefore: 26 },
  title: { size: 24, bold: true, align: 'center', gapBefore: 22 },
  subtitle: { size: 14, bold: false, align: 'center', gapBefore: 6 },
  field: { size: 12.5, bold: false, align: 'left', gapBefore: 6 },
  signing: { size: 11.5, bold: false, align: 'right', gapBefore: 28 },
  signer: { size: 12, bold: true, align: 'right', gapBefore: 4 },
  small: { size: 8, bold: false, align: 'left', gapBefore: 2 },
};

/** Splits text into lines no wider than maxWidth (at word boundaries; long words are cut). */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth) { current = candidate; continue; }
    if (current !== '') lines.push(current);
    current = word;
    while (font.widthOfTextAtSize(current, size) > maxWidth && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > maxWidth) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  lines.push(current);
  return lines;
}

/**
 * The DejaVu files from disk, on Node only. This package is compiled to CommonJS, so Node has a
 * `require`; a browser bundle has none. Taken through `typeof` and called indirectly so that
 * bundlers do not follow it into fonts.ts and node:fs (a unit test bundles the main entry for the
 * browser and fails on any node: import); browsers must pass `fonts`.
 */
function loadDefaultFonts(): DiplomaFonts {
  const nodeRequire: NodeJS.Require | undefined = typeof require === 'function' ? require : undefined;
  if (nodeRequire === undefined) throw new Error('renderDiplomaPdf needs options.fonts outside Node');
  return (nodeRequire('./fonts') as typeof import('./fonts')).loadDiplomaFonts();
}

function drawQr(page: PDFPage, url: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(url);
  const cell = size / matrix.length;
  matrix.forEach((row, r) => row.forEach((dark, c) => {
    if (dark) page.drawRectangle({ x: x + c * cell, y: y + size - (r + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
  }));
}

function drawLine(page: PDFPage, line: VisibleLine, fonts: { regular: PDFFont; bold: PDFFont }, top: number): number {
  const [width] = A4;
  const style = STYLES[line.style];
  const font = style.bold ? fonts.bold : fonts.regular;
  const maxWidth = line.style === 'small' ? width - 2 * MARGIN - 130 : width - 2 * MARGIN - 40;
  let y = top - style.gapBefore;
  for (const part of wrapText(line.text, font, style.size, maxWidth)) {
    y -= style.size * 1.3;
    const textWidth = font.widthOfTextAtSize(part, style.size);
    const x = style.align === 'center' ? (width - textWidth) / 2
      : style.align === 'right' ? width - MARGIN - 40 - textWidth : MARGIN + (line.style === 'field' ? 40 : 0);
    page.drawText(part, { x, y, size: style.size, font, color: rgb(0, 0, 0) });
  }
  return y;
}

/** Main text flows from the top; the small print (numbers, hash, URL) sits at the bottom left, beside the QR code. */
function drawLines(page: PDFPage, lines: readonly VisibleLine[], fonts: { regular: PDFFont; bold: PDFFont }): void {
  let y = A4[1] - MARGIN;
  for (const line of lines.filter((l) => l.style !== 'small')) y = drawLine(page, line, fonts, y);
  const small = lines.filter((l) => l.style === 'small');
  const lineHeight = STYLES.small.size * 1.3 + STYLES.small.gapBefore;
  const wrappedCount = small.reduce((n, l) => n + wrapText(l.text, fonts.regular, STYLES.small.size, A4[0] - 2 * MARGIN - 130).length, 0);
  y = MARGIN + wrappedCount * lineHeight;
  for (const line of small) y = drawLine(page, line, fonts, y);
}

/** The holder's PDF: A4, Vietnamese text, QR with the verification URL, the JSON document attached. */
export async function renderDiplomaPdf(doc: DiplomaDocument, options: RenderOptions): Promise<Uint8Array> {
  const parsed = parseDocument(doc);
  if (!parsed.ok) throw new DocumentValidationError('cannot render an invalid document', parsed.errors);
  const url = verificationUrl(options.verifyUrlBase, doc.documentHash);
  const layout = options.layout ?? CURRENT_PDF_LAYOUT;
  const fontPrograms = options.fonts ?? loadDefaultFonts();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const fonts = {
    regular: await pdf.embedFont(fontPrograms.regular, { subset: true, customName: 'VanbangSerif' }),
    bold: await pdf.embedFont(fontPrograms.bold, { subset: true, customName: 'VanbangSerif-Bold' }),
  };
  pdf.setTitle(`Văn bằng số ${doc.documentHash}`);
  pdf.setSubject(url);
  pdf.setProducer(layout);
  pdf.setCreator(layout);
  const page = pdf.addPage(A4);
  const [width] = A4;
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: A4[1] - 48, borderColor: rgb(0.55, 0.1, 0.1), borderWidth: 3 });
  const qrSize = 110;
  drawQr(page, url, width - MARGIN - qrSize, MARGIN, qrSize);
  drawLines(page, diplomaVisibleLines(doc, options.verifyUrlBase, layout), fonts);
  await pdf.attach(new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`), ATTACHMENT_NAME, {
    mimeType: 'application/json',
    description: 'Văn bằng số (vanbang-diploma-v1): verify by hashing this file',
    creationDate: FIXED_DATE,
    modificationDate: FIXED_DATE,
  });
  return pdf.save({ useObjectStreams: false });
}
