-- Automatic top-up: a team's saved card charged when its balance falls below a threshold, once per
-- fall, never two charges at once, and each charge kept from queued to settled.

-- CreateEnum
CREATE TYPE "AutopayStatus" AS ENUM ('awaiting_card', 'on', 'off');

-- CreateEnum
CREATE TYPE "AutopayChargeStatus" AS ENUM ('queued', 'accepted', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "Autopay" (
    "teamId" TEXT NOT NULL,
    "status" "AutopayStatus" NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "thresholdCents" INTEGER NOT NULL,
    "setById" TEXT,
    "customerRef" TEXT,
    "cardRef" TEXT,
    "cardLabel" TEXT,
    "setupSessionRef" TEXT,
    "armed" BOOLEAN NOT NULL DEFAULT true,
    "crossing" INTEGER NOT NULL DEFAULT 0,
    "chargeInFlight" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "offReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Autopay_pkey" PRIMARY KEY ("teamId"),
    CONSTRAINT "Autopay_amountCents_check" CHECK ("amountCents" > 0),
    CONSTRAINT "Autopay_thresholdCents_check" CHECK ("thresholdCents" > 0)
);

-- CreateTable
CREATE TABLE "AutopayCharge" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "crossing" INTEGER NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "status" "AutopayChargeStatus" NOT NULL DEFAULT 'queued',
    "paymentReference" TEXT,
    "failure" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "AutopayCharge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Autopay_setById_idx" ON "Autopay"("setById");

-- CreateIndex
CREATE UNIQUE INDEX "AutopayCharge_teamId_crossing_key" ON "AutopayCharge"("teamId", "crossing");

-- CreateIndex
CREATE INDEX "AutopayCharge_status_nextAttemptAt_idx" ON "AutopayCharge"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AutopayCharge_teamId_createdAt_idx" ON "AutopayCharge"("teamId", "createdAt");

-- AddForeignKey
ALTER TABLE "Autopay" ADD CONSTRAINT "Autopay_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Autopay" ADD CONSTRAINT "Autopay_setById_fkey" FOREIGN KEY ("setById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutopayCharge" ADD CONSTRAINT "AutopayCharge_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Any statement that moves a balance across a team's autopay threshold (a checkout, metering, a
-- refund, a top-up) wakes the listening bot on commit, which decides in one statement
-- (src/autopay/queue-charges.ts). One check per statement over the rows it changed, not per row.
CREATE FUNCTION "tally_autopay_crossed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM changed t JOIN "Autopay" a ON a."teamId" = t.id
    WHERE a.status = 'on' AND a.armed <> (t."balanceCents" >= a."thresholdCents")
  ) THEN
    PERFORM pg_notify('tally_autopay', '');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Team_autopay_crossed"
AFTER UPDATE ON "Team" REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION "tally_autopay_crossed"();
