-- API keys act with a role chosen at creation, as a user of their own; POST and DELETE of the
-- REST API are kept by Idempotency-Key.

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "roleId" TEXT, ADD COLUMN "userId" TEXT;

-- Keys made before roles existed act as Members, each as a user named after it (the key's id).
INSERT INTO "User" ("id", "displayName", "createdAt")
SELECT "id", 'API key ' || "name", "createdAt" FROM "ApiKey";
UPDATE "ApiKey" k SET "userId" = k."id",
  "roleId" = (SELECT r."id" FROM "Role" r WHERE r."teamId" = k."teamId" AND r."key" = 'member');

ALTER TABLE "ApiKey" ALTER COLUMN "roleId" SET NOT NULL, ALTER COLUMN "userId" SET NOT NULL;

-- CreateTable
CREATE TABLE "IdempotentRequest" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" INTEGER,
    "body" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "IdempotentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_userId_key" ON "ApiKey"("userId");

-- CreateIndex
CREATE INDEX "ApiKey_roleId_idx" ON "ApiKey"("roleId");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotentRequest_apiKeyId_idempotencyKey_key" ON "IdempotentRequest"("apiKeyId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "IdempotentRequest_createdAt_idx" ON "IdempotentRequest"("createdAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotentRequest" ADD CONSTRAINT "IdempotentRequest_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
