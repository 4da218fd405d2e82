import { describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord-api-types/v10';
import { buttonsOf, embedText, useDiscord } from '../support/discord-harness.ts';

describe('Discord over the gateway (real discord.js, fake Discord)', () => {
  const d = useDiscord();

  it('/team create defers privately within the window, then edits in the answer', async () => {
    const answer = await d.command('alice', 'team', ['create'], { name: 'Acme', description: 'GPU research' });
    expect(answer.callback).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(embedText(answer.message)).toMatch(/Created \*\*Acme\*\* \(`T[0-9A-Z]{9}`\)\. You are its Owner/);
    expect(buttonsOf(answer.message).map((b) => b.label)).toEqual(['Invite people', 'Add credits']);
    const team = await d.h.teamNamed('Acme');
    expect(team.description).toBe('GPU research');
    expect(await d.h.db.identity.findFirstOrThrow({ where: { platform: 'discord' } })).toMatchObject({ workspaceId: '', displayName: 'alice' });
  });
});
