-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('received', 'done', 'expired');

-- CreateTable
CREATE TABLE "InboundCommand" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "status" "InboundStatus" NOT NULL DEFAULT 'received',
    "owner" TEXT NOT NULL,
    "invocation" JSONB NOT NULL,
    "answer" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "answerBy" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "InboundCommand_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboundCommand_status_owner_idx" ON "InboundCommand"("status", "owner");

-- CreateIndex
CREATE INDEX "InboundCommand_receivedAt_idx" ON "InboundCommand"("receivedAt");
