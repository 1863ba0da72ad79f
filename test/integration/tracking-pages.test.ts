import { testDocumentStore } from '../support/documents';
import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DeliveryRepository } from '../../shared/adapters/dynamo/delivery-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { TRACKING_FAILURES_PER_HOUR } from '../../shared/app/tracking';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { Lang } from '../../shared/domain/messages';
import { formatDeadline } from '../../shared/domain/notifications/date-format';
import { signTrackingToken, trackingPath, type KeyRing } from '../../shared/domain/tracking/link-token';
import { PAGE_HEADERS } from '../../shared/http/pages/document';
import { SECURITY_HEADERS } from '../../shared/http/middleware';
import { apiEvent, call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { all, headings, labelOf, one, page, textOf, type PageResponse } from '../support/pages';
import { freshTable } from '../support/table';
import { testKeyRing, testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * The public tracking page and its PIN form, through the API handler on DynamoDB Local: every
 * state in both languages, the signed link and what a bad one gets, the form's answers and the
 * lock they share with GET /track, and what the pages must never show. HTML is read parsed
 * (test/support/pages.ts): text, headings, fields, not exact markup.
 */

// Recognisable strings where personal data and free text live; none may reach a page.
const NAME = 'Sari Namaunik Wulandari';
const PAYLOAD_TEXT = 'Keperluan keluarga PAYLOADUNIK';
const RETURN_TEXT = 'Pindaian buram TEKSBEBAS';
const MISSING_TEXT = 'Fotokopi KTP yang terbaca RAHASIAITEM';
const REJECT_TEXT = 'Tenaga dibutuhkan TEKSTOLAK';
const actorsNamed = {
  sari: { ...ACTORS.sari, name: NAME },
  ver: { ...ACTORS.verSleman, name: 'Verifikator Bernamaunik' },
  appr: { ...ACTORS.apprSleman, name: 'Pejabat Bernamaunik' },
  op: { ...ACTORS.opSleman, name: 'Operator Bernamaunik' },
};
const SECRETS = [EMPLOYEES.sari.nip, NAME, 'PAYLOADUNIK', 'TEKSBEBAS', 'RAHASIAITEM', 'TEKSTOLAK', 'Bernamaunik', ACTORS.sari.userId, ACTORS.verSleman.userId];

const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB
let now = NOW;
let handler: Handler;
let doc: DynamoDBDocumentClient;
let tableName: string;
let ring: KeyRing;
let api: (request: TestRequest) => ReturnType<typeof call>;

interface Filed {
  id: string;
  pin: string;
  version: number;
}

let leaves = 0;
/** A weekday of its own in January 2027 for each leave, so no completed leave overlaps another. */
function leavePayload() {
  const day = new Date(Date.UTC(2027, 0, 4 + Math.floor(leaves / 5) * 7 + (leaves % 5))).toISOString().slice(0, 10);
  leaves += 1;
  return { ...(cuti.examplePayload as object), alasan: PAYLOAD_TEXT, tanggalMulai: day, tanggalSelesai: day };
}

async function fileLeave(): Promise<Filed> {
  const created = await api({ method: 'POST', path: '/proposals', as: actorsNamed.sari, body: { serviceType: 'CUTI', payload: leavePayload(), documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] } });
  expect(created.status).toBe(201);
  return { id: created.body.id, pin: created.body.pin, version: created.body.version };
}

async function act(filed: Filed, as: (typeof actorsNamed)[keyof typeof actorsNamed], body: Record<string, unknown>): Promise<void> {
  const moved = await api({ method: 'POST', path: `/proposals/${filed.id}/transitions`, as, body: { ...body, expectedVersion: filed.version } });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  filed.version = moved.body.version;
}

const linkOf = (id: string, keyRing: KeyRing = ring) => trackingPath(id, signTrackingToken(keyRing, id));
const failures = async (id: string) => {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.trackingFailures(id, now.slice(0, 13)), ConsistentRead: true }));
  return typeof Item?.count === 'number' ? Item.count : 0;
};
const countItems = async () => (await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true }))).Count ?? 0;
const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');

