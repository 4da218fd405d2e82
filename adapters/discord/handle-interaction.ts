import type { Command } from '../../src/commands/define.ts';
import { lacksRequired } from '../../src/commands/form-fields.ts';
import { findCommand } from '../../src/commands/index.ts';
import type { ChannelOption, OptionSpec, RawArgs } from '../../src/commands/options.ts';
import type { Deps } from '../../src/deps.ts';
import { handleInbound } from '../../src/inbound/handle-inbound.ts';
import { button, failure, warning } from '../../src/reply.ts';
import { md } from '../../src/rich-text.ts';
import { suggest } from '../../src/suggest.ts';
import type { Work } from '../shared/work-queue.ts';
import { decodeCustomId } from './custom-id.ts';
import type { Incoming, InteractionIO } from './interaction-io.ts';
import { formModal, modalOptions } from './modal.ts';
import { ANSWER_WITHIN_MS, type DiscordAnswer } from './recorded-interaction.ts';
import { renderMessage } from './render.ts';

export const DISCORD = 'discord';
/** Discord user ids are global: one workspace for all guilds. */
export const DISCORD_WORKSPACE = '';

/** A Discord channel: its ids are global, like its users'. */
export function discordChannelOption(channelId: string): ChannelOption {
  return { kind: 'channel', platform: DISCORD, workspaceId: DISCORD_WORKSPACE, channelId };
}

/** A channel option given as text (`<#123…>`, Discord's own mention syntax) becomes that Discord channel. */
function readChannels(options: readonly OptionSpec[], args: RawArgs): RawArgs {
  const read: RawArgs = { ...args };
  for (const option of options.filter((o) => o.type === 'channel')) {
    const mention = /^<#(\d{5,25})>$/.exec(String(args[option.name] ?? '').trim());
    if (mention) read[option.name] = discordChannelOption(mention[1]!);
  }
  return read;
}

function identityOf(io: InteractionIO) {
  return { platform: DISCORD, workspaceId: DISCORD_WORKSPACE, platformUserId: io.user.id, displayName: io.user.name };
}

/**
 * Claims the interaction (one insert, within Discord's 3 seconds), defers, then runs and answers
 * it through the one inbound path. A repeat (a gateway resume, a retried HTTP call) is told at
 * once and acts no more.
 */
async function run(deps: Deps, io: InteractionIO, work: Work, command: Command, args: RawArgs, ephemeral: boolean) {
  const key = `discord:${io.id}`;
  const answer: DiscordAnswer = { applicationId: io.applicationId, token: io.token, ephemeral };
  await handleInbound(
    deps,
    {
      identity: identityOf(io),
      request: { command, args },
      idempotencyKey: key,
      origin: { platform: DISCORD, optionSyntax: 'typed', ...(io.channelId && { channelId: io.channelId }) },
      claim: { eventId: key, answer, answerWithinMs: ANSWER_WITHIN_MS },
    },
    {
      acknowledge: () => io.defer(ephemeral),
      answer: (reply) => io.finish(renderMessage(reply)),
      answerAtOnce: (reply) => io.reply(renderMessage(reply)),
      schedule: work,
    },
  );
}

/** One handler for both transports: acknowledge first, then the core decides, then render. */
export async function handleInteraction(deps: Deps, io: InteractionIO, incoming: Incoming, work: Work): Promise<void> {
  switch (incoming.kind) {
    case 'command': {
      const { route } = incoming;
      await run(deps, io, work, route.command, readChannels(route.options, incoming.args), !route.command.publicReply);
      return;
    }
    case 'autocomplete': {
      const option = incoming.route.options.find((o) => o.name === incoming.focused);
      const kind = incoming.focused === 'team' ? 'team' : option?.autocomplete;
      await io.autocomplete(kind ? await suggest(deps, identityOf(io), kind, incoming.typed, incoming.teamRef) : []);
      return;
    }
    case 'button': {
      const press = decodeCustomId(incoming.customId);
      const command = press && findCommand(press.command);
      if (!press || !command) {
        await io.reply(
          renderMessage(failure('That button is no longer valid. Run the command again for a fresh one.')),
        );
        return;
      }
      if (press.mode === 'confirm') {
        // Discord buttons have no confirmation dialog of their own: ask with a second, private button.
        await io.reply(
          renderMessage(
            warning(`Are you sure? This runs /${press.command}.`, {
              buttons: [button('Yes, go ahead', press.command, press.args, { style: 'danger' })],
            }),
          ),
        );
        return;
      }
      if (press.mode === 'form' || lacksRequired(command, press.args, modalOptions)) {
        await io.showModal(formModal(command, press.args));
        return;
      }
      await run(deps, io, work, command, press.args, !command.publicReply);
      return;
    }
    case 'unknown': {
      const register = md`ask an admin to run \`npm run discord:register\`.`;
      await io.reply(
        renderMessage(failure(md`I don't know /${incoming.name}. Its registration may be out of date: ${register}`)),
      );
      return;
    }
    case 'modal': {
      const press = decodeCustomId(incoming.customId);
      const command = press && findCommand(press.command);
      if (!press || !command) {
        await io.reply(renderMessage(failure('That form is no longer valid. Run the command again.')));
        return;
      }
      const values = Object.fromEntries(Object.entries(incoming.values).filter(([, v]) => v.trim() !== ''));
      await run(deps, io, work, command, { ...press.args, ...values }, true);
      return;
    }
  }
}
