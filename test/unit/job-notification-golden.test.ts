import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { Lang } from '../../shared/domain/messages';
import { gsm7Length, isGsm7, isSingleSegment } from '../../shared/domain/notifications/gsm7';
import { jobSmsParts, renderJobEvent, type JobRenderContext } from '../../shared/domain/notifications/job-templates';
import type { JobEvent } from '../../shared/domain/notifications/types';
import { goldenIn } from './golden/expect-golden';
import { cdkJsonBases, linksFor } from '../support/notice-links';

const expectGolden = goldenIn(join(dirname(fileURLToPath(import.meta.url)), 'golden', 'job-notifications'));

const PROPOSAL = 'USL-7K2M-9QXA-4TNB';
// What production sends: its base URLs, links signed with a fixed key.
const PROD = cdkJsonBases('prod');
const PREFERENCES = `${PROD.webBaseUrl}/settings/notifications`;
const VERIFICATION = kenaikanPangkat.stages.find((stage) => stage.code === 'VERIFIKASI_BKN')!;
const KANREG = 'Kantor Regional I BKN Yogyakarta';
const base = { at: '2026-03-26T01:00:00.000Z', urgent: false };

/** A promotion at BKN verification, entered Monday 16 March 2026 09:00 WIB with 5 working days: due Monday 30 March. */
const sla = (step: 'HALF' | 'THREE_QUARTERS' | 'BREACH' | 'OVERDUE', extra: { overdueWorkingDays?: number; escalation?: boolean } = {}): JobEvent => ({
  ...base,
  kind: 'sla-reminder',
  eventId: `SLA#${PROPOSAL}#${step}${extra.overdueWorkingDays ?? ''}`,
  recipients: [{ kind: 'user', userId: 'verifikator-kanreg-1' }],
  proposalId: PROPOSAL,
  serviceType: 'KENAIKAN_PANGKAT',
  stage: 'VERIFIKASI_BKN',
  orgId: 'KANREG-I',
  step,
  dueAt: '2026-03-30T16:59:59.999Z',
  escalation: false,
  ...extra,
});

const returned = (step: 'BREACH' | 'OVERDUE', extra: { overdueWorkingDays?: number; missingItems?: string[] } = {}): JobEvent => ({
  ...base,
  kind: 'returned-reminder',
  eventId: `RET#${PROPOSAL}#${step}${extra.overdueWorkingDays ?? ''}`,
  recipients: [{ kind: 'employee', nip: '198703122010012003' }],
  proposalId: PROPOSAL,
  serviceType: 'KENAIKAN_PANGKAT',
  step,
  dueAt: '2026-04-08T16:59:59.999Z',
  ...extra,
});

/** The names a context carries; its links are added per event and recipient, as the senders choose them. */
type Names = Omit<JobRenderContext, 'trackUrl' | 'proposalUrl' | 'inboxUrl' | 'preferencesUrl'>;

const staff = (lang: Lang, name: string): Names => ({
  lang,
  recipientName: name,
  service: kenaikanPangkat.names,
  stage: VERIFICATION.names,
  orgName: KANREG,
  role: { id: 'Verifikator', en: 'Verifier' },
});

const applicant = (lang: Lang): Names => ({
  lang,
  recipientName: 'Siti Rahmawati',
  service: kenaikanPangkat.names,
});

const operator = (lang: Lang): Names => ({
  lang,
  recipientName: 'Agus Prasetyo',
  service: kenaikanPangkat.names,
  orgName: 'Pemerintah Kabupaten Sleman',
});

/** The context of the event's first recipient: the names, and the links the senders give them. */
const withLinks = (event: JobEvent, names: Names): JobRenderContext => ({ ...names, ...linksFor(event, event.recipients[0] ?? { kind: 'user', userId: 'reader' }, PROD) });

const retirement = (monthsBefore: 12 | 6): JobEvent => ({
  ...base,
  kind: 'retirement-reminder',
  eventId: `RETIRE#196904102000032001#${monthsBefore}`,
  recipients: [{ kind: 'employee', nip: '196904102000032001' }],
  nip: '196904102000032001',
  employeeName: 'Sri Wahyuni',
  agencyId: 'PEMKAB-SLEMAN',
  bupDate: '2027-05-01',
  monthsBefore,
});

