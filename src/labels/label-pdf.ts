/**
 * The printable label sheet of a locker (A4, pdfkit): one label per compartment with its name large,
 * the QR code drawn as vector rectangles, the number, and the three steps in German and English.
 * Thin dashed lines around each label are the cut lines.
 */
import { pdfBytes } from '../shared/pdf-bytes.js';
import { A4_GRID, placeLabels, type LabelBox, type LabelContent, type SheetGrid } from './label-sheet.js';
import { qrMatrix } from './qr.js';

export interface LabelSheetInput {
  title: string;
  /** The PDF's creation date (kept fixed so the same input gives the same file). */
  createdAt: Date;
  labels: LabelContent[];
  grid?: SheetGrid;
}

/** The QR code as filled rectangles inside a square of `side` points at (x, y), quiet zone included. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number): void {
  const { size, runs } = qrMatrix(text);
  const quiet = 4;
  const module = side / (size + 2 * quiet);
  for (const run of runs) {
    doc.rect(x + (quiet + run.col) * module, y + (quiet + run.row) * module, run.length * module, module);
  }
  doc.fillColor('#000').fill();
}

function drawLabel(doc: PDFKit.PDFDocument, label: LabelContent, box: LabelBox): void {
  const pad = 12;
  doc.save();
  doc
    .lineWidth(0.5)
    .dash(3, { space: 3 })
    .strokeColor('#999')
    .rect(box.x, box.y, box.width, box.height)
    .stroke();
  doc.restore();
  const inner = box.width - 2 * pad;
  doc
    .font('Helvetica-Bold')
    .fontSize(26)
    .fillColor('#000')
    .text(label.name, box.x + pad, box.y + pad, { width: inner, lineBreak: false });
  const qrTop = box.y + pad + 32;
  const qrSide = 92;
  drawQr(doc, label.qrText, box.x + pad - 6, qrTop - 6, qrSide);
  const right = box.x + pad + qrSide;
  const rightWidth = box.x + box.width - pad - right;
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#333')
    .text('SMS an / Text to', right, qrTop + 6, {
      width: rightWidth,
    });
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor('#000')
    .text(label.number, right, doc.y + 2, {
      width: rightWidth,
    });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#333')
    .text(`Fach / Compartment: ${label.name}`, right, doc.y + 4, { width: rightWidth });
  let y = qrTop + qrSide - 8;
  doc.font('Helvetica').fontSize(7.5).fillColor('#000');
  for (const line of label.instructions.de) {
    doc.text(line, box.x + pad, y, { width: inner });
    y = doc.y + 0.5;
  }
  y += 2;
  doc.fontSize(7).fillColor('#444');
  for (const line of label.instructions.en) {
    doc.text(line, box.x + pad, y, { width: inner });
    y = doc.y + 0.5;
  }
  doc.fillColor('#000');
}

export function renderLabelSheet(input: LabelSheetInput): Promise<Buffer> {
  const grid = input.grid ?? A4_GRID;
  return pdfBytes(
    {
      size: [grid.pageWidth, grid.pageHeight],
      margin: 0,
      autoFirstPage: true,
      info: { Title: input.title, Producer: 'Fachwerk', Creator: 'Fachwerk', CreationDate: input.createdAt },
    },
    (doc) => {
      const boxes = placeLabels(input.labels.length, grid);
      let page = 0;
      input.labels.forEach((label, i) => {
        const box = boxes[i]!;
        while (box.page > page) {
          doc.addPage({ size: [grid.pageWidth, grid.pageHeight], margin: 0 });
          page++;
        }
        drawLabel(doc, label, box);
      });
    },
  );
}
