import { CCCD_PROVINCE_CODES } from './cccd-province-codes';

/** Sex as recorded on a diploma and encoded in digit 4 of the personal ID number. */
export type Sex = 'MALE' | 'FEMALE';

export interface CccdContext {
  /** When known, digit 4 must agree with it (even = male, odd = female). */
  readonly sex?: Sex;
  /** When known (YYYY-MM-DD), digit 4 must encode its century and digits 5-6 its last two digits. */
  readonly dateOfBirth?: string;
}

/** What a valid 12-digit personal ID number (CCCD / số định danh cá nhân) encodes. */
export interface CccdParts {
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly sex: Sex;
  readonly birthYear: number;
}

const CCCD_PATTERN = /^[0-9]{12}$/;

/** Century of birth per digit-4 pair: 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s. */
const CENTURY_BY_DIGIT_PAIR: readonly number[] = [1900, 2000, 2100];

/**
 * Decodes a personal ID number. Returns the problems found (English, readable) or its parts.
 * Digits 1-3: birth-registration province; digit 4: century and sex; digits 5-6: birth year.
 */
export function parseCccd(id: string): { ok: true; value: CccdParts } | { ok: false; problems: string[] } {
  if (!CCCD_PATTERN.test(id)) {
    return { ok: false, problems: ['personal ID number must be exactly 12 digits'] };
  }
  const problems: string[] = [];
  const provinceCode = id.slice(0, 3);
  const provinceName = CCCD_PROVINCE_CODES[provinceCode];
  if (provinceName === undefined) {
    problems.push(`personal ID number starts with ${provinceCode}, which is not a province code`);
  }
  const centuryDigit = Number(id[3]);
  const century = CENTURY_BY_DIGIT_PAIR[Math.floor(centuryDigit / 2)];
  if (century === undefined) {
    problems.push(`digit 4 of the personal ID number is ${centuryDigit}; it must be 0-5 (century and sex)`);
  }
  if (problems.length > 0 || provinceName === undefined || century === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      provinceCode,
      provinceName,
      sex: centuryDigit % 2 === 0 ? 'MALE' : 'FEMALE',
      birthYear: century + Number(id.slice(4, 6)),
    },
  };
}

/** Validates a personal ID number, and its consistency with sex and date of birth when given. */
export function validateCccd(id: string, context: CccdContext = {}): string[] {
  const parsed = parseCccd(id);
  if (!parsed.ok) return parsed.problems;
  const problems: string[] = [];
  if (context.sex !== undefined && context.sex !== parsed.value.sex) {
    problems.push(`personal ID number encodes sex ${parsed.value.sex} but the diploma says ${context.sex}`);
  }
  if (context.dateOfBirth !== undefined) {
    const birthYear = Number(context.dateOfBirth.slice(0, 4));
    if (birthYear !== parsed.value.birthYear) {
      problems.push(
        `personal ID number encodes birth year ${parsed.value.birthYear} but the date of birth is in ${birthYear}`,
      );
    }
  }
  return problems;
}
