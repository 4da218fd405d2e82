-- Invoices a company can book: one number series across the whole Tally ("2026-000123",
-- restarting each year) instead of one per team; the seller's details, the buyer's tax id, the
-- currency, and when and how it was paid, on each invoice; credit notes for refunds.

-- CreateTable
CREATE TABLE "CreditNote" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ledgerEntryId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentCounter" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "DocumentCounter_pkey" PRIMARY KEY ("series","year")
);

-- AlterTable
ALTER TABLE "Team" DROP COLUMN "invoiceCounter",
ADD COLUMN "taxId" TEXT;

-- DropIndex
DROP INDEX "Invoice_teamId_number_key";

-- AlterTable: the per-team number stays as the legacy number; the new columns are filled below.
ALTER TABLE "Invoice" RENAME COLUMN "number" TO "legacyNumber";
ALTER TABLE "Invoice" ALTER COLUMN "legacyNumber" DROP NOT NULL,
ADD COLUMN "number" TEXT,
ADD COLUMN "currency" TEXT,
ADD COLUMN "taxId" TEXT,
ADD COLUMN "sellerName" TEXT,
ADD COLUMN "sellerAddress" TEXT,
ADD COLUMN "sellerTaxId" TEXT,
ADD COLUMN "sellerFooter" TEXT,
ADD COLUMN "paymentReference" TEXT,
ADD COLUMN "paidAt" TIMESTAMP(3);

-- Existing invoices get global numbers in the order they were issued, per year of issue, and
-- the counters continue from there. Credits had no currency before: the default one, USD.
-- They were paid when issued; the reference is the one the top-up's ledger entry names.
UPDATE "Invoice" i
SET "number" = n.year || '-' || lpad(n.seq::text, 6, '0'),
    "currency" = 'USD',
    "paidAt" = i."createdAt",
    "paymentReference" = COALESCE(substring(l.reason FROM '^\S+ top-up \((.*)\)$'), '')
FROM (
  SELECT id, extract(year FROM "createdAt")::int AS year,
         row_number() OVER (PARTITION BY extract(year FROM "createdAt") ORDER BY "createdAt", id) AS seq
  FROM "Invoice"
) n, "LedgerEntry" l
WHERE n.id = i.id AND l.id = i."ledgerEntryId";

INSERT INTO "DocumentCounter" ("series", "year", "last")
SELECT 'invoice', extract(year FROM "createdAt")::int, count(*) FROM "Invoice" GROUP BY 2;

ALTER TABLE "Invoice" ALTER COLUMN "number" SET NOT NULL,
ALTER COLUMN "currency" SET NOT NULL,
ALTER COLUMN "paymentReference" SET NOT NULL,
ALTER COLUMN "paidAt" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_number_key" ON "Invoice"("number");

-- CreateIndex
CREATE INDEX "Invoice_teamId_number_idx" ON "Invoice"("teamId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_teamId_legacyNumber_key" ON "Invoice"("teamId", "legacyNumber");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNote_number_key" ON "CreditNote"("number");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNote_ledgerEntryId_key" ON "CreditNote"("ledgerEntryId");

-- CreateIndex
CREATE INDEX "CreditNote_invoiceId_idx" ON "CreditNote"("invoiceId");

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_ledgerEntryId_fkey" FOREIGN KEY ("ledgerEntryId") REFERENCES "LedgerEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;