/** Every kind of job notice, and each step a reader can tell apart. */
const NAMED: Record<string, (lang: Lang) => { event: JobEvent; ctx: Names }> = {
  'sla-half': (lang) => ({ event: sla('HALF'), ctx: staff(lang, 'Budi Santoso') }),
  'sla-three-quarters': (lang) => ({ event: sla('THREE_QUARTERS'), ctx: staff(lang, 'Budi Santoso') }),
  'sla-breach': (lang) => ({ event: sla('BREACH'), ctx: staff(lang, 'Budi Santoso') }),
  'sla-escalation': (lang) => ({ event: sla('OVERDUE', { overdueWorkingDays: 3, escalation: true }), ctx: staff(lang, 'Dewi Lestari') }),
  'returned-breach': (lang) => ({
    event: returned('BREACH', { missingItems: ['SKP tahun 2025 yang telah ditandatangani', 'SK jabatan terakhir (pindaian berwarna)'] }),
    ctx: applicant(lang),
  }),
  'returned-overdue': (lang) => ({ event: returned('OVERDUE', { overdueWorkingDays: 2 }), ctx: applicant(lang) }),
  digest: (lang) => ({
    event: {
      ...base,
      kind: 'digest',
      eventId: 'DIGEST#KANREG-I#VERIFIKATOR#2026-03-26',
      recipients: [{ kind: 'user', userId: 'verifikator-kanreg-1' }],
      orgId: 'KANREG-I',
      role: 'VERIFIKATOR',
      day: '2026-03-26',
      waiting: 12,
      overdue: 3,
      oldest: { proposalId: PROPOSAL, serviceType: 'KENAIKAN_PANGKAT', since: '2026-03-09T02:00:00.000Z', dueAt: '2026-03-16T16:59:59.999Z' },
    },
    ctx: staff(lang, 'Budi Santoso'),
  }),
  window: (lang) => ({
    event: {
      ...base,
      kind: 'window-reminder',
      eventId: 'WINDOW#KENAIKAN_PANGKAT#2026-06-01#PEMKAB-SLEMAN#14',
      recipients: [{ kind: 'user', userId: 'operator-sleman' }],
      serviceType: 'KENAIKAN_PANGKAT',
      agencyId: 'PEMKAB-SLEMAN',
      period: '2026-06-01',
      opensOn: '2026-03-01',
      closesOn: '2026-04-30',
      daysLeft: 14,
    },
    ctx: operator(lang),
  }),
  'retirement-12': (lang) => ({ event: retirement(12), ctx: { ...operator(lang), recipientName: 'Sri Wahyuni', service: undefined } }),
  'retirement-6': (lang) => ({ event: { ...retirement(6), recipients: [{ kind: 'user', userId: 'operator-sleman' }] }, ctx: { ...operator(lang), service: undefined } }),
};
const CASES: Record<string, (lang: Lang) => { event: JobEvent; ctx: JobRenderContext }> = Object.fromEntries(
  Object.entries(NAMED).map(([name, named]) => [name, (lang: Lang) => {
    const { event, ctx } = named(lang);
    return { event, ctx: withLinks(event, ctx) };
  }]),
);

const LANGS: readonly Lang[] = ['id', 'en'];
const EVERY_NOTICE = Object.keys(CASES).flatMap((name) => LANGS.map((lang) => ({ name, lang })));
const render = (name: string, lang: Lang) => {
  const { event, ctx } = CASES[name]!(lang);
  return { event, ctx, rendered: renderJobEvent(event, ctx) };
};

