import { MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { autocompleteInteraction, commandInteraction } from '../fixtures/discord-payloads.ts';
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
    expect(await d.h.db.identity.findFirstOrThrow({ where: { platform: 'discord' } })).toMatchObject({
      workspaceId: '',
      displayName: 'alice',
    });
  });
});

describe('Discord buttons, modals, DMs and autocomplete', () => {
  const d = useDiscord();
  const press = (message: Parameters<typeof buttonsOf>[0], label: string, who: 'alice' | 'bob' | 'carol') => {
    const button = buttonsOf(message).find((b) => b.label === label);
    if (!button)
      throw new Error(
        `no button ${label}: ${buttonsOf(message)
          .map((b) => b.label)
          .join(', ')}`,
      );
    return d.press(who, button.custom_id);
  };

  it('invites a person by DM; Accept joins once; someone who blocks DMs breaks nothing', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const sent = await d.command('alice', 'team', ['invite', 'person'], { person: { user: 'bob' }, role: 'co-owner' });
    expect(embedText(sent.message)).toContain('Invited bob to **Acme** as Co-Owner');
    const dm = await d.fake.waitFor(
      () => d.fake.requests.find((r) => r.path === '/channels/900000000000000002/messages'),
      'the DM to bob',
    );
    const dmMessage = { embeds: dm.body.embeds as never, components: dm.body.components as never };
    expect(embedText(dmMessage)).toContain('alice invited you to join **Acme** as Co-Owner.');
    expect(embedText((await press(dmMessage, 'Accept', 'bob')).message)).toContain(
      'Welcome to **Acme**! You joined as Co-Owner.',
    );
    expect(embedText((await press(dmMessage, 'Accept', 'bob')).message)).toContain('already accepted');

    d.fake.blocksDms.add('300000000000000003');
    const toCarol = await d.command('alice', 'team', ['invite', 'person'], { person: { user: 'carol' } });
    expect(embedText(toCarol.message)).toContain('Invited carol');
    expect(await d.h.db.invitation.count({ where: { status: 'pending' } })).toBe(1);
  });

  it('denies politely; checkout failure offers Notify owners; Top up opens a modal whose submit tops up', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const post = await d.command('alice', 'team', ['invite', 'post']);
    expect(post.callback).toEqual({ type: 5, data: { flags: 0 } }); // public: deferred without the ephemeral flag
    expect(embedText((await press(post.message, 'Join team', 'carol')).message)).toContain('Welcome to **Acme**');
    const denied = await d.command('carol', 'credits', ['add'], { amount: '50', team: 'Acme' });
    expect(denied.message.flags).toBeUndefined(); // edited into the ephemeral deferral
    expect(embedText(denied.message)).toContain('needs the **billing.manage** permission');
    const failed = await d.command('carol', 'launch', ['instance'], { flavor: 'h100', name: 'train-1', team: 'Acme' });
    expect(embedText(failed.message)).toContain('Shortfall: 2.49');
    expect(buttonsOf(failed.message).map((b) => b.label)).toEqual(['Notify owners']);
    const ownerFailed = await d.command('alice', 'launch', ['instance'], { flavor: 'h100', name: 'train-1' });
    const modal = await press(ownerFailed.message, 'Top up', 'alice');
    expect(modal.callback.type).toBe(9);
    const form = modal.callback.data as { custom_id: string; components: { components: { custom_id: string }[] }[] };
    expect(form.components.map((row) => row.components[0]!.custom_id)).toEqual(['amount']);
    const bad = await d.submit('alice', form.custom_id, { amount: '-5' });
    expect(embedText(bad.message)).toContain('The amount must be positive');
    const good = await d.submit('alice', form.custom_id, { amount: '25' });
    expect(embedText(good.message)).toContain('Added **25.00** credits to **Acme**');
    expect((await d.h.teamNamed('Acme')).balanceCents).toBe(2500);
  });

  it('asks before destructive buttons, ignores stale ones, and acts once per interaction id', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const ask = await d.command('alice', 'team', ['delete']);
    const prompt = await press(ask.message, 'Delete Acme', 'alice');
    expect(prompt.callback.type).toBe(4);
    expect(embedText(prompt.message)).toContain('Are you sure?');
    expect((await d.h.teamNamed('Acme')).deletedAt).toBeNull();
    expect(embedText((await press(prompt.message, 'Yes, go ahead', 'alice')).message)).toContain(
      '**Acme** has been deleted',
    );

    const stale = await d.press('alice', 'r0|team%20nuke');
    expect(embedText(stale.message)).toContain('That button is no longer valid');

    await d.command('alice', 'team', ['create'], { name: 'Beta' });
    const topUp = commandInteraction('alice', 'credits', ['add'], { amount: '9' });
    await d.send(topUp);
    d.fake.interact(topUp);
    await new Promise((done) => setTimeout(done, 300));
    expect(await d.h.db.ledgerEntry.count()).toBe(1);
  });

  it('autocompletes team names, flavors and live resources of the team', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    await d.command('alice', 'credits', ['add'], { amount: '10' });
    await d.command('alice', 'launch', ['instance'], { flavor: 'h100', name: 'train-1' });
    const teams = await d.send(autocompleteInteraction('alice', 'team', ['switch'], { to: 'ac' }, 'to'));
    expect(teams.callback.type).toBe(8);
    const flavors = await d.send(
      autocompleteInteraction('alice', 'launch', ['instance'], { flavor: 'h1', name: 'x' }, 'flavor'),
    );
    expect((flavors.callback.data as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual([
      'h100',
      'h100x8',
    ]);
    const resources = await d.send(autocompleteInteraction('alice', 'resources', ['stop'], { name: 'tr' }, 'name'));
    expect((resources.callback.data as { choices: { value: string }[] }).choices).toEqual([
      { name: 'train-1', value: 'train-1' },
    ]);
    const foreign = await d.send(
      autocompleteInteraction('bob', 'resources', ['stop'], { name: '', team: 'Acme' }, 'name'),
    );
    expect((foreign.callback.data as { choices: unknown[] }).choices).toEqual([]);
  });
});

