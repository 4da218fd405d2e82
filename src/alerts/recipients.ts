import type { Tx } from '../db/prisma-client.ts';
import { holdersOf } from '../notify.ts';

export interface Recipient {
  platform: string;
  recipient: string;
  toChannel: boolean;
}

/** Slack channels are `C…`/`G…` ids, Discord's are numeric: the id says which platform posts there. */
export function channelRecipient(alertChannel: string | null): Recipient | null {
  const id = alertChannel?.replace(/^<#([^|>]+)(?:\|[^>]*)?>$/, '$1').trim();
  if (!id) return null;
  if (/^\d{5,25}$/.test(id)) return { platform: 'discord', recipient: id, toChannel: true };
  if (/^[CG][A-Z0-9]{2,}$/.test(id)) return { platform: 'slack', recipient: id, toChannel: true };
  return null;
}

/**
 * SPEC §6: every member holding billing.manage, on each platform they use, plus the team's alert
 * channel; `exceptUserId` (who caused the alert and was already answered) gets no DM about it.
 */
export async function alertRecipients(
  tx: Tx,
  teamId: string,
  alertChannel: string | null,
  exceptUserId?: string,
): Promise<Recipient[]> {
  const holders = (await holdersOf(tx, teamId, 'billing.manage')).filter((h) => h.userId !== exceptUserId);
  const people = holders.flatMap((h) =>
    h.identities.map((i) => ({ platform: i.platform, recipient: i.platformUserId, toChannel: false })),
  );
  const channel = channelRecipient(alertChannel);
  return channel ? [...people, channel] : people;
}
