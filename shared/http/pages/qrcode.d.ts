// The two parts of qrcode 1.5 (soldair/node-qrcode) the receipt uses: the encoder and the SVG
// renderer, imported alone so the API bundle carries neither its PNG renderer (pngjs) nor its CLI.
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QRCodeData {
    version: number;
    modules: { size: number; data: Uint8Array };
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeData;
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCodeData } from 'qrcode/lib/core/qrcode.js';
  export function render(qrData: QRCodeData, options?: { margin?: number; color?: { dark?: string; light?: string } }): string;
}
