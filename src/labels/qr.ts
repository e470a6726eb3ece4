/**
 * QR codes of a text: PNG and SVG for screens and print shops, and the module matrix as rectangles
 * for drawing into a PDF as vectors (crisp at any print size). Error correction M (15 %) survives a
 * scratched or slightly dirty label and keeps the code small for short `sms:` URIs.
 */
import QRCode from 'qrcode';

const OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 4 };

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', scale: 8 });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg' });
}

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Dark modules as horizontal runs: row, first column, length (in modules). */
  runs: { row: number; col: number; length: number }[];
}

/** The QR matrix of a text, dark modules merged into horizontal runs (fewer PDF operations). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
  const runs: QrMatrix['runs'] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}
