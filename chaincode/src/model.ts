/** Ledger vocabulary: enums shared with the document module and the record shapes. */

export const MINISTRY_MSP = 'MinistryMSP';

export const DIPLOMA_TYPES = [
  'THPT', 'CU_NHAN', 'KY_SU', 'KIEN_TRUC_SU', 'BAC_SI', 'NHA_SI', 'DUOC_SI', 'THAC_SI', 'TIEN_SI',
] as const;
export type DiplomaType = (typeof DIPLOMA_TYPES)[number];

export const ISSUER_KINDS = ['UNIVERSITY', 'ACADEMY', 'RESEARCH_INSTITUTE', 'UPPER_SECONDARY_SCHOOL'] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

export const ISSUER_STATUSES = ['ACTIVE', 'SUSPENDED', 'MERGED'] as const;
export type IssuerStatus = (typeof ISSUER_STATUSES)[number];

export const DIPLOMA_STATUSES = ['VALID', 'SUPERSEDED', 'REVOKED'] as const;
export type DiplomaStatus = (typeof DIPLOMA_STATUSES)[number];

/** Grounds of revocation / cancellation listed by the regulation. */
export const REVOCATION_GROUNDS = [
  'FRAUD', 'INELIGIBLE_HOLDER', 'UNAUTHORISED_SIGNER', 'ERASED_OR_ALTERED', 'LENT_TO_ANOTHER', 'ISSUER_ERROR',
] as const;
export type RevocationGround = (typeof REVOCATION_GROUNDS)[number];

/** Why a diploma's content is corrected: civil-status changes, never an issuer error (that is a reissue). */
export const CORRECTION_REASONS = [
  'CIVIL_STATUS_CHANGE', 'SEX_REDETERMINATION', 'ETHNICITY_CHANGE', 'BIRTH_REGISTRATION_SUPPLEMENT', 'OTHER_LEGAL_CHANGE',
] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/**
 * Field *names* of the document module's v1 diploma. A correction records which fields changed,
 * never their values.
 */
export const DOCUMENT_FIELD_NAMES = [
  'fullName', 'dateOfBirth', 'placeOfBirth', 'sex', 'ethnicity', 'nationality', 'personalIdNumber',
  'lifelongLearningCode', 'diplomaType', 'discipline', 'classification', 'modeOfStudy', 'graduationYear',
  'graduationDecisionNumber', 'graduationDecisionDate', 'issuerCode', 'issuerName', 'signerName',
  'signerTitle', 'placeOfSigning', 'dateOfSigning', 'serialNumber', 'registerEntryNumber', 'school',
  'examSession',
] as const;

