import { SshKeysSchema } from './schemas.ts';
import type { SesterceClient } from './sesterce-client.ts';

/** A public key without its comment: "ssh-ed25519 AAAA… alice@laptop" and "ssh-ed25519 AAAA…" are one key. */
const keyMaterial = (publicKey: string) => publicKey.trim().split(/\s+/).slice(0, 2).join(' ');

/**
 * The id Sesterce already has for this public key, if any: registering is then a no-op, so a
 * retried registration (or one whose answer was lost) does not leave copies of the key.
 */
export async function findSshKey(client: SesterceClient, publicKey: string): Promise<string | undefined> {
  const keys = await client.send('GET', '/gpu-cloud/ssh-keys', SshKeysSchema);
  const wanted = keyMaterial(publicKey);
  return keys.find((k) => k.publicKey && keyMaterial(k.publicKey) === wanted)?._id;
}