/** What every page must carry, errors included: its own CSP, the API's security headers, nothing cached. */
function expectPageHeaders(response: PageResponse, lang?: Lang) {
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['content-security-policy']).toBe(PAGE_HEADERS['content-security-policy']);
  expect(response.headers).toMatchObject({ 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer' });
  for (const name of ['strict-transport-security', 'x-content-type-options', 'cache-control', 'x-frame-options', 'cross-origin-resource-policy']) {
    expect(response.headers[name], name).toBe(SECURITY_HEADERS[name]);
  }
  if (lang) expect(response.headers['content-language']).toBe(lang);
  expect(response.html).not.toMatch(/<script|\son[a-z]+=/i);
}

/** Nothing personal or free in the page, markup included. */
function expectNoPersonalData(response: PageResponse) {
  for (const secret of SECRETS) expect(response.html, secret).not.toContain(secret);
}

function expectOneH1ThenH2s(response: PageResponse) {
  const list = headings(response.doc);
  expect(list.filter((h) => h.startsWith('h1 '))).toHaveLength(1);
  expect(list[0]).toMatch(/^h1 /);
  for (const h of list.slice(1)) expect(h).toMatch(/^h2 /);
}

const states: Record<string, Filed> = {};
let promotion: Filed;
let dueOf: (id: string) => Promise<string>;

beforeAll(async () => {
  ({ doc, tableName } = await freshTable());
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee.nip === EMPLOYEES.sari.nip ? { ...employee, name: NAME } : employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  ring = testKeyRing();
  handler = createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(now) } }) as unknown as Handler;
  api = (request) => call(handler, request);
  dueOf = async (id) => (await api({ path: `/proposals/${id}`, as: actorsNamed.sari })).body.dueAt;

  // Every leave is filed before any is completed (a completed leave changes Sari's balance).
  for (const state of ['inProgress', 'returned', 'approved', 'completed', 'rejected', 'withdrawn']) states[state] = await fileLeave();
  for (const state of ['inProgress', 'returned', 'approved', 'completed', 'rejected']) await act(states[state]!, actorsNamed.sari, { action: 'submit' });
  await act(states.returned!, actorsNamed.ver, { action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: RETURN_TEXT }, missingItems: ['FORMULIR_CUTI', MISSING_TEXT] });
  for (const state of ['approved', 'completed']) {
    await act(states[state]!, actorsNamed.ver, { action: 'forward' });
    await act(states[state]!, actorsNamed.appr, { action: 'approve' });
  }
  await act(states.completed!, actorsNamed.op, { action: 'complete', output: cuti.exampleOutput });
  await act(states.rejected!, actorsNamed.ver, { action: 'reject', reason: { code: 'KEBUTUHAN_DINAS', text: REJECT_TEXT } });
  await act(states.withdrawn!, actorsNamed.sari, { action: 'withdraw' });

  // The submission of the one in progress reached Sari by email and SMS.
  const deliveries = new DeliveryRepository(doc, tableName);
  for (const channel of ['email', 'sms'] as const) {
    const key = { proposalId: states.inProgress!.id, eventId: `${states.inProgress!.id}#2`, eventSeq: 2, channel, recipient: { kind: 'employee' as const, nip: EMPLOYEES.sari.nip } };
    await deliveries.claim(key, NOW, 60);
    await deliveries.finish(key, 'SENT', { messageId: `m-${channel}` }, NOW);
  }

  // A promotion at the Kanreg: the page names the office that holds it.
  const created = await api({ method: 'POST', path: '/proposals', as: actorsNamed.op, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: kenaikanPangkat.examplePayload, documents: kenaikanPangkat.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://kp/${d.code}.pdf` })) } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  promotion = { id: created.body.id, pin: created.body.pin, version: created.body.version };
  await act(promotion, actorsNamed.op, { action: 'submit' });
  await act(promotion, { ...ACTORS.apprSleman, name: 'Pejabat Bernamaunik' }, { action: 'forward' });
}, 120_000);

