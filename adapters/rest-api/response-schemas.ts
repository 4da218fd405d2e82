import { z } from 'zod';
import { AccountType, LedgerKind, ResourceKind, ResourceStatus } from '../../src/generated/prisma/enums.ts';
import { DELEGABLE_PERMISSIONS, OWNER_ONLY_PERMISSIONS } from '../../src/roles/permissions.ts';

/** Money in JSON: integer cents (minor units) beside the currency, never a float. */
const cents = (description: string) => z.int().meta({ description });
const currency = z.string().length(3).meta({ description: 'ISO 4217, like USD: one credit is one unit of it' });
const PERMISSIONS = [...DELEGABLE_PERMISSIONS, ...OWNER_ONLY_PERMISSIONS];
const time = z.iso.datetime().meta({ description: 'ISO 8601, UTC' });

export const ErrorSchema = z
  .object({
    error: z.looseObject({
      code: z.string().meta({ description: 'Stable, for programs: see the error codes' }),
      message: z.string().meta({ description: 'For people, in plain words' }),
      field: z.string().optional().meta({ description: 'The field a validation error refused' }),
      permission: z.enum(PERMISSIONS).optional().meta({ description: 'The permission the key lacks' }),
    }),
  })
  .meta({ description: 'Every error; some carry more facts beside code and message' });

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  personal: z.boolean(),
  owner: z.string().nullable(),
  members: z.int(),
  runningResources: z.int(),
  role: z.string().meta({ description: "The key's role" }),
  permissions: z.array(z.enum(PERMISSIONS)),
  balanceCents: cents('Only with billing.view').optional(),
  currency,
  createdAt: time,
});

export const BalanceSchema = z.object({
  balanceCents: cents('The balance'),
  thresholdCents: cents('The low-balance threshold'),
  burnCentsPerHour: cents('What running resources cost per hour'),
  runwayHours: z.number().nullable().meta({ description: 'Hours the balance lasts at that burn; null: nothing runs' }),
  currency,
});

export const LedgerPageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(LedgerKind),
      amountCents: cents('Positive in, negative out'),
      balanceAfterCents: cents('The balance after this entry'),
      reason: z.string(),
      invoiceNumber: z.string().nullable(),
      resourceId: z.string().nullable(),
      createdAt: time,
    }),
  ),
  currency,
  nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last' }),
});

const InvoiceSchema = z.object({
  number: z.string(),
  date: time,
  amountCents: cents('The amount paid'),
  currency,
  paid: z.boolean(),
  paidAt: time,
  paymentMethod: z.string(),
  paymentReference: z.string(),
  billTo: z.object({
    name: z.string(),
    team: z.string(),
    accountType: z.enum(AccountType),
    address: z.string(),
    taxId: z.string().nullable(),
  }),
});

const CreditNoteSchema = z.object({
  number: z.string(),
  date: time,
  amountCents: cents('The amount given back'),
  currency,
  reason: z.string(),
  invoiceNumber: z.string(),
});

export const InvoiceListSchema = z.object({ invoices: z.array(InvoiceSchema), creditNotes: z.array(CreditNoteSchema) });

export const DocumentSchema = z.discriminatedUnion('type', [
  InvoiceSchema.extend({ type: z.literal('invoice') }),
  CreditNoteSchema.extend({ type: z.literal('credit_note') }),
]);

const OfferSchema = z.object({
  id: z.string(),
  label: z.string(),
  hourlyCents: cents('Price per hour'),
  gpu: z.string().optional(),
  gpuCount: z.int().optional(),
  regions: z.array(z.string()).optional(),
  os: z.array(z.string()).optional(),
});

export const CatalogSchema = z.object({
  currency,
  instances: z.array(OfferSchema),
  inference: z.array(OfferSchema.pick({ id: true, label: true, hourlyCents: true })),
  volumes: z.object({ perGbMonthCents: cents('Price per GB-month'), minGb: z.int(), maxGb: z.int() }),
});

export const ResourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ResourceKind),
  spec: z.string(),
  region: z.string().nullable(),
  status: z.enum(ResourceStatus),
  ipAddress: z.string().nullable(),
  ssh: z
    .object({ user: z.string(), port: z.int(), command: z.string() })
    .nullable()
    .meta({ description: 'How to log in to an instance that is up' }),
  sshKey: z.object({ name: z.string(), fingerprint: z.string() }).nullable(),
  endpointUrl: z.string().nullable(),
  hourlyCents: cents('Cost per hour'),
  currency,
  startedAt: time,
  paidUntil: time,
  launchedBy: z.string().optional(),
});

export const ResourceListSchema = z.object({ resources: z.array(ResourceSchema) });

export const StoppedSchema = z.object({
  resource: ResourceSchema,
  refundCents: cents('Unused whole minutes of the paid hour, given back'),
  currency,
});
