/**
 * SMS in the GSM 7-bit default alphabet (3GPP TS 23.038, formerly GSM 03.38). One character
 * outside it and the whole message goes out as UCS-2, where a segment holds 70 characters
 * instead of 160: so SMS text is folded into it before it is measured.
 */

/** Septets per single-segment SMS: 140 octets of 7-bit characters. */
export const SMS_SEGMENT_SEPTETS = 160;

// The basic table, index = septet value. 0x1B is the escape into the extension table, not a
// character of its own.
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';
const ESCAPE = '\u001b';

/** The 127 characters of the basic table: one septet each. */
export const GSM7_BASIC: ReadonlySet<string> = new Set([...BASIC_TABLE].filter((char) => char !== ESCAPE));

/** The extension table's characters: each is sent as ESC + septet, so it costs two. */
export const GSM7_EXTENSION: ReadonlySet<string> = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);

/** Septets one character costs, or undefined when GSM-7 cannot carry it. */
export function septetsOf(char: string): 1 | 2 | undefined {
  if (GSM7_BASIC.has(char)) return 1;
  if (GSM7_EXTENSION.has(char)) return 2;
  return undefined;
}

/** Whether every character of the text is in the basic or the extension table. */
export const isGsm7 = (text: string): boolean => [...text].every((char) => septetsOf(char) !== undefined);

/** Septets the text takes; Infinity when a character is outside GSM-7, since no count of septets carries it. */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (const char of text) septets += septetsOf(char) ?? Number.POSITIVE_INFINITY;
  return septets;
}

/** Whether the text goes out as one GSM-7 SMS segment. */
export const isSingleSegment = (text: string): boolean => gsm7Length(text) <= SMS_SEGMENT_SEPTETS;

// What text pasted from word processors and phones carries, spelled in GSM-7. Accents need no
// entry: NFD splits them off the letter and the combining mark is dropped as unrepresentable.
const REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ...[...'\u2018\u2019\u201a\u201b\u2032\u00b4`\u2039\u203a'].map((c) => [c, "'"] as const),
  ...[...'\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'].map((c) => [c, '"'] as const),
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212'].map((c) => [c, '-'] as const),
  ...[...'\u2022\u2023\u2043\u2219\u25e6\u25aa\u25cf'].map((c) => [c, '-'] as const),
  ['\u2026', '...'],
  // Letters that NFD leaves whole (Ø, Æ and ß are GSM-7 already).
  ['Đ', 'D'], ['đ', 'd'], ['Ł', 'L'], ['ł', 'l'], ['ı', 'i'], ['Œ', 'OE'], ['œ', 'oe'],
  // A byte-order mark counts as white space in JavaScript; it is no space to a reader.
  ['\ufeff', ''],
]);

const WHITE_SPACE = /\s/u;

/**
 * Text as GSM-7 can carry it: letters lose their diacritics ("Négeri" → "Negeri", also where
 * GSM-7 has the accented letter, so one name is spelled one way), typographic quotes, dashes,
 * bullets and ellipses become their plain forms, every kind of space and line break becomes one
 * space, and what is still unrepresentable (emoji, other scripts) is dropped.
 */
export function foldToGsm7(text: string): string {
  let folded = '';
  for (const char of text.normalize('NFD')) {
    const plain = REPLACEMENTS.get(char) ?? (WHITE_SPACE.test(char) ? ' ' : char);
    for (const c of plain) if (septetsOf(c) !== undefined) folded += c;
  }
  return folded.replace(/ {2,}/g, ' ');
}

/** One piece of an SMS; pieces are joined with single spaces, in the order given. */
export interface SmsPart {
  text: string;
  /**
   * Absent: required, kept verbatim (the proposal number, the link), so it must be GSM-7 already.
   * Otherwise the text is folded to GSM-7, and when the SMS is too long the part with the highest
   * number is shortened or dropped first (1 goes last).
   */
  priority?: number;
  /** Printed before the text ("Alasan: ") and dropped with it, never left alone. */
  label?: string;
  /** Drop rather than shorten: a service name cut short could read as another service. */
  whole?: boolean;
}

const ELLIPSIS = '...';
// A shortened text with fewer septets than this says nothing; the part is dropped instead.
const MIN_SHORTENED = 8;

interface Piece {
  label: string;
  text: string;
  priority: number | undefined;
  whole: boolean;
  index: number;
}

const render = (pieces: readonly Piece[]): string => pieces.map((piece) => piece.label + piece.text).join(' ');

/** The longest start of `text` within `septets`, ending at a word if that loses less than half. */
function shorten(text: string, septets: number): string {
  let kept = '';
  let used = 0;
  for (const char of text) {
    const cost = septetsOf(char) ?? Number.POSITIVE_INFINITY;
    if (used + cost > septets) break;
    kept += char;
    used += cost;
  }
  const cutMidWord = kept.length < text.length && text[kept.length] !== ' ';
  const lastSpace = kept.lastIndexOf(' ');
  if (cutMidWord && lastSpace > kept.length / 2) kept = kept.slice(0, lastSpace);
  return kept.replace(/[\s.,;:-]+$/, '');
}

/**
 * One SMS of at most `limit` septets, all GSM-7, with every required part intact. Optional parts
 * are folded to GSM-7; while the message is too long, the lowest-priority part left is shortened
 * (ending in '...') if enough of it survives, and dropped otherwise.
 *
 * Throws a RangeError when the required parts are not GSM-7 or cannot fit on their own: that is
 * a configuration fault (a tracking link too long), and an SMS without its link is no SMS.
 */
export function fitSms(parts: readonly SmsPart[], limit: number = SMS_SEGMENT_SEPTETS): string {
  const pieces: Piece[] = parts
    .map((part, index) =>
      part.priority === undefined
        ? { label: '', text: part.text, priority: undefined, whole: true, index }
        : { label: foldToGsm7(part.label ?? '').trimStart(), text: foldToGsm7(part.text).trim(), priority: part.priority, whole: part.whole ?? false, index },
    )
    .filter((piece) => piece.text !== '');

  const required = pieces.filter((piece) => piece.priority === undefined);
  const unsendable = required.find((piece) => !isGsm7(piece.text));
  if (unsendable) throw new RangeError(`a required SMS part is not GSM-7: ${JSON.stringify(unsendable.text)}`);
  const requiredSeptets = gsm7Length(render(required));
  if (requiredSeptets > limit) throw new RangeError(`the required SMS parts take ${requiredSeptets} septets; one segment holds ${limit}`);

  const kept = [...pieces];
  const victims = pieces
    .filter((piece) => piece.priority !== undefined)
    .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.index - a.index);
  for (const victim of victims) {
    const over = gsm7Length(render(kept)) - limit;
    if (over <= 0) break;
    const room = gsm7Length(victim.text) - over - ELLIPSIS.length;
    const shortened = !victim.whole && room >= MIN_SHORTENED ? shorten(victim.text, room) : '';
    if (shortened.length >= MIN_SHORTENED) victim.text = shortened + ELLIPSIS;
    else kept.splice(kept.indexOf(victim), 1);
  }
  return render(kept);
}
