import type { CreditNote, Invoice, LedgerEntry, Resource } from '../../src/generated/prisma/client.ts';
import { sshCommand } from '../../src/resources/connection.ts';

/** The rows the API shows, as JSON: money in integer cents with the currency, times in ISO 8601. */

type ShownResource = Resource & { sshKey?: { name: string; fingerprint: string } | null; launchedBy?: string };

export function resourceJson(resource: ShownResource, currency: string) {
  const ssh = sshCommand(resource);
  return {
    id: resource.id,
    name: resource.name,
    kind: resource.kind,
    spec: resource.spec,
    region: resource.region,
    status: resource.status,
    ipAddress: resource.ipAddress,
    ssh: ssh && { user: resource.sshUser!, port: resource.sshPort ?? 22, command: ssh },
    sshKey: resource.sshKey ?? null,
    endpointUrl: resource.endpointUrl,
    hourlyCents: resource.hourlyCents,
    currency,
    startedAt: resource.startedAt.toISOString(),
    paidUntil: resource.paidUntil.toISOString(),
    ...(resource.launchedBy !== undefined && { launchedBy: resource.launchedBy }),
  };
}

export function invoiceJson(invoice: Invoice) {
  return {
    number: invoice.number,
    date: invoice.createdAt.toISOString(),
    amountCents: invoice.amountCents,
    currency: invoice.currency,
    paid: true, // an invoice is issued for money that has arrived
    paidAt: invoice.paidAt.toISOString(),
    paymentMethod: invoice.paymentMethod,
    paymentReference: invoice.paymentReference,
    billTo: {
      name: invoice.companyName ?? invoice.teamName,
      team: invoice.teamName,
      accountType: invoice.accountType,
      address: invoice.billingAddress,
      taxId: invoice.taxId,
    },
  };
}

export function creditNoteJson(note: CreditNote & { invoice: Pick<Invoice, 'number'> }) {
  return {
    number: note.number,
    date: note.createdAt.toISOString(),
    amountCents: note.amountCents,
    currency: note.currency,
    reason: note.reason,
    invoiceNumber: note.invoice.number,
  };
}

export function ledgerEntryJson(entry: LedgerEntry & { invoice: { number: string } | null }) {
  return {
    id: entry.id,
    kind: entry.kind,
    amountCents: entry.amountCents,
    balanceAfterCents: entry.balanceAfterCents,
    reason: entry.reason,
    invoiceNumber: entry.invoice?.number ?? null,
    resourceId: entry.resourceId,
    createdAt: entry.createdAt.toISOString(),
  };
}
