const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe both as HTML content and inside a quoted attribute value. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

/**
 * The URL as an href may carry it, or undefined: only absolute http(s) links, so a
 * `javascript:` or `data:` value from a misconfigured base URL never becomes something to click.
 * The parsed form is returned, so the browser follows exactly what was checked.
 */
export function httpUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}
