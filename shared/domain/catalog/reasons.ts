import type { Names } from './types';

/**
 * Why proposals come back: a return is BTS (berkas tidak sesuai: the applicant fixes documents),
 * a rejection is TMS (tidak memenuhi syarat). Codes, not prose, so figures can count them; free
 * text goes beside the code. LAINNYA ("other") needs that text.
 */
export const RETURN_REASONS = {
  DOKUMEN_TIDAK_LENGKAP: { id: 'Dokumen tidak lengkap', en: 'Documents incomplete' },
  DOKUMEN_TIDAK_TERBACA: { id: 'Dokumen tidak terbaca', en: 'Documents illegible' },
  DOKUMEN_TIDAK_SESUAI: { id: 'Dokumen tidak sesuai dengan data usulan', en: 'Documents do not match the proposal' },
  DATA_TIDAK_SESUAI: { id: 'Data usulan tidak sesuai dengan data kepegawaian', en: 'Proposal data does not match the personnel record' },
  DOKUMEN_KEDALUWARSA: { id: 'Dokumen sudah tidak berlaku', en: 'Documents expired' },
  LAINNYA: { id: 'Lainnya', en: 'Other' },
} as const satisfies Record<string, Names>;

export const REJECTION_REASONS = {
  TIDAK_MEMENUHI_MASA_KERJA: { id: 'Tidak memenuhi syarat masa kerja', en: 'Does not meet the length-of-service requirement' },
  TIDAK_MEMENUHI_PENILAIAN_KINERJA: { id: 'Tidak memenuhi syarat penilaian kinerja', en: 'Does not meet the performance-rating requirement' },
  SEDANG_MENJALANI_HUKUMAN_DISIPLIN: { id: 'Sedang menjalani hukuman disiplin', en: 'Under a disciplinary sanction' },
  SALDO_CUTI_TIDAK_CUKUP: { id: 'Sisa cuti tidak mencukupi', en: 'Insufficient leave balance' },
  KEBUTUHAN_DINAS: { id: 'Ditangguhkan karena kebutuhan dinas', en: 'Deferred for operational needs' },
  USUL_GANDA: { id: 'Usul ganda', en: 'Duplicate proposal' },
  DI_LUAR_PERIODE: { id: 'Diajukan di luar periode', en: 'Filed outside the submission period' },
  LAINNYA: { id: 'Lainnya', en: 'Other' },
} as const satisfies Record<string, Names>;

export type ReturnReasonCode = keyof typeof RETURN_REASONS;
export type RejectionReasonCode = keyof typeof REJECTION_REASONS;

/**
 * Why a verifier rejects one document (a per-document review, not the proposal): the codes a
 * return then carries for that document. LAINNYA needs a text.
 */
export const DOCUMENT_REJECTION_REASONS = {
  DOKUMEN_TIDAK_TERBACA: { id: 'Dokumen tidak terbaca', en: 'Document illegible' },
  DOKUMEN_TIDAK_SESUAI: { id: 'Dokumen tidak sesuai dengan data usulan', en: 'Document does not match the proposal' },
  DOKUMEN_SALAH_JENIS: { id: 'Bukan dokumen yang diminta', en: 'Not the document asked for' },
  DOKUMEN_TIDAK_LENGKAP: { id: 'Halaman dokumen tidak lengkap', en: 'Pages of the document are missing' },
  DOKUMEN_KEDALUWARSA: { id: 'Dokumen sudah tidak berlaku', en: 'Document expired' },
  DOKUMEN_TANPA_PENGESAHAN: { id: 'Dokumen belum disahkan (tanda tangan/cap)', en: 'Document not signed or stamped' },
  LAINNYA: { id: 'Lainnya', en: 'Other' },
} as const satisfies Record<string, Names>;

export type DocumentRejectionReasonCode = keyof typeof DOCUMENT_REJECTION_REASONS;

const codesOf = <C extends string>(list: Readonly<Record<C, Names>>): C[] => Object.keys(list) as C[];

/** Every code a return or a rejection of a proposal may carry (LAINNYA is in both): which one an action takes, the lifecycle checks. */
export const PROPOSAL_REASON_CODES: readonly (ReturnReasonCode | RejectionReasonCode)[] = [...new Set([...codesOf(RETURN_REASONS), ...codesOf(REJECTION_REASONS)])];
export const DOCUMENT_REJECTION_REASON_CODES: readonly DocumentRejectionReasonCode[] = codesOf(DOCUMENT_REJECTION_REASONS);
