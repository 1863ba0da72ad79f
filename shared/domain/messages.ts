import type { Role } from './actors';
import type { ErrorCode } from './errors';
import type { Names } from './catalog/types';
import type { ChainBreakKind } from './proposal/history';
import type { Action, HistoryEventType, Status } from './proposal/types';

export type Lang = 'id' | 'en';

/** Problem titles, Indonesian first. `detail` may use {placeholders} filled from the error's details. */
export const PROBLEMS: Record<ErrorCode, { status: number; title: Names }> = {
  NOT_FOUND: { status: 404, title: { id: 'Data tidak ditemukan', en: 'Not found' } },
  FORBIDDEN: { status: 403, title: { id: 'Anda tidak berwenang melakukan tindakan ini', en: 'You are not allowed to do this' } },
  UNAUTHENTICATED: { status: 401, title: { id: 'Silakan masuk terlebih dahulu', en: 'Please sign in' } },
  VALIDATION_FAILED: { status: 422, title: { id: 'Data yang dikirim tidak valid', en: 'The data sent is not valid' } },
  MALFORMED_JSON: { status: 400, title: { id: 'Isi permintaan bukan JSON yang valid', en: 'The request body is not valid JSON' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: { id: 'Jenis konten harus application/json', en: 'Content type must be application/json' } },
  PAYLOAD_TOO_LARGE: { status: 413, title: { id: 'Isi permintaan terlalu besar', en: 'The request body is too large' } },
  INVALID_CURSOR: { status: 400, title: { id: 'Kursor halaman tidak valid', en: 'The page cursor is not valid' } },
  ROUTE_NOT_FOUND: { status: 404, title: { id: 'Alamat tidak dikenal', en: 'Unknown route' } },
  METHOD_NOT_ALLOWED: { status: 405, title: { id: 'Metode tidak didukung untuk alamat ini', en: 'Method not allowed on this route' } },
  TRANSITION_NOT_ALLOWED: { status: 409, title: { id: 'Tindakan ini tidak dapat dilakukan pada status usulan saat ini', en: 'This action is not possible in the proposal’s current status' } },
  VERSION_CONFLICT: { status: 409, title: { id: 'Usulan telah diubah oleh pihak lain; muat ulang lalu coba lagi', en: 'The proposal was changed by someone else; reload and try again' } },
  PRECONDITION_REQUIRED: { status: 428, title: { id: 'Sertakan versi usulan (If-Match atau expectedVersion)', en: 'Send the proposal version (If-Match or expectedVersion)' } },
  REQUIREMENT_MISSING: { status: 422, title: { id: 'Tindakan ini memerlukan data tambahan', en: 'This action needs more data' } },
  DOCUMENTS_MISSING: { status: 422, title: { id: 'Dokumen persyaratan belum lengkap', en: 'Required documents are missing' } },
  DOCUMENTS_REJECTED: { status: 409, title: { id: 'Ada dokumen yang ditolak atau berbahaya: kembalikan usulan untuk perbaikan', en: 'A document was rejected or is harmful: return the proposal for completion' } },
  DOCUMENT_NOT_REQUIRED: { status: 422, title: { id: 'Dokumen ini tidak termasuk persyaratan layanan', en: 'This document is not required by the service' } },
  DOCUMENT_MISMATCH: { status: 422, title: { id: 'Berkas yang diunggah tidak sesuai dengan yang dinyatakan', en: 'The uploaded file is not the one declared' } },
  DOCUMENT_NOT_UPLOADED: { status: 422, title: { id: 'Berkas belum diunggah', en: 'The file has not been uploaded' } },
  DOCUMENT_UNCHANGED: { status: 409, title: { id: 'Berkas ini sama dengan versi yang sudah ada', en: 'This file is the same as a version already there' } },
  DOCUMENT_VERSION_STALE: { status: 409, title: { id: 'Versi dokumen ini bukan yang terbaru', en: 'This document version is not the newest' } },
  DOCUMENT_NOT_SERVABLE: { status: 409, title: { id: 'Berkas belum dapat dibuka (belum lolos pemindaian)', en: 'The file cannot be opened (not scanned clean)' } },
  UPLOAD_GRANT_NOT_FOUND: { status: 404, title: { id: 'Izin unggah tidak ditemukan untuk usulan dan dokumen ini', en: 'No such upload grant for this proposal and document' } },
  UPLOAD_GRANT_EXPIRED: { status: 410, title: { id: 'Izin unggah sudah kedaluwarsa; minta yang baru', en: 'The upload grant has expired; ask for a new one' } },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: { id: 'Idempotency-Key sudah dipakai untuk permintaan lain', en: 'The Idempotency-Key was used for a different request' } },
  IDEMPOTENCY_KEY_REQUIRED: { status: 428, title: { id: 'Sertakan header Idempotency-Key agar permintaan ini aman diulang', en: 'Send an Idempotency-Key header, so this request can be retried safely' } },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: { id: 'Permintaan yang sama sedang diproses; coba lagi sebentar', en: 'The same request is being processed; retry shortly' } },
  SERVICE_NOT_INITIATED_BY_ROLE: { status: 403, title: { id: 'Layanan ini tidak dapat diajukan oleh Anda untuk pegawai ini', en: 'You cannot file this service for this employee' } },
  EMPLOYEE_NOT_ELIGIBLE: { status: 422, title: { id: 'Pegawai tidak memenuhi syarat layanan ini', en: 'The employee is not eligible for this service' } },
  NUMBER_SEQUENCE_EXHAUSTED: {
    status: 409,
    title: { id: 'Nomor urut untuk tanggal lahir, TMT dan jenis kelamin ini sudah habis (999)', en: 'The sequence numbers for this birth date, TMT and sex are used up (999)' },
  },
  NO_ACTIVE_ROLE: { status: 403, title: { id: 'Akun ini tidak lagi memegang peran tersebut; masuk kembali untuk memuat peran terbaru', en: 'This account no longer holds that role; sign in again to load your current roles' } },
  ACCOUNT_SUSPENDED: { status: 403, title: { id: 'Akun Anda dinonaktifkan oleh admin; hubungi admin instansi Anda', en: 'Your account has been suspended by an admin; contact your agency admin' } },
  ROLE_NOT_GRANTABLE: { status: 403, title: { id: 'Anda tidak dapat memberikan atau mencabut peran ini', en: 'You cannot grant or take away this role' } },
  STAFF_SELF_CHANGE: { status: 403, title: { id: 'Anda tidak dapat mengubah peran atau status akun Anda sendiri', en: 'You cannot change your own roles or status' } },
  LAST_ADMIN: { status: 409, title: { id: 'Organisasi harus tetap memiliki sedikitnya satu admin aktif', en: 'The organisation must keep at least one active admin' } },
  USERNAME_TAKEN: { status: 409, title: { id: 'Nama pengguna ini sudah dipakai', en: 'This username is already taken' } },
  TOO_MANY_REQUESTS: { status: 429, title: { id: 'Terlalu banyak permintaan; coba lagi nanti', en: 'Too many requests; try again later' } },
  SERVICE_UNAVAILABLE: { status: 503, title: { id: 'Layanan sedang tidak tersedia; coba lagi nanti', en: 'The service is unavailable; try again later' } },
  INTERNAL: { status: 500, title: { id: 'Terjadi kesalahan pada sistem; coba lagi nanti', en: 'Something went wrong on our side; try again later' } },
};

