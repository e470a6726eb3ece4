import { describe, expect, it } from 'vitest';
import { A4_GRID, labelContent, labelsPerPage, pagesFor, placeLabels } from './label-sheet.js';
import { qrMatrix } from './qr.js';

describe('what a label says', () => {
  it('names the compartment, the number and three steps in German and English', () => {
    const label = labelContent('P20-07', '841122');
    expect(label).toEqual({
      name: 'P20-07',
      number: '841122',
      qrText: 'sms:841122?body=P20-07',
      instructions: {
        de: [
          '1. Fach öffnen, Akku/Ladegerät einlegen, Tür schließen.',
          '2. SMS mit „P20-07“ an 841122.',
          '3. Ende: gleiche SMS nochmal oder Quittungs-PIN eingeben.',
        ],
        en: [
          '1. Open the compartment, put in battery/charger, close the door.',
          '2. Text “P20-07” to 841122.',
          '3. To end: send the same text again or type your receipt PIN.',
        ],
      },
    });
  });

  it('prints a long number grouped but encodes it dialable', () => {
    const label = labelContent('X-01', '4915112345678');
    expect(label.number).toBe('+49 151 12345678');
    expect(label.qrText).toBe('sms:+4915112345678?body=X-01');
    expect(label.instructions.de[1]).toBe('2. SMS mit „X-01“ an +49 151 12345678.');
  });

  it('encodes another text when asked (the public page)', () => {
    expect(labelContent('X-01', '841122', 'https://x.test/c/841122/X-01').qrText).toBe(
      'https://x.test/c/841122/X-01',
    );
  });
});

describe('the A4 grid', () => {
  it('holds 2 × 4 labels a page', () => {
    expect(labelsPerPage(A4_GRID)).toBe(8);
    expect([0, 1, 8, 9, 12, 16, 17].map((n) => pagesFor(n))).toEqual([1, 1, 1, 2, 2, 2, 3]);
  });

  it('places labels row by row inside the margins, then on the next page', () => {
    const boxes = placeLabels(12);
    expect(boxes).toHaveLength(12);
    expect(boxes.filter((b) => b.page === 0)).toHaveLength(8);
    expect(boxes.filter((b) => b.page === 1)).toHaveLength(4);
    expect(boxes[0]).toMatchObject({ page: 0, x: 28, y: 28 });
    expect(boxes[1]!.x).toBeCloseTo(28 + boxes[0]!.width);
    expect(boxes[2]).toMatchObject({ x: 28, y: 28 + boxes[0]!.height });
    expect(boxes[8]).toMatchObject({ page: 1, x: 28, y: 28 });
    for (const box of boxes) {
      expect(box.x + box.width).toBeLessThanOrEqual(A4_GRID.pageWidth - A4_GRID.margin + 1e-9);
      expect(box.y + box.height).toBeLessThanOrEqual(A4_GRID.pageHeight - A4_GRID.margin + 1e-9);
      // Big enough for the name, a 92 pt QR code and six lines of instructions.
      expect(box.width).toBeGreaterThan(250);
      expect(box.height).toBeGreaterThan(190);
    }
  });
});

describe('the QR matrix drawn into the PDF', () => {
  it('merges dark modules into runs that stay inside the matrix', () => {
    const { size, runs } = qrMatrix('sms:841122?body=P20-07');
    expect(size).toBe(25);
    expect(runs.length).toBeGreaterThan(50);
    for (const run of runs) {
      expect(run.length).toBeGreaterThan(0);
      expect(run.col + run.length).toBeLessThanOrEqual(size);
    }
    // The finder pattern: the top row starts with seven dark modules.
    expect(runs[0]).toEqual({ row: 0, col: 0, length: 7 });
  });
});
