import { findInvoice, listInvoices } from '../../../src/credits/balance.ts';
import { creditNoteFileName, renderCreditNotePdf } from '../../../src/documents/credit-note-pdf.ts';
import { invoiceFileName, renderInvoicePdf } from '../../../src/documents/invoice-pdf.ts';
import { TallyError } from '../../../src/errors.ts';
import { parseDocumentNumber } from '../../../src/invoices/numbering.ts';
import { findCreditNote, listCreditNotes } from '../../../src/invoices/team-credit-notes.ts';
import { creditNoteJson, invoiceJson } from '../api-json.ts';
import { type ApiAnswer, apiRoute, json } from '../api-route.ts';
import { DocumentNumberParams } from '../request-schemas.ts';
import { DocumentSchema, InvoiceListSchema } from '../response-schemas.ts';

/** As many of each as one answer lists, newest first. */
const LISTED = 100;

/** As `/credits invoices`. */
export const listInvoicesRoute = apiRoute({
  method: 'GET',
  path: '/invoices',
  operationId: 'listInvoices',
  summary: `The team's invoices and credit notes, newest first (the latest ${LISTED} of each)`,
  permission: 'billing.view',
  ok: { status: 200, description: 'Invoices and credit notes', schema: InvoiceListSchema },
  errors: ['permission_denied'],
  async handle({ deps, access }) {
    const [invoices, notes] = await Promise.all([
      listInvoices(deps, access, LISTED),
      listCreditNotes(deps, access, LISTED),
    ]);
    return json(200, { invoices: invoices.map(invoiceJson), creditNotes: notes.map(creditNoteJson) });
  },
});

const wantsPdf = (request: Request) => /\bapplication\/pdf\b/i.test(request.headers.get('accept') ?? '');

const pdf = (bytes: Uint8Array, name: string): ApiAnswer => ({
  status: 200,
  file: { bytes, contentType: 'application/pdf', name },
});

/** As `/credits invoice <number>`: JSON, or the PDF with `Accept: application/pdf`. */
export const getInvoice = apiRoute({
  method: 'GET',
  path: '/invoices/{number}',
  operationId: 'getInvoice',
  summary: 'One invoice or credit note: JSON, or its PDF with Accept: application/pdf',
  permission: 'billing.view',
  params: DocumentNumberParams,
  ok: { status: 200, description: 'The invoice or credit note', schema: DocumentSchema, pdf: true },
  errors: ['permission_denied', 'invoice_not_found', 'credit_note_not_found'],
  async handle({ deps, access, params, request }) {
    if (parseDocumentNumber(params.number, 'credit_note')) {
      const note = await findCreditNote(deps, access, params.number);
      if (!note)
        throw new TallyError('credit_note_not_found', `${access.team.name} has no credit note ${params.number}.`);
      if (wantsPdf(request)) return pdf(await renderCreditNotePdf(note), creditNoteFileName(note));
      return json(200, { type: 'credit_note', ...creditNoteJson(note) });
    }
    const invoice = await findInvoice(deps, access, params.number);
    if (!invoice)
      throw new TallyError(
        'invoice_not_found',
        `${access.team.name} has no invoice ${params.number}. ` +
          'Numbers look like 2026-000123 (credit notes CN-2026-000001).',
      );
    if (wantsPdf(request)) return pdf(await renderInvoicePdf(invoice), invoiceFileName(invoice));
    return json(200, { type: 'invoice', ...invoiceJson(invoice) });
  },
});