export const ROLES = ['issuer', 'department-admin', 'ministry-admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const EVENT_TYPES = [
  'IssuerRegistered', 'IssuerUpdated', 'DiplomaIssued', 'DiplomasIssued', 'DiplomaCorrected',
  'DiplomaReissued', 'DiplomaRevoked', 'CopyRecorded', 'SigningCertificateRegistered', 'SigningCertificateRevoked',
  'AnchorPeriodRecorded', 'AnchorTransactionRecorded',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Decision {
  number: string;
  date: string;
}

export interface DecisionRecord extends Decision {
  event: EventType;
  txId: string;
  timestamp: string;
}

/** Who did what in the transaction that wrote a record version. */
export interface LastEvent {
  type: EventType;
  txId: string;
  timestamp: string;
  mspId: string;
  actorRole: Role | null;
  actorIssuerCode: string | null;
  decision: Decision | null;
  details: Record<string, unknown>;
}

export interface Issuer {
  docType: 'issuer';
  code: string;
  name: string;
  kind: IssuerKind;
  hostMsp: string;
  diplomaTypes: DiplomaType[];
  status: IssuerStatus;
  validFrom: string;
  validTo: string | null;
  successorCode: string | null;
  decisions: DecisionRecord[];
  createdAt: string;
  updatedAt: string;
  lastEvent: LastEvent;
}

export interface Revocation {
  ground: RevocationGround;
  decision: Decision;
  txId: string;
  timestamp: string;
  mspId: string;
  actorRole: Role | null;
  actorIssuerCode: string | null;
}

export interface Diploma {
  docType: 'diploma';
  diplomaId: string;
  issuerCode: string;
  serialNumber: string;
  hostMsp: string;
  diplomaType: DiplomaType;
  graduationYear: number;
  dateOfSigning: string;
  registerYear: number;
  registerEntryNumber: string;
  documentHash: string;
  status: DiplomaStatus;
  version: number;
  previousHashes: { documentHash: string; version: number }[];
  supersedes: string | null;
  supersededBy: string | null;
  revocation: Revocation | null;
  copyCount: number;
  decisions: DecisionRecord[];
  issuedTxId: string;
  issuedAt: string;
  lastEvent: LastEvent;
}

export interface CopyEntry {
  docType: 'copy';
  registerIssuerCode: string;
  copyYear: number;
  copyNumber: number;
  copies: number;
  diplomaId: string;
  documentHash: string;
  txId: string;
  timestamp: string;
}

/**
 * Value of the hash index: which diploma, at which content version, this hash belonged to, and
 * who committed it when: the SHA-256 fingerprint of the submitter's certificate (the identity
 * that also signed the document) and the transaction time. A verifier compares that time with the
 * certificate's compromise date. Entries written before signers were recorded lack both.
 */
export interface HashIndexEntry {
  diplomaId: string;
  version: number;
  signerFingerprint?: string;
  committedAt?: string;
}

/** Why a signing certificate is revoked: the reasons of RFC 5280 §5.3.1 an issuer can have. */
export const CERTIFICATE_REVOCATION_REASONS = [
  'KEY_COMPROMISE', 'CA_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION',
] as const;
export type CertificateRevocationReason = (typeof CERTIFICATE_REVOCATION_REASONS)[number];

export interface CertificateRevocation {
  /** Transaction time of the revocation. */
  revokedAt: string;
  /** From when the key must be presumed in other hands (≤ revokedAt): hashes committed from then on are not trusted. */
  compromisedAt: string;
  reason: CertificateRevocationReason;
  decision: Decision | null;
  txId: string;
  mspId: string;
  actorRole: Role | null;
}

/**
 * A certificate that signs diplomas for an institution (its key-rotation history). Only what the
 * certificate says about the organisation is kept: the subject without its CN (an identity name
 * may be a person's), the CA's name, serial, validity and the SHA-256 fingerprint of its DER.
 */
export interface SigningCertificate {
  docType: 'signingCertificate';
  fingerprint: string;
  issuerCode: string;
  hostMsp: string;
  serialNumber: string;
  subject: string;
  issuerDn: string;
  notBefore: string;
  notAfter: string;
  status: 'ACTIVE' | 'REVOKED';
  registeredAt: string;
  registeredTxId: string;
  registeredBy: { mspId: string; actorRole: Role | null };
  revocation: CertificateRevocation | null;
  lastEvent: LastEvent;
}

/**
 * Value of the register index (sổ gốc: issuer, type, register year, entry number), which is also
 * the listing index. graduationYear lets ListByIssuer filter by year without loading the diploma;
 * entries written before it was added carry only diplomaId.
 */
export interface RegisterIndexEntry {
  diplomaId: string;
  graduationYear?: number;
}

/**
 * The EVM transaction that anchored a period's root in the anchor registry (docs/anchoring.md), as
 * the anchoring worker saw it confirmed; txId, timestamp and mspId are those of the Fabric
 * transaction that recorded it.
 */
export interface AnchorTransaction {
  chainId: number;
  /** The registry's address, lowercase. */
  contract: string;
  transactionHash: string;
  blockNumber: number;
  confirmations: number;
  txId: string;
  timestamp: string;
  mspId: string;
}

/**
 * One anchoring period: the Merkle root of the diploma events committed in Fabric blocks
 * firstBlock..lastBlock (inclusive), recorded on Fabric before it is sent to the EVM chain.
 * txId, timestamp and mspId are those of the recording transaction. No personal data, no diploma id.
 */
export interface AnchorPeriod {
  docType: 'anchorPeriod';
  periodId: number;
  root: string;
  firstBlock: number;
  lastBlock: number;
  leafCount: number;
  /** The chain and registry the period is meant for, when the worker names them. */
  chainId: number | null;
  contract: string | null;
  txId: string;
  timestamp: string;
  mspId: string;
  evmTransaction: AnchorTransaction | null;
}

/** Value of the "latest period" key: the next period id and the previous range in one read. */
export interface AnchorLatest {
  periodId: number;
  lastBlock: number;
}

export function diplomaIdOf(issuerCode: string, serialNumber: string): string {
  return `${issuerCode}:${serialNumber}`;
}
