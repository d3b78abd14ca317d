/**
 * The text a diploma PDF shows, derived deterministically from the document (pure, no PDF code).
 * Hidden fields print as HIDDEN_TEXT so the reader sees what the holder withheld.
 */
import {
  CLASSIFICATION_LABELS_VI, DIPLOMA_TYPE_LABELS_VI, FIELD_LABELS_VI, MODE_OF_STUDY_LABELS_VI, SEX_LABELS_VI,
  type Classification, type DiplomaType, type FieldName, type ModeOfStudy, type Sex,
} from '../field-definitions';
import { certificateNames } from '../certificate';
import type { DiplomaDocument } from '../document';

export const HIDDEN_TEXT = '[đã ẩn theo yêu cầu người được cấp]';

export type LineStyle = 'heading' | 'motto' | 'issuer' | 'title' | 'subtitle' | 'field' | 'signing' | 'signer' | 'small';

export interface VisibleLine {
  readonly style: LineStyle;
  readonly text: string;
}

/** "2024-07-05" → "05/07/2024". */
export function formatDateVi(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** How a disclosed value is printed: a code as its legal Vietnamese text, a date as dd/mm/yyyy. */
export function printedFieldValue(name: string, value: string | number): string {
  const text = String(value).normalize('NFC');
  switch (name) {
    case 'diplomaType': return DIPLOMA_TYPE_LABELS_VI[text as DiplomaType] ?? text;
    case 'classification': return CLASSIFICATION_LABELS_VI[text as Classification] ?? text;
    case 'modeOfStudy': return MODE_OF_STUDY_LABELS_VI[text as ModeOfStudy] ?? text;
    case 'sex': return SEX_LABELS_VI[text as Sex] ?? text;
    case 'dateOfBirth': case 'graduationDecisionDate': case 'dateOfSigning': return formatDateVi(text);
    default: return text;
  }
}

/** The printed text of one field of the document, HIDDEN_TEXT when hidden, undefined when absent. */
export function displayValue(doc: DiplomaDocument, name: FieldName): string | undefined {
  if (doc.hiddenFields[name] !== undefined) return HIDDEN_TEXT;
  const value = doc.fields[name]?.value;
  return value === undefined ? undefined : printedFieldValue(name, value);
}

const BODY_FIELDS: readonly FieldName[] = [
  'fullName', 'dateOfBirth', 'placeOfBirth', 'sex', 'ethnicity', 'nationality', 'personalIdNumber',
  'lifelongLearningCode', 'school', 'examSession', 'classification', 'modeOfStudy', 'graduationYear',
  'graduationDecisionNumber', 'graduationDecisionDate',
];

/** The verification URL the QR code carries. */
export function verificationUrl(verifyUrlBase: string, documentHash: string): string {
  return `${verifyUrlBase.replace(/\/+$/, '')}/${documentHash}`;
}

/**
 * Layouts a PDF can have been printed with. v1 named the signer by its MSP id; v2 names the
 * institution and the organization that certified its key, from the signing certificate. PDFs
 * printed before stay checkable: the extractor re-renders them in the layout they name.
 */
export const PDF_LAYOUTS = ['vanbang-pdf-v1', 'vanbang-pdf-v2'] as const;
export type PdfLayout = (typeof PDF_LAYOUTS)[number];
export const CURRENT_PDF_LAYOUT: PdfLayout = 'vanbang-pdf-v2';

/**
 * "Ký số bởi: Đại học Bách khoa Hà Nội (BKA), chứng thư số do Bộ Giáo dục và Đào tạo cấp": the
 * signer certificate's O and serialNumber (the issuer code), and its CA's O. A certificate without
 * those names (made before they were set, docs/certificates.md) falls back to the MSP id.
 */
export function signedByText(signature: { readonly mspId: string; readonly certificatePem: string }): string {
  const { organization, issuerCode, certifiedBy } = certificateNames(signature.certificatePem);
  if (organization === undefined) return `Ký số bởi tổ chức: ${signature.mspId}`;
  const who = issuerCode === undefined ? organization : `${organization} (${issuerCode})`;
  return certifiedBy === undefined || certifiedBy === organization ? `Ký số bởi: ${who}` : `Ký số bởi: ${who}, chứng thư số do ${certifiedBy} cấp`;
}

/** Every line of text printed on the diploma, top to bottom. */
export function diplomaVisibleLines(doc: DiplomaDocument, verifyUrlBase: string, layout: PdfLayout = CURRENT_PDF_LAYOUT): VisibleLine[] {
  const lines: VisibleLine[] = [
    { style: 'heading', text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' },
    { style: 'motto', text: 'Độc lập - Tự do - Hạnh phúc' },
  ];
  const issuer = displayValue(doc, 'issuerName');
  if (issuer !== undefined) lines.push({ style: 'issuer', text: issuer === HIDDEN_TEXT ? issuer : issuer.toLocaleUpperCase('vi') });
  const title = displayValue(doc, 'diplomaType');
  if (title !== undefined) lines.push({ style: 'title', text: title === HIDDEN_TEXT ? title : title.toLocaleUpperCase('vi') });
  const discipline = displayValue(doc, 'discipline');
  if (discipline !== undefined) lines.push({ style: 'subtitle', text: `${FIELD_LABELS_VI.discipline}: ${discipline}` });
  for (const name of BODY_FIELDS) {
    const value = displayValue(doc, name);
    if (value !== undefined) lines.push({ style: 'field', text: `${FIELD_LABELS_VI[name]}: ${value}` });
  }
  const place = displayValue(doc, 'placeOfSigning');
  const date = doc.fields.dateOfSigning?.value;
  const when = typeof date === 'string' ? `ngày ${date.slice(8, 10)} tháng ${date.slice(5, 7)} năm ${date.slice(0, 4)}` : `ngày ký ${HIDDEN_TEXT}`;
  lines.push({ style: 'signing', text: `${place ?? ''}, ${when}` });
  for (const name of ['signerTitle', 'signerName'] as const) {
    const value = displayValue(doc, name);
    if (value !== undefined) lines.push({ style: 'signer', text: name === 'signerTitle' && value !== HIDDEN_TEXT ? value.toLocaleUpperCase('vi') : value });
  }
  for (const name of ['serialNumber', 'registerEntryNumber', 'issuerCode'] as const) {
    const value = displayValue(doc, name);
    if (value !== undefined) lines.push({ style: 'small', text: `${FIELD_LABELS_VI[name]}: ${value}` });
  }
  if (doc.signature !== undefined) {
    const signedBy = layout === 'vanbang-pdf-v1' ? `Ký số bởi tổ chức: ${doc.signature.mspId}` : signedByText(doc.signature);
    lines.push({ style: 'small', text: `${signedBy}, lúc ${doc.signature.signedAt}` });
  }
  const hidden = Object.keys(doc.hiddenFields).length;
  if (hidden > 0) lines.push({ style: 'small', text: `Số trường đã ẩn: ${hidden}` });
  lines.push({ style: 'small', text: `Mã băm văn bằng: ${doc.documentHash}` });
  lines.push({ style: 'small', text: `Tra cứu: ${verificationUrl(verifyUrlBase, doc.documentHash)}` });
  return lines;
}