/** What people read for a status, the way BKN's own tracking words it. */
export const STATUS_LABELS: Record<Status, Names> = {
  DRAFT: { id: 'Usul diinput (draf)', en: 'Draft' },
  IN_PROGRESS: { id: 'Sedang diproses', en: 'In progress' },
  RETURNED: { id: 'Berkas tidak sesuai (BTS): perbaikan dokumen', en: 'Returned for completion' },
  APPROVED: { id: 'Disetujui, menunggu penyelesaian', en: 'Approved, awaiting completion' },
  COMPLETED: { id: 'Selesai', en: 'Completed' },
  REJECTED: { id: 'Tidak memenuhi syarat (TMS)', en: 'Rejected' },
  WITHDRAWN: { id: 'Dibatalkan', en: 'Withdrawn' },
};

export const EVENT_LABELS: Record<HistoryEventType, Names> = {
  create: { id: 'Usul dibuat', en: 'Proposal created' },
  update: { id: 'Usul diperbarui', en: 'Proposal updated' },
  submit: { id: 'Usul diajukan', en: 'Submitted' },
  forward: { id: 'Diteruskan ke tahap berikutnya', en: 'Forwarded to the next stage' },
  return: { id: 'Dikembalikan untuk perbaikan (BTS)', en: 'Returned for completion' },
  resubmit: { id: 'Diajukan kembali setelah perbaikan', en: 'Resubmitted after completion' },
  approve: { id: 'Disetujui', en: 'Approved' },
  reject: { id: 'Ditolak (TMS)', en: 'Rejected' },
  complete: { id: 'Selesai', en: 'Completed' },
  withdraw: { id: 'Dibatalkan oleh pengusul', en: 'Withdrawn by the applicant' },
  attach: { id: 'Dokumen diunggah', en: 'Document uploaded' },
  review: { id: 'Dokumen diperiksa', en: 'Document reviewed' },
  quarantine: { id: 'Dokumen dikarantina (berkas berbahaya)', en: 'Document quarantined (harmful file)' },
};

