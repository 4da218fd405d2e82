-- How to reach a resource once it runs: SSH for instances, an HTTP endpoint for inference.
ALTER TABLE "Resource" ADD COLUMN "sshUser" TEXT;
ALTER TABLE "Resource" ADD COLUMN "sshPort" INTEGER;
ALTER TABLE "Resource" ADD COLUMN "endpointUrl" TEXT;
