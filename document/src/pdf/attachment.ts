/** Reading the files attached to a PDF (catalog /Names /EmbeddedFiles), with pdf-lib's low-level API. */
import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString, decodePDFRawStream,
} from 'pdf-lib';

export interface PdfAttachment {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export function listAttachments(pdf: PDFDocument): PdfAttachment[] {
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const entries = embedded?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (entries === undefined) return [];
  const out: PdfAttachment[] = [];
  for (let i = 0; i + 1 < entries.size(); i += 2) {
    const name = entries.lookup(i);
    const spec = entries.lookup(i + 1);
    if (!(spec instanceof PDFDict) || !(name instanceof PDFString || name instanceof PDFHexString)) continue;
    const stream = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookupMaybe(PDFName.of('F'), PDFStream);
    if (!(stream instanceof PDFRawStream)) continue;
    out.push({ name: name.decodeText(), bytes: decodePDFRawStream(stream).decode() });
  }
  return out;
}
