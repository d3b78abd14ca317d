/**
 * The fields of a v1 diploma: names (English camelCase), Vietnamese labels, value codes and the
 * Vietnamese text each code is printed as. Pure data, no dependencies.
 */
import type { Sex } from './cccd';

export type { Sex } from './cccd';

export const DIPLOMA_TYPES = [
  'THPT', 'CU_NHAN', 'KY_SU', 'KIEN_TRUC_SU', 'BAC_SI', 'DUOC_SI', 'NHA_SI', 'THAC_SI', 'TIEN_SI',
] as const;
export type DiplomaType = (typeof DIPLOMA_TYPES)[number];

export const CLASSIFICATIONS = ['XUAT_SAC', 'GIOI', 'KHA', 'TRUNG_BINH_KHA', 'TRUNG_BINH'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const MODES_OF_STUDY = ['CHINH_QUY', 'VUA_LAM_VUA_HOC', 'TU_XA'] as const;
export type ModeOfStudy = (typeof MODES_OF_STUDY)[number];

export const SEXES = ['MALE', 'FEMALE'] as const satisfies readonly Sex[];

/** The v1 diploma content, before salting. Dates are calendar dates "YYYY-MM-DD". */
export interface DiplomaFields {
  fullName: string;
  dateOfBirth: string;
  placeOfBirth: string;
  sex: Sex;
  ethnicity: string;
  nationality: string;
  personalIdNumber: string;
  lifelongLearningCode?: string;
  diplomaType: DiplomaType;
  discipline?: string;
  classification?: Classification;
  modeOfStudy?: ModeOfStudy;
  graduationYear: number;
  graduationDecisionNumber: string;
  graduationDecisionDate: string;
  issuerCode: string;
  issuerName: string;
  signerName: string;
  signerTitle: string;
  placeOfSigning: string;
  dateOfSigning: string;
  serialNumber: string;
  registerEntryNumber: string;
  school?: string;
  examSession?: string;
}

export type FieldName = keyof DiplomaFields;
/** A field value: v1 has only strings and integers. */
export type FieldValue = string | number;

/** Every v1 field, in the order a diploma prints them. */
export const FIELD_NAMES = [
  'diplomaType', 'discipline', 'issuerCode', 'issuerName', 'fullName', 'dateOfBirth', 'placeOfBirth',
  'sex', 'ethnicity', 'nationality', 'personalIdNumber', 'lifelongLearningCode', 'school',
  'examSession', 'classification', 'modeOfStudy', 'graduationYear', 'graduationDecisionNumber',
  'graduationDecisionDate', 'placeOfSigning', 'dateOfSigning', 'signerTitle', 'signerName',
  'serialNumber', 'registerEntryNumber',
] as const satisfies readonly FieldName[];

/** Fields every v1 diploma has (disclosed or hidden). */
export const ALWAYS_REQUIRED_FIELDS: readonly FieldName[] = [
  'fullName', 'dateOfBirth', 'placeOfBirth', 'sex', 'ethnicity', 'nationality', 'personalIdNumber',
  'diplomaType', 'graduationYear', 'graduationDecisionNumber', 'graduationDecisionDate', 'issuerCode',
  'issuerName', 'signerName', 'signerTitle', 'placeOfSigning', 'dateOfSigning', 'serialNumber',
  'registerEntryNumber',
];
/** Extra fields required for an upper-secondary (THPT) diploma. */
export const UPPER_SECONDARY_REQUIRED_FIELDS: readonly FieldName[] = ['school', 'examSession'];
/** Extra fields required for a higher-education diploma. */
export const HIGHER_EDUCATION_REQUIRED_FIELDS: readonly FieldName[] = ['discipline'];

/** The fields a diploma of this type must have. */
export function requiredFieldsFor(diplomaType: DiplomaType | undefined): readonly FieldName[] {
  if (diplomaType === undefined) return ALWAYS_REQUIRED_FIELDS;
  return diplomaType === 'THPT'
    ? [...ALWAYS_REQUIRED_FIELDS, ...UPPER_SECONDARY_REQUIRED_FIELDS]
    : [...ALWAYS_REQUIRED_FIELDS, ...HIGHER_EDUCATION_REQUIRED_FIELDS];
}

/** Vietnamese label of each field, as printed on the diploma and published in the JSON Schema. */
export const FIELD_LABELS_VI: Readonly<Record<FieldName, string>> = {
  fullName: 'Họ và tên',
  dateOfBirth: 'Ngày sinh',
  placeOfBirth: 'Nơi sinh',
  sex: 'Giới tính',
  ethnicity: 'Dân tộc',
  nationality: 'Quốc tịch',
  personalIdNumber: 'Số định danh cá nhân',
  lifelongLearningCode: 'Mã hồ sơ học tập suốt đời',
  diplomaType: 'Loại văn bằng',
  discipline: 'Ngành đào tạo',
  classification: 'Xếp loại tốt nghiệp',
  modeOfStudy: 'Hình thức đào tạo',
  graduationYear: 'Năm tốt nghiệp',
  graduationDecisionNumber: 'Số quyết định công nhận tốt nghiệp',
  graduationDecisionDate: 'Ngày quyết định công nhận tốt nghiệp',
  issuerCode: 'Mã cơ sở cấp văn bằng',
  issuerName: 'Cơ sở cấp văn bằng',
  signerName: 'Người ký',
  signerTitle: 'Chức danh người ký',
  placeOfSigning: 'Nơi ký',
  dateOfSigning: 'Ngày ký',
  serialNumber: 'Số hiệu',
  registerEntryNumber: 'Số vào sổ gốc cấp văn bằng',
  school: 'Trường',
  examSession: 'Khóa thi',
};

export const DIPLOMA_TYPE_LABELS_VI: Readonly<Record<DiplomaType, string>> = {
  THPT: 'Bằng tốt nghiệp trung học phổ thông',
  CU_NHAN: 'Bằng cử nhân',
  KY_SU: 'Bằng kỹ sư',
  KIEN_TRUC_SU: 'Bằng kiến trúc sư',
  BAC_SI: 'Bằng bác sĩ',
  DUOC_SI: 'Bằng dược sĩ',
  NHA_SI: 'Bằng bác sĩ răng hàm mặt',
  THAC_SI: 'Bằng thạc sĩ',
  TIEN_SI: 'Bằng tiến sĩ',
};

export const CLASSIFICATION_LABELS_VI: Readonly<Record<Classification, string>> = {
  XUAT_SAC: 'Xuất sắc',
  GIOI: 'Giỏi',
  KHA: 'Khá',
  TRUNG_BINH_KHA: 'Trung bình khá',
  TRUNG_BINH: 'Trung bình',
};

export const MODE_OF_STUDY_LABELS_VI: Readonly<Record<ModeOfStudy, string>> = {
  CHINH_QUY: 'Chính quy',
  VUA_LAM_VUA_HOC: 'Vừa làm vừa học',
  TU_XA: 'Đào tạo từ xa',
};

export const SEX_LABELS_VI: Readonly<Record<Sex, string>> = { MALE: 'Nam', FEMALE: 'Nữ' };

export function isFieldName(name: string): name is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(name);
}
