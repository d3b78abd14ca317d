// Diploma rows for the gateway's integration tests and benchmark: valid v1 fields (consistent
// personal ID numbers), unique serial and register numbers per run prefix.
export interface Caller {
  name: string;
  role: string;
  issuerCode?: string;
  apiKey: string;
}

export function bkaDiploma(prefix: string, n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const female = n % 2 === 1;
  return {
    fullName: female ? `Trần Thị Hoa ${n}` : `Nguyễn Văn An ${n}`,
    dateOfBirth: '2004-03-15',
    placeOfBirth: 'Hà Nội',
    sex: female ? 'FEMALE' : 'MALE',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    personalIdNumber: `001${female ? 3 : 2}04${String(n % 1_000_000).padStart(6, '0')}`,
    diplomaType: 'KY_SU',
    discipline: 'Kỹ thuật phần mềm',
    classification: 'GIOI',
    modeOfStudy: 'CHINH_QUY',
    graduationYear: 2026,
    graduationDecisionNumber: '1234/QĐ-ĐHBK',
    graduationDecisionDate: '2026-06-20',
    issuerCode: 'BKA',
    issuerName: 'Đại học Bách khoa Hà Nội',
    signerName: 'Huỳnh Quyết Thắng',
    signerTitle: 'Giám đốc',
    placeOfSigning: 'Hà Nội',
    dateOfSigning: '2026-06-30',
    serialNumber: `${prefix}${String(n).padStart(6, '0')}`,
    registerEntryNumber: `${prefix}/${String(n).padStart(6, '0')}`,
    ...overrides,
  };
}

export function thptDiploma(prefix: string, n: number): Record<string, unknown> {
  const base = bkaDiploma(prefix, n, {
    diplomaType: 'THPT', issuerCode: 'HN-THPT-001', issuerName: 'Trường THPT Chu Văn An', school: 'Trường THPT Chu Văn An',
    examSession: 'Kỳ thi tốt nghiệp THPT năm 2026', signerName: 'Nguyễn Văn Hiệu trưởng', signerTitle: 'Hiệu trưởng',
    dateOfBirth: '2008-05-01', personalIdNumber: `001${n % 2 === 1 ? 3 : 2}08${String(n % 1_000_000).padStart(6, '0')}`,
  });
  delete base.discipline;
  delete base.classification;
  delete base.modeOfStudy;
  return base;
}

const VI_HEADERS: Record<string, string> = {
  fullName: 'Họ và tên', dateOfBirth: 'Ngày sinh', placeOfBirth: 'Nơi sinh', sex: 'Giới tính', ethnicity: 'Dân tộc', nationality: 'Quốc tịch',
  personalIdNumber: 'Số định danh cá nhân', diplomaType: 'Loại văn bằng', discipline: 'Ngành đào tạo', classification: 'Xếp loại tốt nghiệp',
  modeOfStudy: 'Hình thức đào tạo', graduationYear: 'Năm tốt nghiệp', graduationDecisionNumber: 'Số quyết định công nhận tốt nghiệp',
  graduationDecisionDate: 'Ngày quyết định công nhận tốt nghiệp', issuerCode: 'Mã cơ sở cấp văn bằng', issuerName: 'Cơ sở cấp văn bằng',
  signerName: 'Người ký', signerTitle: 'Chức danh người ký', placeOfSigning: 'Nơi ký', dateOfSigning: 'Ngày ký', serialNumber: 'Số hiệu',
  registerEntryNumber: 'Số vào sổ gốc cấp văn bằng',
};

const csvCell = (v: unknown) => {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A CSV cohort with Vietnamese headers (the header in NFD to prove normalization). */
export function* csvCohort(prefix: string, from: number, count: number, row: (prefix: string, n: number) => Record<string, unknown> = bkaDiploma): Generator<string> {
  const fields = Object.keys(VI_HEADERS);
  yield fields.map((f) => VI_HEADERS[f]!.normalize('NFD')).join(',') + '\n';
  for (let n = from; n < from + count; n++) {
    const r = row(prefix, n);
    yield fields.map((f) => csvCell(r[f])).join(',') + '\n';
  }
}
