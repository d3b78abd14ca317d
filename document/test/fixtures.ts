import type { DiplomaFields } from '../src/field-definitions';

/** A bachelor's degree, Vietnamese names in NFC. */
export const BACHELOR: DiplomaFields = {
  fullName: 'Nguyễn Thị Hồng Nhung',
  dateOfBirth: '2002-03-15',
  placeOfBirth: 'Hà Nội',
  sex: 'FEMALE',
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  personalIdNumber: '001302012345',
  lifelongLearningCode: 'HS-001302012345',
  diplomaType: 'CU_NHAN',
  discipline: 'Khoa học máy tính',
  classification: 'GIOI',
  modeOfStudy: 'CHINH_QUY',
  graduationYear: 2024,
  graduationDecisionNumber: '1234/QĐ-ĐHBK',
  graduationDecisionDate: '2024-06-28',
  issuerCode: 'BKA',
  issuerName: 'Trường Đại học Bách khoa Hà Nội',
  signerName: 'Huỳnh Quyết Thắng',
  signerTitle: 'Hiệu trưởng',
  placeOfSigning: 'Hà Nội',
  dateOfSigning: '2024-07-05',
  serialNumber: 'BKA-2024-000123',
  registerEntryNumber: '2024/CN/00123',
};

/** An upper-secondary diploma (school and exam session, no discipline). */
export const UPPER_SECONDARY: DiplomaFields = {
  fullName: 'Lê Văn Đức',
  dateOfBirth: '2007-11-02',
  placeOfBirth: 'Nghệ An',
  sex: 'MALE',
  ethnicity: 'Thái',
  nationality: 'Việt Nam',
  personalIdNumber: '040207123456',
  diplomaType: 'THPT',
  graduationYear: 2025,
  graduationDecisionNumber: '456/QĐ-SGDĐT',
  graduationDecisionDate: '2025-07-20',
  issuerCode: 'THPT-PHANBOICHAU',
  issuerName: 'Trường THPT chuyên Phan Bội Châu',
  signerName: 'Nguyễn Văn Hải',
  signerTitle: 'Hiệu trưởng',
  placeOfSigning: 'Nghệ An',
  dateOfSigning: '2025-07-25',
  serialNumber: 'TN-2025-0456789',
  registerEntryNumber: '2025/THPT/01234',
  school: 'Trường THPT chuyên Phan Bội Châu',
  examSession: 'Kỳ thi tốt nghiệp THPT năm 2025',
};

/** Deterministic "random" bytes for reproducible documents in tests (NOT for production). */
export function counterRandomBytes(seed = 1): (n: number) => Uint8Array {
  let counter = seed;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (counter * 131 + i * 17) & 0xff;
    counter++;
    return out;
  };
}