/** What each state's page must say, in each language, beside the tag and its meaning. */
const EXPECTED: Record<string, { tag: Record<Lang, string>; says: Record<Lang, string[]>; heldBy?: boolean }> = {
  inProgress: {
    tag: { id: 'Sedang diproses', en: 'In progress' },
    says: {
      id: ['Pemerintah Kabupaten Sleman', 'Tahap Pertimbangan atasan langsung', 'diteruskan ke tahap berikutnya: Keputusan pejabat yang berwenang memberikan cuti', 'Diberitahukan lewat email dan SMS'],
      en: ['Pemerintah Kabupaten Sleman', 'Stage Direct superior consideration', 'goes on to the next: Decision of the official authorised to grant leave', 'Notified by email and SMS'],
    },
    heldBy: true,
  },
  returned: {
    tag: { id: 'Perlu diperbaiki', en: 'Needs fixing' },
    says: {
      id: ['Pengusul, untuk diperbaiki', 'ajukan kembali usul ini paling lambat', 'Alasan: Dokumen tidak terbaca', 'Formulir permintaan cuti', 'Rincian lain disebutkan dalam SMS atau email'],
      en: ['The applicant, to fix it', 'then resubmit it by', 'Reason: Documents illegible', 'Leave request form', 'Other details are in the SMS or email'],
    },
    heldBy: true,
  },
  approved: {
    tag: { id: 'Disetujui', en: 'Approved' },
    says: { id: ['Surat keputusannya sedang diterbitkan: Penerbitan surat izin cuti'], en: ['The decision letter is being issued: Issuing the leave letter'] },
    heldBy: true,
  },
  completed: {
    tag: { id: 'Selesai', en: 'Completed' },
    says: { id: ['Usul telah selesai diproses', 'Tidak ada langkah lagi'], en: ['It has been completed', 'Nothing more needs to be done'] },
  },
  rejected: {
    tag: { id: 'Ditolak', en: 'Rejected' },
    says: { id: ['tidak memenuhi syarat', 'Alasan: Ditangguhkan karena kebutuhan dinas'], en: ['did not meet the requirements', 'Reason: Deferred for operational needs'] },
  },
  withdrawn: {
    tag: { id: 'Dibatalkan', en: 'Withdrawn' },
    says: { id: ['Usul dibatalkan oleh pengusul', 'Dibatalkan oleh pengusul'], en: ['The applicant withdrew it', 'Withdrawn by the applicant'] },
  },
};

describe('the tracking page, opened from its signed link', () => {
  const cases = Object.keys(EXPECTED).flatMap((state) => (['id', 'en'] as const).map((lang) => [state, lang] as const));

  it.each(cases)('%s, in %s: the tag in words, who holds it, what next, the timeline newest first; nothing personal', async (state, lang) => {
    const filed = states[state]!;
    const before = await failures(filed.id);
    const response = await page(handler, { path: linkOf(filed.id), headers: lang === 'en' ? { 'accept-language': 'en-GB,en;q=0.9' } : {} });
    expect(response.status).toBe(200);
    expectPageHeaders(response, lang);
    expectNoPersonalData(response);
    expectOneH1ThenH2s(response);
    const expected = EXPECTED[state]!;
    const tag = one(response.doc, (e) => e.name === 'span' && (e.attribs.class ?? '').split(' ').includes('tag'));
    expect(tag && textOf(tag)).toBe(expected.tag[lang]);
    expect(response.text).toContain(filed.id);
    expect(response.text).toContain(lang === 'id' ? 'Cuti' : 'Leave');
    for (const words of expected.says[lang]) expect(response.text.replace(/\s+/g, ' ')).toContain(words);
    expect(response.text.includes(lang === 'id' ? 'Ditangani oleh' : 'Handled by')).toBe(expected.heldBy === true);
    // The timeline, newest first; every date a <time> with its instant.
    const items = all(response.doc, 'li').filter((li) => li.parent && 'attribs' in li.parent && (li.parent.attribs as Record<string, string>).class === 'timeline');
    const firstLabel = lang === 'id' ? 'Usul dibuat' : 'Proposal created';
    expect(textOf(items.at(-1)!)).toContain(firstLabel);
    expect(textOf(items[0]!)).not.toContain(firstLabel);
    for (const time of all(response.doc, 'time')) expect(time.attribs.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(response.text).toMatch(lang === 'id' ? /pukul \d\d\.\d\d WIB/ : /at \d\d:\d\d WIB/);
    // The switch to the other language, marked as that language.
    const other = lang === 'id' ? 'en' : 'id';
    const switchLink = one(response.doc, (e) => e.name === 'a' && e.attribs.hreflang === other);
    expect(switchLink?.attribs).toMatchObject({ lang: other, href: `${linkOf(filed.id)}?lang=${other}` });
    expect(one(response.doc, (e) => e.name === 'html')?.attribs.lang).toBe(lang);
    // A valid link is no failure.
    expect(await failures(filed.id)).toBe(before);
  });

  it('gives the due date in the handling office’s time, as a date people read', async () => {
    const due = await dueOf(states.inProgress!.id);
    const response = await page(handler, { path: linkOf(states.inProgress!.id) });
    const time = one(response.doc, (e) => e.name === 'time' && e.attribs.datetime === due);
    expect(time && textOf(time)).toBe(`${formatDeadline(due, 'Asia/Jakarta', 'id')} (WIB)`);
  });

  it('names the Kanreg when a BKN office holds it', async () => {
    const response = await page(handler, { path: linkOf(promotion.id) });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Ditangani oleh Kanreg I BKN Yogyakarta');
  });

  it('lets ?lang= win over Accept-Language, both ways', async () => {
    const english = await page(handler, { path: linkOf(states.inProgress!.id), query: { lang: 'en' } });
    expect(english.headers['content-language']).toBe('en');
    expect(english.text).toContain('In progress');
    const indonesian = await page(handler, { path: linkOf(states.inProgress!.id), query: { lang: 'id' }, headers: { 'accept-language': 'en' } });
    expect(indonesian.text).toContain('Sedang diproses');
    // A parameter added on the way (a messenger's click id) does not break the link.
    expect((await page(handler, { path: linkOf(states.inProgress!.id), query: { fbclid: 'x', lang: 'xx' } })).status).toBe(200);
  });

  it('fits in one round trip: ≤ 14 KB compressed', async () => {
    for (const filed of Object.values(states)) {
      const result = await handler(apiEvent({ path: linkOf(filed.id), headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } }), {} as never);
      expect(result.headers?.['content-encoding']).toBe('br');
      expect(Buffer.from(result.body ?? '', 'base64').length).toBeLessThanOrEqual(14 * 1024);
    }
  });
});

