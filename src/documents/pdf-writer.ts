import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

type PdfKit = typeof PDFDocument;
// pdfkit (half a second and 25 MB to load) waits for the first document: many deployments never print one.
let pdfkit: Promise<PdfKit> | undefined;

// DejaVu Sans covers Latin, Greek, Cyrillic and more, so team names and addresses in those
// scripts print as typed; pdfkit's built-in Helvetica knows only Windows-1252. Read once.
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  const file = (name: string) => readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`));
  fonts ??= { regular: file('DejaVuSans.ttf'), bold: file('DejaVuSans-Bold.ttf') };
  return fonts;
}

const MARGIN = 56;
const MUTED = '#555555';
const RULE = '#cccccc';

export interface DocumentInfo {
  title: string;
  /** Fixed rather than "now", so one invoice always renders to the same file. */
  createdAt: Date;
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/**
 * A thin layer over pdfkit with the few shapes Tally's documents use: a heading, label/value
 * lines, a table that repeats its header on each new page, and a closing note.
 */
export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Uint8Array>;

  static async open(info: DocumentInfo): Promise<PdfWriter> {
    // @types/pdfkit types the module as the class itself (export =); at run time it is the default export.
    pdfkit ??= import('pdfkit').then((module) => (module as unknown as { default: PdfKit }).default);
    return new PdfWriter(await pdfkit, info);
  }

  private constructor(PDFDocument: PdfKit, info: DocumentInfo) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: info.title, Author: 'Tally', Creator: 'Tally', CreationDate: info.createdAt },
    });
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      this.doc.on('error', reject);
    });
    const { regular, bold } = loadFonts();
    this.doc.registerFont('regular', regular);
    this.doc.registerFont('bold', bold);
    this.doc.font('regular');
  }

  private get width() {
    return this.doc.page.width - 2 * MARGIN;
  }

  heading(title: string, subtitle: string): this {
    this.doc.font('bold').fontSize(20).fillColor('black').text(title, MARGIN, MARGIN);
    this.doc.font('regular').fontSize(10).fillColor(MUTED).text(subtitle).moveDown(1.5);
    return this;
  }

  section(title: string): this {
    this.ensureRoom(60);
    this.doc.moveDown(0.8).font('bold').fontSize(12).fillColor('black').text(title, MARGIN).moveDown(0.3);
    return this;
  }

  /** Label on the left, value beside it; a value may run over several lines (an address). */
  details(rows: [label: string, value: string][]): this {
    this.doc.fontSize(10);
    for (const [label, value] of rows) {
      this.ensureRoom(16);
      const y = this.doc.y;
      this.doc.font('regular').fillColor(MUTED).text(label, MARGIN, y, { width: 130 });
      this.doc
        .font('regular')
        .fillColor('black')
        .text(value || '—', MARGIN + 140, y, { width: this.width - 140 });
      this.doc.moveDown(0.2);
    }
    return this;
  }

  /** Rows of cells under a header; the last row may be a bold total. */
  table(columns: Column[], rows: string[][], options: { totalRow?: string[] } = {}): this {
    const header = () => {
      this.row(
        columns,
        columns.map((c) => c.header),
        { bold: true, color: MUTED },
      );
      this.rule();
    };
    this.ensureRoom(40);
    header();
    for (const cells of rows) {
      if (this.ensureRoom(18)) header();
      this.row(columns, cells);
    }
    if (options.totalRow) {
      this.ensureRoom(24);
      this.rule();
      this.row(columns, options.totalRow, { bold: true });
    }
    return this;
  }

  note(text: string): this {
    this.ensureRoom(40);
    this.doc
      .moveDown(1.2)
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    return this;
  }

  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Uint8Array> {
    this.doc.end();
    return this.done;
  }

  private row(columns: Column[], cells: string[], style: { bold?: boolean; color?: string } = {}) {
    const y = this.doc.y;
    let x = MARGIN;
    let bottom = y;
    this.doc
      .font(style.bold ? 'bold' : 'regular')
      .fontSize(9.5)
      .fillColor(style.color ?? 'black');
    columns.forEach((column, i) => {
      this.doc.text(cells[i] ?? '', x, y, { width: column.width - 6, align: column.align ?? 'left' });
      bottom = Math.max(bottom, this.doc.y);
      x += column.width;
    });
    this.doc.y = bottom + 3;
  }

  private rule() {
    const y = this.doc.y;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    this.doc.y = y + 4;
  }

  /** Starts a new page when fewer than `points` remain; says whether it did. */
  private ensureRoom(points: number): boolean {
    if (this.doc.y + points <= this.doc.page.height - MARGIN) return false;
    this.doc.addPage();
    this.doc.y = MARGIN;
    return true;
  }
}
