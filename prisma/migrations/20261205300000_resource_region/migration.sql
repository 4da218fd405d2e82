-- Where a resource runs, on a cloud with regions (Sesterce).

-- AlterTable
ALTER TABLE "Resource" ADD COLUMN "region" TEXT;