describe('what the scheduled jobs send', () => {
  it('covers every kind of job event', () => {
    const kinds = new Set(Object.values(CASES).map((c) => c('id').event.kind));
    expect([...kinds].sort()).toEqual(['digest', 'retirement-reminder', 'returned-reminder', 'sla-reminder', 'window-reminder']);
  });

  it.each(EVERY_NOTICE)('the $name notice in $lang reads as reviewed: subject, text, HTML and SMS', ({ name, lang }) => {
    const { rendered } = render(name, lang);
    expectGolden(`${name}.${lang}.subject.txt`, rendered.subject);
    expectGolden(`${name}.${lang}.txt.txt`, rendered.text);
    expectGolden(`${name}.${lang}.html.txt`, rendered.html);
    expectGolden(`${name}.${lang}.sms.txt`, rendered.sms);
  });

  it.each(EVERY_NOTICE)('the $name SMS in $lang is one GSM-7 segment with its proposal number and link', ({ name, lang }) => {
    const { event, ctx, rendered } = render(name, lang);
    expect(isGsm7(rendered.sms)).toBe(true);
    expect(isSingleSegment(rendered.sms), `${gsm7Length(rendered.sms)} septets: ${rendered.sms}`).toBe(true);
    if ('proposalId' in event) expect(rendered.sms).toContain(event.proposalId);
    const link = ctx.trackUrl ?? ctx.proposalUrl ?? ctx.inboxUrl;
    expect(link).toBeDefined();
    expect(rendered.sms).toContain(link);
  });

  it.each(EVERY_NOTICE)('the $name email in $lang greets its reader and offers the way out of SMS', ({ name, lang }) => {
    const { ctx, rendered } = render(name, lang);
    for (const part of [rendered.text, rendered.html]) {
      expect(part).toContain(ctx.recipientName);
      expect(part).toContain(ctx.preferencesUrl);
    }
    expect(rendered.html.startsWith(`<!DOCTYPE html>\n<html lang="${lang}">`)).toBe(true);
  });
});

describe('the words that matter', () => {
  it('an SLA at half time says so in Indonesian, and the deadline in words', () => {
    const { rendered } = render('sla-half', 'id');
    expect(rendered.subject).toBe(`[Pantau] Usulan ${PROPOSAL}: separuh waktu layanan telah berlalu`);
    expect(rendered.text).toContain('paling lambat Senin, 30 Maret 2026.');
  });

  it('a breach says the service deadline has passed', () => {
    expect(render('sla-breach', 'id').rendered.subject).toContain('batas waktu layanan terlampaui');
    expect(render('sla-breach', 'en').rendered.subject).toContain('service deadline passed');
  });

  it('an escalation tells the admin which queue, which proposal and how late', () => {
    const { text, sms } = render('sla-escalation', 'id').rendered;
    expect(text).toContain(`Usulan ${PROPOSAL} (Kenaikan Pangkat), di antrean Verifikasi BKN / Kanreg, ${KANREG}, belum diproses dan telah terlambat 3 hari kerja dari batas waktu layanannya.`);
    expect(text).toContain('Keterlambatan: 3 hari kerja');
    expect(sms).toContain('ESKALASI');
    expect(render('sla-escalation', 'en').rendered.text).toContain('Overdue by: 3 working days');
  });

  it('a returned proposal past its deadline lists what is missing and how to fix it', () => {
    const { text } = render('returned-breach', 'en').rendered;
    expect(text).toContain('To complete or correct:\n1. SKP tahun 2025 yang telah ditandatangani\n2. SK jabatan terakhir (pindaian berwarna)\n');
    expect(text).toContain('then resubmit the proposal in Pantau');
    expect(text).toContain('the deadline to fix it, Wednesday, 8 April 2026, has passed.');
  });

  it.each(LANGS)('a returned proposal past its deadline names, in %s, the documents its return listed by code', (lang) => {
    const event = returned('BREACH', { missingItems: ['SKP_DUA_TAHUN', 'SK_PANGKAT_TERAKHIR', 'Surat pengantar dari kepala OPD'] });
    const ctx = withLinks(event, { ...applicant(lang), documents: kenaikanPangkat.requiredDocuments });
    const { text, html } = renderJobEvent(event, ctx);
    const [skp, pangkat] = ['SKP_DUA_TAHUN', 'SK_PANGKAT_TERAKHIR'].map((code) => kenaikanPangkat.requiredDocuments.find((d) => d.code === code)!.names[lang]);
    expect(text).toContain(`1. ${skp}\n2. ${pangkat}\n3. Surat pengantar dari kepala OPD\n`);
    expect(html).toContain(`<li>${skp}</li>\n<li>${pangkat}</li>`);
    expect(jobSmsParts(event, ctx).find((part) => part.priority === 3)!.text).toBe(`${skp}; ${pangkat}; Surat pengantar dari kepala OPD.`);
    for (const part of [text, html]) expect(part).not.toMatch(/SKP_DUA_TAHUN|SK_PANGKAT_TERAKHIR/);
  });

  it('a digest counts the queue and names the oldest item', () => {
    const { subject, text } = render('digest', 'en').rendered;
    expect(subject).toBe('[Pantau] Queue digest, 26 March 2026: 12 waiting, 3 overdue');
    expect(text).toContain(`Waiting longest: proposal ${PROPOSAL} (Promotion), in this queue since Monday, 9 March 2026, due Monday, 16 March 2026.`);
  });

  it('a window reminder names the period, the last day and the days left', () => {
    const { subject, text } = render('window', 'id').rendered;
    expect(subject).toBe('[Pantau] Pengajuan Kenaikan Pangkat periode 1 Juni 2026 ditutup 14 hari lagi');
    expect(text).toContain('Hari terakhir pengajuan: Kamis, 30 April 2026.');
  });

  it('a retirement reminder names the employee, the pension date and the months left', () => {
    const { subject, text } = render('retirement-6', 'en').rendered;
    expect(subject).toBe('[Pantau] Retirement of Sri Wahyuni: from 1 May 2027, in 6 months');
    expect(text).toContain('Sri Wahyuni (NIP 196904102000032001)');
    expect(text).toContain('Pension starts: Saturday, 1 May 2027');
  });
});

