/**
 * A dropped or chosen file → the untrusted document it holds. JSON is parsed here; a PDF goes
 * through the document module's extractor, loaded on demand (pdf-lib and the re-render check are
 * a separate chunk, and the fonts are fetched only then).
 */
import type { PdfCheck } from './document-checks';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type FileReading =
  | { readonly ok: true; readonly source: 'json' | 'pdf'; readonly document: unknown; readonly pdf?: PdfCheck }
  | { readonly ok: false; readonly error: 'tooLarge' | 'notJson' | 'unsupported' | 'pdfNoDocument' | 'pdfLoadFailed'; readonly reason?: string };

export function kindOf(name: string, type: string, firstBytes: Uint8Array): 'json' | 'pdf' | undefined {
  const isPdfMagic = firstBytes.length >= 5 && String.fromCharCode(...firstBytes.subarray(0, 5)) === '%PDF-';
  if (isPdfMagic || type === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf';
  if (type === 'application/json' || /\.json$/i.test(name)) return 'json';
  // Unknown name and type: JSON if it starts like an object.
  const first = new TextDecoder().decode(firstBytes.subarray(0, 64)).trimStart();
  return first.startsWith('{') ? 'json' : undefined;
}

export function parseJsonBytes(bytes: Uint8Array): FileReading {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    return { ok: true, source: 'json', document: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'notJson' };
  }
}

export async function readDiplomaFile(file: File): Promise<FileReading> {
  if (file.size > MAX_FILE_BYTES) return { ok: false, error: 'tooLarge' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = kindOf(file.name, file.type, bytes);
  if (kind === undefined) return { ok: false, error: 'unsupported' };
  if (kind === 'json') return parseJsonBytes(bytes);
  let pdf: typeof import('./pdf');
  try {
    pdf = await import('./pdf');
  } catch {
    return { ok: false, error: 'pdfLoadFailed' };
  }
  return pdf.readPdf(bytes);
}
