import type { Field } from '../reply.ts';
import { md } from '../rich-text.ts';

interface Reachable {
  kind: string;
  ipAddress: string | null;
  sshUser: string | null;
  sshPort: number | null;
  endpointUrl: string | null;
  sshKey?: { name: string; fingerprint: string } | null;
}

/** The line that logs in to an instance that is up (`ssh -p 2222 ubuntu@203.0.113.7`); null before, or for others. */
export function sshCommand(resource: Omit<Reachable, 'endpointUrl' | 'sshKey'>): string | null {
  if (resource.kind !== 'instance' || !resource.ipAddress || !resource.sshUser) return null;
  const port = resource.sshPort && resource.sshPort !== 22 ? `-p ${resource.sshPort} ` : '';
  return `ssh ${port}${resource.sshUser}@${resource.ipAddress}`;
}

/** How to use a running resource: the ssh line and which key opens it, or the endpoint's URL. */
export function connectionFields(resource: Reachable): Field[] {
  if (resource.endpointUrl) return [{ label: 'Endpoint', value: resource.endpointUrl }];
  const ssh = sshCommand(resource);
  if (!ssh) return [];
  return [
    { label: 'Connect', value: md`\`${ssh}\`` },
    {
      label: 'SSH key',
      value: resource.sshKey
        ? md`${resource.sshKey.name} (\`${resource.sshKey.fingerprint}\`)`
        : md`none was given at launch: launch with one of \`/resources sshkey list\``,
    },
  ];
}