describe('dates in the reader’s zone', () => {
  it('a deadline at the end of a WIB day, read in WIT, carries its WIT time', () => {
    const { text } = renderJobEvent(sla('BREACH'), withLinks(sla('BREACH'), { ...staff('id', 'Yohanes'), timeZone: 'Asia/Jayapura' }));
    expect(text).toContain('Batas waktu: Selasa, 31 Maret 2026 pukul 01.59 WIT');
  });

  it('without a zone in the context, dates are read in WIB', () => {
    expect(renderJobEvent(sla('BREACH'), withLinks(sla('BREACH'), staff('en', 'Budi'))).text).toContain('Deadline: Monday, 30 March 2026\n');
  });
});

describe('what the context could not name', () => {
  it('falls back to the codes rather than to nothing', () => {
    const { text } = renderJobEvent(sla('OVERDUE', { overdueWorkingDays: 1, escalation: true }), { lang: 'en', recipientName: 'Dewi', preferencesUrl: PREFERENCES });
    expect(text).toContain(`Proposal ${PROPOSAL} (KENAIKAN_PANGKAT), in the queue VERIFIKASI_BKN, KANREG-I, has not been processed and is 1 working day past its service deadline.`);
  });

  it('a digest of an empty queue says nothing waits', () => {
    const event: JobEvent = { ...base, kind: 'digest', eventId: 'd', recipients: [], orgId: 'KANREG-I', role: 'VERIFIKATOR', day: '2026-03-26', waiting: 0, overdue: 0 };
    expect(renderJobEvent(event, withLinks(event, staff('id', 'Budi'))).text).toContain('Per Kamis, 26 Maret 2026, tidak ada usulan yang menunggu di antrean Verifikator, Kantor Regional I BKN Yogyakarta.');
    expect(renderJobEvent(event, withLinks(event, staff('en', 'Budi'))).text).toContain('no proposals are waiting');
  });

  it('a window closing today or tomorrow says so', () => {
    const event = CASES.window!('en').event as Extract<JobEvent, { kind: 'window-reminder' }>;
    expect(renderJobEvent({ ...event, daysLeft: 1 }, CASES.window!('en').ctx).subject).toContain('close tomorrow');
    expect(renderJobEvent({ ...event, daysLeft: 0 }, CASES.window!('id').ctx).subject).toContain('ditutup hari ini');
  });
});
