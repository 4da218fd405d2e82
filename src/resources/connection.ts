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

/** How to use a running resource: the ssh line and which key opens it, or the endpoint's URL. */
export function connectionFields(resource: Reachable): Field[] {
  if (resource.endpointUrl) return [{ label: 'Endpoint', value: resource.endpointUrl }];
  if (resource.kind !== 'instance' || !resource.ipAddress || !resource.sshUser) return [];
  const port = resource.sshPort && resource.sshPort !== 22 ? `-p ${resource.sshPort} ` : '';
  return [
    { label: 'Connect', value: md`\`ssh ${port}${resource.sshUser}@${resource.ipAddress}\`` },
    {
      label: 'SSH key',
      value: resource.sshKey
        ? md`${resource.sshKey.name} (\`${resource.sshKey.fingerprint}\`)`
        : md`none was given at launch: launch with one of \`/resources sshkey list\``,
    },
  ];
}
