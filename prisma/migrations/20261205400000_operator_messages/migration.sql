-- What the operators hear of the whole Tally (a machine at the cloud no team stands for) has no team.

-- AlterTable
ALTER TABLE "OutboxMessage" ALTER COLUMN "teamId" DROP NOT NULL;
