import { escapeHtml } from '../domain/notifications/escape-html';

/**
 * HTML made by the `html` tag: every interpolated value is escaped unless it is itself SafeHtml,
 * so a page cannot carry markup from data by accident. Arrays are joined; null, undefined and
 * false render nothing (for `cond && html\`...\``).
 *
 *   html`<p>${label}</p>`          label escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup the code itself wrote (a stylesheet, an SVG from a library that escapes its own output): never data. */
export const trustedHtml = (text: string): SafeHtml => new SafeHtml(text);