describe('a link that does not hold', () => {
  const tamper = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

  it('tampered, forged, under an unknown key, for an unknown number or garbage: the very same not-found page as an unknown number, each counted', async () => {
    const filed = states.inProgress!;
    const token = linkOf(filed.id).split('/').at(-1)!;
    const forged = testKeyRing(); // another key under the same id, "a"
    const unknownNumber = 'USL-0000-0000-0000';
    const cases: [string, string, string][] = [
      ['tampered', `/t/${filed.id}/${tamper(token)}`, filed.id],
      ['forged', linkOf(filed.id, forged), filed.id],
      ['unknown key', `/t/${filed.id}/z${token.slice(1)}`, filed.id],
      ['another number’s token', `/t/${filed.id}/${linkOf(states.returned!.id).split('/').at(-1)}`, filed.id],
      ['cut short', `/t/${filed.id}/${token.slice(0, 6)}`, filed.id],
      ['garbage', `/t/${filed.id}/${encodeURIComponent('<script>x</script>')}`, filed.id],
      ['unknown number, signed', linkOf(unknownNumber), unknownNumber],
    ];
    const bodies = new Set<string>();
    for (const [what, path, counted] of cases) {
      const before = await failures(counted);
      const response = await page(handler, { path });
      expect(response.status, what).toBe(404);
      expectPageHeaders(response, 'id');
      bodies.add(response.html);
      expect(await failures(counted), `${what} is counted`).toBe(before + 1);
    }
    // A malformed number names no proposal: the same page, and nothing to count it against.
    const items = await countItems();
    const malformed = await page(handler, { path: `/t/not-a-number/${token}` });
    expect(malformed.status).toBe(404);
    bodies.add(malformed.html);
    expect(await countItems()).toBe(items);
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('Tautan yang terpotong atau diubah tidak dapat dibuka');
  });

  it('locks the number after the limit: the valid link too gets the 429 page with when to try again', async () => {
    const filed = await fileLeave();
    const token = linkOf(filed.id).split('/').at(-1)!;
    for (let i = 0; i < TRACKING_FAILURES_PER_HOUR; i++) expect((await page(handler, { path: `/t/${filed.id}/${tamper(token)}` })).status).toBe(404);
    const locked = await page(handler, { path: linkOf(filed.id), headers: { 'accept-language': 'en' } });
    expect(locked.status).toBe(429);
    expectPageHeaders(locked, 'en');
    const minutes = Math.ceil((3600 - (Date.parse(now) / 1000) % 3600) / 60);
    expect(Number(locked.headers['retry-after'])).toBe(3600 - (Date.parse(now) / 1000) % 3600);
    expect(locked.text).toContain(`Please try again in ${minutes} minutes`);
    // The JSON route shares the lock.
    expect((await api({ path: `/track/${filed.id}`, query: { pin: filed.pin } })).status).toBe(429);
    // The hour turns: the link opens again.
    const saved = now;
    now = new Date(Date.parse(now) + 3600_000).toISOString();
    try {
      expect((await page(handler, { path: linkOf(filed.id) })).status).toBe(200);
    } finally {
      now = saved;
    }
  });
});

