/**
 * The PDF path, loaded only when a PDF is checked: the document module's extractor re-renders the
 * embedded document with the same DejaVu fonts (fetched from this origin) and compares bytes.
 */
import { extractDocumentFromPdf, type DiplomaFonts } from '@vanbang/document';
import type { FileReading } from './read-file';

const FONT_BASE = '/assets/fonts/';
let fonts: Promise<DiplomaFonts> | undefined;

async function fetchFont(name: string): Promise<Uint8Array> {
  const response = await fetch(FONT_BASE + name);
  if (!response.ok) throw new Error(`font ${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadFonts(): Promise<DiplomaFonts> {
  fonts ??= Promise.all([fetchFont('DejaVuSerif.ttf'), fetchFont('DejaVuSerif-Bold.ttf')])
    .then(([regular, bold]) => ({ regular, bold }));
  fonts.catch(() => (fonts = undefined));
  return fonts;
}

export async function readPdf(bytes: Uint8Array): Promise<FileReading> {
  let loaded: DiplomaFonts;
  try {
    loaded = await loadFonts();
  } catch (error) {
    return { ok: false, error: 'pdfLoadFailed', reason: (error as Error).message };
  }
  const extraction = await extractDocumentFromPdf(bytes, { fonts: loaded });
  if (extraction.document === undefined) return { ok: false, error: 'pdfNoDocument', reason: extraction.problems.join('; ') };
  return {
    ok: true, source: 'pdf', document: extraction.document,
    pdf: { visibleContentMatches: extraction.visibleContentMatches, problems: extraction.problems },
  };
}
