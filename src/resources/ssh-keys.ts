import sshpk from 'sshpk';
import { recordAudit } from '../audit/record-audit.ts';
import { onUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { foldName } from '../teams/team-records.ts';

const ACCEPTED = new Set(['ed25519', 'rsa', 'ecdsa']);
const MIN_RSA_BITS = 2048;

/**
 * Validates an OpenSSH public key line ("ssh-ed25519 AAAA… comment") and returns it cleaned up
 * with its SHA256 fingerprint.
 */
export function parsePublicKey(text: string): { publicKey: string; fingerprint: string; type: string } {
  const line = text.trim();
  if (/PRIVATE KEY/.test(line)) {
    const instead = md`Share the public key (the .pub file) instead, and consider this private key compromised.`;
    throw new TallyError('ssh_private_key', md`That is a *private* key: never paste it anywhere. ${instead}`);
  }
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(line, 'ssh');
  } catch {
    const paste = md`Paste the whole line of your .pub file, like \`ssh-ed25519 AAAAC3… you@laptop\`.`;
    throw new TallyError('ssh_key_invalid', md`That is not an OpenSSH public key. ${paste}`);
  }
  if (!ACCEPTED.has(key.type))
    throw new TallyError(
      'ssh_key_type',
      `${key.type} keys are not accepted: use ed25519, RSA (${MIN_RSA_BITS} bits or more) or ECDSA.`,
    );
  if (key.type === 'rsa' && key.size < MIN_RSA_BITS)
    throw new TallyError('ssh_key_weak', `That RSA key has ${key.size} bits; at least ${MIN_RSA_BITS} are needed.`);
  const comment = line.split(/\s+/).slice(2).join(' ');
  const publicKey = [key.toString('ssh').split(' ').slice(0, 2).join(' '), comment].filter(Boolean).join(' ');
  return { publicKey, fingerprint: key.fingerprint('sha256').toString(), type: key.type };
}

export async function addSshKey(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'resources.launch'>,
  name: string,
  text: string,
) {
  const parsed = parsePublicKey(text);
  const taken = () => new TallyError('ssh_key_name_taken', `${ctx.team.name} already has an SSH key called "${name}".`);
  return onUniqueViolation(taken, () =>
    deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const key = await tx.sshKey.create({
        data: {
          teamId: ctx.team.id,
          name,
          nameFolded: foldName(name),
          publicKey: parsed.publicKey,
          fingerprint: parsed.fingerprint,
          addedById: actorId,
          createdAt: at,
        },
      });
      await recordAudit(tx, {
        teamId: ctx.team.id,
        actorId,
        action: 'sshkey.add',
        target: name,
        details: { fingerprint: parsed.fingerprint },
        at,
      });
      return key;
    }),
  );
}

export async function findSshKey(deps: Deps, teamId: string, name: string) {
  const key = await deps.db.sshKey.findUnique({ where: { teamId_nameFolded: { teamId, nameFolded: foldName(name) } } });
  if (!key)
    throw new TallyError(
      'ssh_key_not_found',
      md`There is no SSH key called "${name}". See \`/resources sshkey list\`.`,
    );
  return key;
}

export async function listSshKeys(deps: Deps, ctx: TeamContext<'resources.view'>) {
  return deps.db.sshKey.findMany({ where: { teamId: ctx.team.id }, orderBy: { createdAt: 'asc' } });
}

export async function removeSshKey(deps: Deps, actorId: string, ctx: TeamContext<'resources.launch'>, name: string) {
  const key = await findSshKey(deps, ctx.team.id, name);
  await deps.db.$transaction(async (tx) => {
    await tx.sshKey.delete({ where: { id: key.id } });
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'sshkey.remove',
      target: key.name,
      details: { fingerprint: key.fingerprint },
      at: deps.clock.now(),
    });
  });
  return key;
}
