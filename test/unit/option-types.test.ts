/**
 * Option value types come from the option declarations. `npm run typecheck` checks this file:
 * each `@ts-expect-error` must meet an error, and each `expectTypeOf` must hold.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type creditsAdd from '../../src/commands/credits/credits-add.ts';
import { type TeamCommandContext, teamCommand, userCommand } from '../../src/commands/define.ts';
import { type OptionValues, opt, optionsSchema, type PersonRef } from '../../src/commands/options.ts';
import type teamInvite from '../../src/commands/team/team-invite.ts';
import { success } from '../../src/reply.ts';

const declared = [
  opt.amount('amount', 'Credits'),
  opt.text('note', 'A note', { required: false, max: 20 }),
  opt.choice('type', 'Account type', ['individual', 'company']),
  opt.person('person', 'Someone', { required: false }),
  opt.duration('expires', 'Lifetime', { required: false, maxDays: 90 }),
  opt.integer('uses', 'Most uses', { min: 1, max: 10 }),
] as const;

type Declared = OptionValues<typeof declared>;

describe('option types', () => {
  it('infers each value from its declaration', () => {
    expectTypeOf<Declared>().toEqualTypeOf<{
      amount: number;
      note?: string | undefined;
      type: 'individual' | 'company';
      person?: PersonRef | undefined;
      expires?: number | null | undefined;
      uses: number;
    }>();
  });

  it('gives run the declared types, with no interface written beside them', () => {
    const command = teamCommand({
      path: 'credits typed',
      summary: 'Only here to be type-checked',
      options: [opt.amount('amount', 'Credits'), opt.text('note', 'A note', { required: false, max: 20 })],
      permission: null,
      async run({ options }) {
        expectTypeOf(options.amount).toEqualTypeOf<number>();
        expectTypeOf(options.note).toEqualTypeOf<string | undefined>();
        // @ts-expect-error amount is a number, not text
        const text: string = options.amount;
        // @ts-expect-error the command declares no option `nope`
        void options.nope;
        return success(`${text}`);
      },
    });
    expect(command.scope).toBe('team');
  });

  it('lets typed variants name only declared options', () => {
    const options = [opt.person('person', 'Someone', { required: false }), opt.text('role', 'Role', { max: 32 })];
    const run = async () => success('ok');
    const valid = teamCommand({
      path: 'team x',
      summary: 'Only here to be type-checked',
      options,
      permission: null,
      typedVariants: [{ sub: 'person', summary: 'A person', require: ['person'], omit: ['role'] }],
      run,
    });
    expect(valid.typedVariants).toHaveLength(1);
    teamCommand({
      path: 'team y',
      summary: 'Only here to be type-checked',
      options,
      permission: null,
      // @ts-expect-error "persn" is not one of the declared options
      typedVariants: [{ sub: 'person', summary: 'A person', require: ['persn'] }],
      run,
    });
  });

  it('types user commands the same way', () => {
    userCommand({
      path: 'team typed',
      summary: 'Only here to be type-checked',
      options: [opt.text('code', 'Invite code', { max: 64 })],
      async run({ options }) {
        expectTypeOf(options.code).toEqualTypeOf<string>();
        return success(options.code);
      },
    });
  });

  it('types the real commands from their declarations', () => {
    type AddOptions = Parameters<typeof creditsAdd.run>[0]['options'];
    expectTypeOf<AddOptions>().toEqualTypeOf<{ amount: number }>();
    type InviteOptions = Parameters<typeof teamInvite.run>[0]['options'];
    expectTypeOf<InviteOptions>().toEqualTypeOf<{
      person?: PersonRef | undefined;
      role?: string | undefined;
      expires?: number | null | undefined;
      uses?: number | undefined;
    }>();
    expectTypeOf<Parameters<typeof creditsAdd.run>[0]>().toExtend<TeamCommandContext<{ amount: number }>>();
  });

  it('parses typed text into the values the types promise', () => {
    const parsed = optionsSchema(declared).parse({ amount: '12.50', type: 'Company', expires: 'never', uses: '3' });
    expectTypeOf(parsed).toEqualTypeOf<Declared>();
    expect(parsed).toEqual({ amount: 1250, type: 'company', expires: null, uses: 3 });
  });
});
