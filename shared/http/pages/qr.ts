import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';
import { html, type SafeHtml } from '../html';

/**
 * What qrcode's SVG renderer writes: a white square and one path of the dark modules. It never
 * writes the encoded text (only geometry, and the colours we pass), so nothing from data can
 * reach the markup; still, its output is read against this shape and written out again through
 * the escaping `html` tag, so a change in the library cannot put anything else on a page.
 */
const RENDERED = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d{2,3}) \1" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h\1v\1H0z"\/><path stroke="#000000" d="([Mmh0-9. ]+)"\/><\/svg>\n?$/;

/** Modules of white around the code: the quiet zone scanners need (ISO/IEC 18004 asks for 4). */
const QUIET_ZONE = 4;

/**
 * A QR code of `text` as inline SVG (no image request, nothing the CSP must allow beyond the
 * page itself): error correction M (15% of the code may be smudged or folded), black on white,
 * with a text alternative for screen readers. Its size on the page is the stylesheet's (.qr).
 */
export function qrCodeSvg(text: string, label: string): SafeHtml {
  const svg = render(create(text, { errorCorrectionLevel: 'M' }), { margin: QUIET_ZONE, color: { dark: '#000000', light: '#ffffff' } });
  const parts = RENDERED.exec(svg);
  if (!parts) throw new Error(`qrcode rendered an SVG of an unexpected shape: ${svg.slice(0, 120)}`);
  const [, size, path] = parts;
  return html`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img" aria-label="${label}"><path fill="#fff" d="M0 0h${size}v${size}H0z"/><path stroke="#000" d="${path}"/></svg>`;
}
