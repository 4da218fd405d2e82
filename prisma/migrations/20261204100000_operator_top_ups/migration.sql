-- Top-ups asked for by billing roles, approved or declined by the operators who run this Tally.

-- CreateEnum
CREATE TYPE "TopUpRequestStatus" AS ENUM ('pending', 'approved', 'declined', 'expired');

-- CreateTable
CREATE TABLE "TopUpRequest" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "requesterId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" "TopUpRequestStatus" NOT NULL DEFAULT 'pending',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "declineReason" TEXT,

    CONSTRAINT "TopUpRequest_pkey" PRIMARY KEY ("id"),
    -- A request asks for money in: never nothing, never a debit.
    CONSTRAINT "TopUpRequest_amountCents_check" CHECK ("amountCents" > 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "TopUpRequest_idempotencyKey_key" ON "TopUpRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TopUpRequest_status_expiresAt_idx" ON "TopUpRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "TopUpRequest_teamId_status_idx" ON "TopUpRequest"("teamId", "status");

-- CreateIndex
CREATE INDEX "TopUpRequest_requesterId_idx" ON "TopUpRequest"("requesterId");

-- CreateIndex
CREATE INDEX "TopUpRequest_decidedById_idx" ON "TopUpRequest"("decidedById");

-- AddForeignKey
ALTER TABLE "TopUpRequest" ADD CONSTRAINT "TopUpRequest_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopUpRequest" ADD CONSTRAINT "TopUpRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopUpRequest" ADD CONSTRAINT "TopUpRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
