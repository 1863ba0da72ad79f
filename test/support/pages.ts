import type { Context } from 'aws-lambda';
import { parseDocument, DomUtils } from 'htmlparser2';
import { apiEvent, bodyText, type Handler, type TestRequest } from './api';

/**
 * Pages as a test reads them: parsed (htmlparser2), so assertions name what a person or a screen
 * reader meets (the visible text, headings, fields and their labels) rather than exact markup.
 */

type Document = ReturnType<typeof parseDocument>;
type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  /** The HTML as a client reads it (content coding undone). */
  html: string;
  doc: Document;
  /** The text a person sees: <head> and <style> left out, whitespace collapsed. */
  text: string;
}

/** Elements a browser lays out as blocks: their text does not run into the next one's. */
const BLOCKS = new Set(['address', 'article', 'aside', 'br', 'button', 'dd', 'div', 'dl', 'dt', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'label', 'li', 'main', 'nav', 'ol', 'p', 'section', 'table', 'td', 'th', 'tr', 'ul']);

type Node = Document['children'][number];
function textWithBreaks(node: Node): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!('children' in node)) return '';
  const element = node as Element;
  if (element.name === 'style' || element.name === 'script' || element.name === 'head') return '';
  const inner = element.children.map((child) => textWithBreaks(child as Node)).join('');
  return BLOCKS.has(element.name) ? ` ${inner} ` : inner;
}

export function parsePage(html: string): { doc: Document; text: string } {
  const doc = parseDocument(html);
  const body = DomUtils.findOne((e) => e.name === 'body', doc.children, true);
  const text = (body ? textWithBreaks(body as Node) : '').replace(/\s+/g, ' ').trim();
  return { doc, text };
}

/** Asks the handler as a browser would (Accept: text/html first); a form body goes url-encoded. */
export async function page(handler: Handler, request: TestRequest & { form?: Record<string, string> }): Promise<PageResponse> {
  const { form, ...rest } = request;
  const event = apiEvent({
    ...rest,
    ...(form ? { rawBody: new URLSearchParams(form).toString() } : {}),
    headers: { accept: BROWSER_ACCEPT, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...request.headers },
  });
  const result = await handler(event, { getRemainingTimeInMillis: () => 30_000 } as Context);
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const html = bodyText(result);
  return { status: result.statusCode ?? 200, headers, html, ...parsePage(html) };
}

export const all = (doc: Document, name: string): Element[] => DomUtils.findAll((e) => e.name === name, doc.children);
export const one = (doc: Document, test: (e: Element) => boolean): Element | null => DomUtils.findOne(test, doc.children, true);
export const textOf = (e: Element): string => textWithBreaks(e as Node).replace(/\s+/g, ' ').trim();

/** The text of the label tied to a field (label[for=id]). */
export function labelOf(doc: Document, field: Element): string | undefined {
  const id = field.attribs.id;
  const label = id === undefined ? null : one(doc, (e) => e.name === 'label' && e.attribs.for === id);
  return label ? textOf(label) : undefined;
}

/** Headings in document order, as `h2 What happens next`. */
export const headings = (doc: Document): string[] => DomUtils.findAll((e) => /^h[1-6]$/.test(e.name), doc.children).map((e) => `${e.name} ${textOf(e)}`);
