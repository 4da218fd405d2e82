import type { Client } from 'discord.js';
import { DeliveryRefused, type IdentityRef, type Notifier } from '../../src/ports/notifier.ts';
import type { Reply } from '../../src/reply.ts';
import { DISCORD } from './handle-interaction.ts';
import { renderMessage } from './render.ts';

// Discord's answer when a person does not accept DMs from the bot.
const CANNOT_MESSAGE_USER = 50007;

/** DMs to Discord identities. Someone who blocks DMs is logged, never an error for the caller. */
export function discordNotifier(client: Client, onBlocked: (userId: string) => void): Notifier {
  return {
    async sendDirect(to: IdentityRef, message: Reply) {
      if (to.platform !== DISCORD) return;
      const { flags: _flags, ...body } = renderMessage({ ...message, ephemeral: false });
      try {
        const user = await client.users.fetch(to.platformUserId);
        await user.send(body);
      } catch (error) {
        if ((error as { code?: number }).code === CANNOT_MESSAGE_USER) {
          onBlocked(to.platformUserId);
          throw new DeliveryRefused(`Discord user ${to.platformUserId} does not accept DMs from the bot`);
        }
        throw error;
      }
    },
    async sendToChannel(platform: string, channelId: string, message: Reply) {
      if (platform !== DISCORD) return;
      const { flags: _flags, ...body } = renderMessage({ ...message, ephemeral: false });
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new Error(`Discord channel ${channelId} cannot receive messages from the bot`);
      await channel.send(body);
    },
  };
}