describe('the number and PIN form', () => {
  it('GET /track: labelled fields, the PIN field numeric and not remembered, a switch to English', async () => {
    const response = await page(handler, { path: '/track' });
    expect(response.status).toBe(200);
    expectPageHeaders(response, 'id');
    expectOneH1ThenH2s(response);
    const form = one(response.doc, (e) => e.name === 'form');
    expect(form?.attribs).toMatchObject({ method: 'post', action: '/track' });
    const number = one(response.doc, (e) => e.name === 'input' && e.attribs.name === 'number')!;
    const pin = one(response.doc, (e) => e.name === 'input' && e.attribs.name === 'pin')!;
    expect(labelOf(response.doc, number)).toBe('Nomor usulan');
    expect(labelOf(response.doc, pin)).toBe('PIN');
    expect(pin.attribs).toMatchObject({ autocomplete: 'off', inputmode: 'numeric' });
    expect(pin.attribs.value).toBeUndefined();
    // Hints are tied to their fields.
    for (const field of [number, pin]) for (const id of field.attribs['aria-describedby']!.split(' ')) expect(one(response.doc, (e) => e.attribs.id === id), id).not.toBeNull();
    expect(one(response.doc, (e) => e.name === 'a' && e.attribs.hreflang === 'en')?.attribs.href).toBe('/track?lang=en');
    const english = await page(handler, { path: '/track', headers: { 'accept-language': 'en' } });
    expect(english.text).toContain('Track a proposal');
    expect(one(english.doc, (e) => e.name === 'label' && e.attribs.for === 'number') && english.text).toContain('Proposal number');
  });

  it('GET /track/{id} in a browser: the form with the number filled in, no read; the JSON route as it was', async () => {
    const filed = states.inProgress!;
    const items = await countItems();
    const response = await page(handler, { path: `/track/${filed.id}` });
    expect(response.status).toBe(200);
    expectPageHeaders(response, 'id');
    expect(one(response.doc, (e) => e.name === 'input' && e.attribs.name === 'number')?.attribs.value).toBe(filed.id);
    expect(response.headers.vary).toContain('accept');
    // An unknown number reads the same: the form tells nothing about which numbers exist.
    const unknown = await page(handler, { path: '/track/USL-0000-0000-0000' });
    expect(unknown.status).toBe(200);
    expect(unknown.html.replaceAll('USL-0000-0000-0000', filed.id)).toBe(response.html);
    expect((await page(handler, { path: '/track/garbage' })).status).toBe(404);
    expect(await countItems()).toBe(items);
    const json = await api({ path: `/track/${filed.id}`, query: { pin: filed.pin } });
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toMatchObject({ id: filed.id, status: 'IN_PROGRESS' });
    expect((await api({ path: `/track/${filed.id}` })).status).toBe(422);
  });

  it('a right number and PIN: 303 to the signed link, no PIN in it; the link opens the page, not counted', async () => {
    const filed = states.returned!;
    const before = await failures(filed.id);
    const typed = ` ${filed.id.toLowerCase().replaceAll('-', ' ')} `;
    const response = await page(handler, { method: 'POST', path: '/track', form: { number: typed, pin: ` ${filed.pin} `, lang: 'en' } });
    expect(response.status).toBe(303);
    expectPageHeaders(response, 'en');
    expect(response.headers.location).toBe(`${linkOf(filed.id)}?lang=en`);
    expect(response.headers.location).not.toContain(filed.pin);
    expect(response.html).not.toContain(filed.pin);
    const opened = await page(handler, { path: linkOf(filed.id), query: { lang: 'en' } });
    expect(opened.text).toContain('Needs fixing');
    expect(await failures(filed.id)).toBe(before);
  });

  it('a wrong PIN and an unknown number: the form again, the same status, an alert, the fields marked; each counted', async () => {
    const filed = states.approved!;
    const unknownNumber = 'USL-1111-1111-1111';
    const answers: PageResponse[] = [];
    for (const [number, pin] of [[filed.id, wrongPin(filed.pin)], [unknownNumber, filed.pin]] as const) {
      const before = await failures(number);
      const response = await page(handler, { method: 'POST', path: '/track', form: { number, pin, lang: 'id' } });
      answers.push(response);
      expect(response.status).toBe(404);
      expectPageHeaders(response, 'id');
      expect(await failures(number)).toBe(before + 1);
      const alert = one(response.doc, (e) => e.attribs.role === 'alert');
      expect(alert && textOf(alert)).toContain('Nomor usulan atau PIN tidak cocok');
      for (const name of ['number', 'pin']) {
        const input = one(response.doc, (e) => e.name === 'input' && e.attribs.name === name)!;
        expect(input.attribs['aria-invalid']).toBe('true');
        expect(input.attribs['aria-describedby']).toContain(alert!.attribs.id);
      }
      expect(one(response.doc, (e) => e.name === 'input' && e.attribs.name === 'number')?.attribs.value).toBe(number);
      expect(response.html).not.toContain(pin);
    }
    expect(answers[0]!.html.replaceAll(filed.id, unknownNumber)).toBe(answers[1]!.html);
  });

  it('input that cannot be right: the form again (422) saying which field, nothing written, not counted', async () => {
    const filed = states.completed!;
    const items = await countItems();
    const cases: [Record<string, string>, string[]][] = [
      [{ number: filed.id, pin: 'abcdef' }, ['pin']],
      [{ number: filed.id, pin: '12345' }, ['pin']],
      [{ number: filed.id, pin: '1234567' }, ['pin']],
      [{ number: 'USL-12', pin: filed.pin }, ['number']],
      [{ number: '', pin: '' }, ['number', 'pin']],
      [{}, ['number', 'pin']],
    ];
    for (const [form, fields] of cases) {
      const response = await page(handler, { method: 'POST', path: '/track', form: { ...form, lang: 'id' } });
      expect(response.status, JSON.stringify(form)).toBe(422);
      expectPageHeaders(response, 'id');
      const alert = one(response.doc, (e) => e.attribs.role === 'alert');
      expect(alert).not.toBeNull();
      for (const name of ['number', 'pin']) {
        const input = one(response.doc, (e) => e.name === 'input' && e.attribs.name === name)!;
        expect(input.attribs['aria-invalid'] === 'true', `${name} on ${JSON.stringify(form)}`).toBe(fields.includes(name));
        if (fields.includes(name)) expect(one(response.doc, (e) => e.attribs.id === `${name}-error`)).not.toBeNull();
      }
    }
    // What no form of ours sends: a 4xx page.
    const refused: [string, Record<string, string>, string?][] = [
      ['a field too long', { number: 'x'.repeat(201), pin: filed.pin }],
      ['a field sent twice', {}, `number=${filed.id}&number=${filed.id}&pin=${filed.pin}`],
      ['a field we do not ask for', { number: filed.id, pin: filed.pin, admin: '1' }],
    ];
    for (const [what, form, raw] of refused) {
      const response = await page(handler, { method: 'POST', path: '/track', ...(raw ? { rawBody: raw, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : { form }) });
      expect(response.status, what).toBe(422);
      expectPageHeaders(response);
    }
    const json = await page(handler, { method: 'POST', path: '/track', rawBody: JSON.stringify({ number: filed.id, pin: filed.pin }), headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(415);
    expectPageHeaders(json);
    expect(await countItems()).toBe(items);
    expect(await failures(filed.id)).toBe(0);
  });

  it('after the limit of wrong PINs: the 429 page saying when to try again, Retry-After; the right PIN too', async () => {
    const filed = await fileLeave();
    for (let i = 0; i < TRACKING_FAILURES_PER_HOUR; i++) {
      expect((await page(handler, { method: 'POST', path: '/track', form: { number: filed.id, pin: wrongPin(filed.pin), lang: 'id' } })).status).toBe(404);
    }
    const locked = await page(handler, { method: 'POST', path: '/track', form: { number: filed.id, pin: filed.pin, lang: 'id' } });
    expect(locked.status).toBe(429);
    expectPageHeaders(locked, 'id');
    const seconds = 3600 - (Date.parse(now) / 1000) % 3600;
    expect(Number(locked.headers['retry-after'])).toBe(seconds);
    expect(locked.text).toContain(`Silakan coba lagi dalam ${Math.ceil(seconds / 60)} menit`);
    expect(one(locked.doc, (e) => e.attribs.role === 'alert')).not.toBeNull();
    expect(locked.html).not.toContain(filed.pin);
  });
});