describe('Discord forms and unknown commands', () => {
  const d = useDiscord();
  const modalOf = (answer: { callback: { type: number; data?: Record<string, unknown> } }) =>
    answer.callback.data as { custom_id: string; components: { components: { custom_id: string }[] }[] };

  it('Create team and settings Edit open modals that do the work; an unknown subcommand is answered', async () => {
    const list = await d.command('alice', 'team', ['list']);
    const create = await d.press('alice', buttonsOf(list.message).find((b) => b.label === 'Create team')!.custom_id);
    expect(create.callback.type).toBe(9);
    expect(modalOf(create).components.map((r) => r.components[0]!.custom_id)).toEqual(['name', 'description']);
    expect(
      embedText((await d.submit('alice', modalOf(create).custom_id, { name: 'Acme', description: '' })).message),
    ).toContain('Created **Acme**');
    const settings = await d.command('alice', 'team', ['settings']);
    const edit = await d.press('alice', buttonsOf(settings.message).find((b) => b.label === 'Edit')!.custom_id);
    expect(modalOf(edit).components.map((r) => r.components[0]!.custom_id)).toEqual([
      'address',
      'type',
      'company',
      'taxid',
    ]);
    const saved = await d.submit('alice', modalOf(edit).custom_id, {
      address: '1 Main St',
      type: 'company',
      company: 'Acme SAS',
      taxid: 'FR 40 123456789',
    });
    expect(embedText(saved.message)).toContain('Company: Acme SAS');
    expect(embedText(saved.message)).toContain('FR 40 123456789');
    const unknown = await d.command('alice', 'team', ['teleport']);
    expect(unknown.callback.type).toBe(4);
    expect(embedText(unknown.message)).toContain("I don't know /team teleport");
  });
});
