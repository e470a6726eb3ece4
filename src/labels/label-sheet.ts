/**
 * What a compartment label says and where labels sit on an A4 sheet, as plain data: the PDF
 * (label-pdf.ts) only draws what these functions decide, so the texts and the grid are unit-tested.
 */
import { displayNumber, smsUri } from './sms-uri.js';

export interface LabelContent {
  /** The compartment's short name, printed large, e.g. "P20-07". */
  name: string;
  /** The service number as people read it. */
  number: string;
  /** What the QR code encodes. */
  qrText: string;
  /** Three steps in German, then the same three in English. */
  instructions: { de: [string, string, string]; en: [string, string, string] };
}

/** The label of one compartment, texted to `serviceNumber` (digits, see sms/phone.ts). */
export function labelContent(shortName: string, serviceNumber: string, qrText?: string): LabelContent {
  const number = displayNumber(serviceNumber);
  return {
    name: shortName,
    number,
    qrText: qrText ?? smsUri(serviceNumber, shortName),
    instructions: {
      de: [
        '1. Fach öffnen, Akku/Ladegerät einlegen, Tür schließen.',
        `2. SMS mit „${shortName}“ an ${number}.`,
        '3. Ende: gleiche SMS nochmal oder Quittungs-PIN eingeben.',
      ],
      en: [
        '1. Open the compartment, put in battery/charger, close the door.',
        `2. Text “${shortName}” to ${number}.`,
        '3. To end: send the same text again or type your receipt PIN.',
      ],
    },
  };
}

/** A sheet of equal labels in a grid, in PDF points (1/72 inch). */
export interface SheetGrid {
  pageWidth: number;
  pageHeight: number;
  columns: number;
  rows: number;
  /** Space between the page edge and the grid (printers do not print to the edge). */
  margin: number;
}

/** A4 portrait, 2 × 4 labels of about 95 × 69 mm. */
export const A4_GRID: SheetGrid = { pageWidth: 595.28, pageHeight: 841.89, columns: 2, rows: 4, margin: 28 };

export interface LabelBox {
  /** 0-based page. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const labelsPerPage = (grid: SheetGrid): number => grid.columns * grid.rows;

/** Where the n labels go: row by row, then the next page. Cut lines are the boxes' edges. */
export function placeLabels(count: number, grid: SheetGrid = A4_GRID): LabelBox[] {
  const width = (grid.pageWidth - 2 * grid.margin) / grid.columns;
  const height = (grid.pageHeight - 2 * grid.margin) / grid.rows;
  return Array.from({ length: count }, (_, i) => {
    const onPage = i % labelsPerPage(grid);
    return {
      page: Math.floor(i / labelsPerPage(grid)),
      x: grid.margin + (onPage % grid.columns) * width,
      y: grid.margin + Math.floor(onPage / grid.columns) * height,
      width,
      height,
    };
  });
}

/** Pages a sheet of `count` labels needs (at least one, so an empty locker still prints a page). */
export const pagesFor = (count: number, grid: SheetGrid = A4_GRID): number =>
  Math.max(1, Math.ceil(count / labelsPerPage(grid)));
