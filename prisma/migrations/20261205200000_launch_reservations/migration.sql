-- A launch reserves its first hour and its name in one short transaction, asks the cloud outside
-- any transaction, then confirms (pending until the machine is active) or refunds (failed).

-- AlterEnum
ALTER TYPE "ResourceStatus" ADD VALUE 'provisioning' BEFORE 'running';
ALTER TYPE "ResourceStatus" ADD VALUE 'pending' BEFORE 'running';
ALTER TYPE "ResourceStatus" ADD VALUE 'failed';

-- AlterTable
ALTER TABLE "Resource" ALTER COLUMN "providerId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "SshKey" ADD COLUMN "providerKeyId" TEXT;
