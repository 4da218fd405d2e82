-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "checkoutLastFailure" TEXT,
ADD COLUMN     "checkoutNoticeAt" TIMESTAMP(3),
ADD COLUMN     "checkoutUnreported" INTEGER NOT NULL DEFAULT 0;