/** What a button says for each action (the event it records is named in EVENT_LABELS). */
export const ACTION_LABELS: Record<Action, Names> = {
  submit: { id: 'Ajukan', en: 'Submit' },
  forward: { id: 'Teruskan ke tahap berikutnya', en: 'Forward to the next stage' },
  return: { id: 'Kembalikan untuk perbaikan (BTS)', en: 'Return for completion' },
  resubmit: { id: 'Ajukan kembali', en: 'Resubmit' },
  approve: { id: 'Setujui', en: 'Approve' },
  reject: { id: 'Tolak (TMS)', en: 'Reject' },
  complete: { id: 'Selesaikan', en: 'Complete' },
  withdraw: { id: 'Batalkan usul', en: 'Withdraw' },
};

export const ROLE_LABELS: Record<Role, Names> = {
  PEGAWAI: { id: 'Pegawai', en: 'Employee' },
  OPERATOR: { id: 'Operator', en: 'Operator' },
  VERIFIKATOR: { id: 'Verifikator', en: 'Verifier' },
  APPROVER: { id: 'Pejabat penyetuju', en: 'Approver' },
  ADMIN_INSTANSI: { id: 'Admin instansi', en: 'Agency admin' },
  ADMIN_BKN: { id: 'Admin BKN', en: 'BKN admin' },
  AUDITOR: { id: 'Auditor', en: 'Auditor' },
};

/** What an audit of the history chain found, for people; {seq} and {events} are filled in. */
export const CHAIN_VERDICT_LABELS: Record<ChainBreakKind | 'valid', Names> = {
  valid: {
    id: 'Rantai riwayat utuh: {events} peristiwa terverifikasi',
    en: 'The history chain is intact: {events} events verified',
  },
  sequence: {
    id: 'Urutan riwayat rusak: di tempat peristiwa ke-{seq} tercatat nomor lain (ganda atau tidak berurutan)',
    en: 'The history is out of order: another number stands where event {seq} should be (a duplicate, or out of order)',
  },
  gap: {
    id: 'Riwayat tidak lengkap: peristiwa ke-{seq} hilang (terhapus)',
    en: 'The history has a gap: event {seq} is missing (deleted)',
  },
  link: {
    id: 'Rantai terputus: peristiwa ke-{seq} tidak merujuk hash peristiwa sebelumnya',
    en: 'The chain is broken: event {seq} does not point at the hash of the event before it',
  },
  hash: {
    id: 'Peristiwa ke-{seq} telah diubah: isinya tidak lagi sesuai dengan hash-nya',
    en: 'Event {seq} was altered: its content no longer matches its hash',
  },
  head: {
    id: 'Data usulan tidak sesuai dengan riwayatnya mulai peristiwa ke-{seq} (peristiwa terakhir terhapus atau ditambahkan, atau data usulan diubah)',
    en: 'The proposal does not match its history from event {seq} on (events cut off or appended, or the proposal record altered)',
  },
};
