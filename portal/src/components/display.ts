/** How values are printed: codes in words, dates as dd/mm/yyyy, ledger timestamps in local time. */
import {
  CLASSIFICATION_LABELS_VI, DIPLOMA_TYPE_LABELS_VI, MODE_OF_STUDY_LABELS_VI, SEX_LABELS_VI,
  type Classification, type DiplomaType, type ModeOfStudy, type Sex,
} from '@vanbang/document';
import { getLang } from '../i18n';

/** "2024-07-05" → "05/07/2024"; anything else as given. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(getLang() === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A field value as the diploma prints it (the legal Vietnamese text of each code). */
export function fieldDisplayValue(name: string, value: string | number): string {
  if (typeof value === 'number') return String(value);
  switch (name) {
    case 'diplomaType': return DIPLOMA_TYPE_LABELS_VI[value as DiplomaType] ?? value;
    case 'classification': return CLASSIFICATION_LABELS_VI[value as Classification] ?? value;
    case 'modeOfStudy': return MODE_OF_STUDY_LABELS_VI[value as ModeOfStudy] ?? value;
    case 'sex': return SEX_LABELS_VI[value as Sex] ?? value;
    case 'dateOfBirth': case 'graduationDecisionDate': case 'dateOfSigning': return formatDate(value);
    default: return value;
  }
}
