-- Alert channels and outbox rows name their platform and workspace, as the adapter that parsed
-- the channel gave them, instead of the core guessing the platform from the shape of an id.

-- AlterTable
ALTER TABLE "Team" ADD COLUMN "alertChannelPlatform" TEXT,
ADD COLUMN "alertChannelWorkspace" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "workspaceId" TEXT NOT NULL DEFAULT '';

-- Existing alert channels were stored as typed (`<#C123|ops>`, `<#123>`, `C123`): keep the id,
-- take the platform by the rule of the previous release (all digits: Discord; `C…`/`G…`: Slack),
-- and clear what that rule never posted to.
UPDATE "Team"
SET "alertChannel" = btrim(regexp_replace("alertChannel", '^<#([^|>]+)(\|[^>]*)?>$', '\1'))
WHERE "alertChannel" IS NOT NULL;

UPDATE "Team"
SET "alertChannelPlatform" = CASE
    WHEN "alertChannel" ~ '^[0-9]{5,25}$' THEN 'discord'
    WHEN "alertChannel" ~ '^[CG][A-Z0-9]{2,}$' THEN 'slack'
  END
WHERE "alertChannel" IS NOT NULL;

UPDATE "Team" SET "alertChannel" = NULL WHERE "alertChannelPlatform" IS NULL;

-- The workspace: Discord ids are global (""); a Slack channel's is that of the team's earliest
-- member with a Slack identity, else "".
UPDATE "Team" t
SET "alertChannelWorkspace" = CASE
    WHEN t."alertChannelPlatform" = 'slack' THEN COALESCE((
      SELECT i."workspaceId" FROM "Membership" m JOIN "Identity" i ON i."userId" = m."userId" AND i.platform = 'slack'
      WHERE m."teamId" = t.id ORDER BY m."joinedAt", i."createdAt" LIMIT 1), '')
    ELSE ''
  END
WHERE t."alertChannelPlatform" IS NOT NULL;

-- Outbox rows already carry the platform the previous release chose. A DM's workspace is its
-- identity's; a channel post's is the team's alert channel's when it is that channel, else "".
UPDATE "OutboxMessage" o
SET "workspaceId" = i."workspaceId"
FROM "Identity" i
WHERE NOT o."toChannel" AND i.platform = o.platform AND i."platformUserId" = o.recipient;

UPDATE "OutboxMessage" o
SET "workspaceId" = t."alertChannelWorkspace"
FROM "Team" t
WHERE o."toChannel" AND t.id = o."teamId" AND t."alertChannelPlatform" = o.platform AND t."alertChannel" = o.recipient;

-- DropIndex
DROP INDEX "OutboxMessage_platform_recipient_status_sentAt_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_platform_workspaceId_recipient_status_sentAt_idx" ON "OutboxMessage"("platform", "workspaceId", "recipient", "status", "sentAt");
