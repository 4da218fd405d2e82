-- CreateIndex
CREATE INDEX "OutboxMessage_platform_recipient_status_sentAt_idx" ON "OutboxMessage"("platform", "recipient", "status", "sentAt");
