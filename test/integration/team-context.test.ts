/**
 * Services that need a permission take a TeamContext that only authorizeTeam makes. The
 * `@ts-expect-error` lines are checked by `npm run typecheck`: an unchecked team does not compile.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { topUp } from '../../src/credits/top-up.ts';
import { httpStatusOf } from '../../src/error-codes.ts';
import { resolveTeam } from '../../src/teams/resolve-team.ts';
import { authorizeTeam, PermissionDenied, type TeamContext } from '../../src/teams/team-context.ts';
import { teamWith, useHarness } from '../support/harness.ts';

describe('permission-checked team context', () => {
  const h = useHarness();

  it('lets a role holding the permission reach the service', async () => {
    await teamWith(h, 'alice', 'Acme');
    const alice = await h.userId('alice');
    const access = authorizeTeam(await resolveTeam(h.db, alice, 'Acme'), 'billing.manage');
    expectTypeOf(access).toEqualTypeOf<TeamContext<'billing.manage'>>();
    expect(access.permission).toBe('billing.manage');
    await topUp(h.deps, await h.actor('alice'), access, 2500, h.key());
    expect((await h.teamNamed('Acme')).balanceCents).toBe(2500);
  });

  it('refuses a role without it, before anything happens', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    const bob = await h.userId('bob');
    const resolved = await resolveTeam(h.db, bob, 'Acme');
    let refused: unknown;
    try {
      await topUp(h.deps, await h.actor('bob'), authorizeTeam(resolved, 'billing.manage'), 2500, h.key());
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(PermissionDenied);
    const denied = refused as PermissionDenied;
    expect(denied.code).toBe('permission_denied');
    expect(httpStatusOf(denied.code)).toBe(403);
    expect(denied.message).toBe(
      'In *Acme* this needs the *billing.manage* permission (add credits, set the low-balance threshold and alert ' +
        "channel), and your role Member doesn't have it.",
    );
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
  });

  it('lets any member through when no permission is needed', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    const access = authorizeTeam(await resolveTeam(h.db, await h.userId('bob'), 'Acme'), null);
    expect(access.permission).toBeNull();
    expect(access.role.name).toBe('Member');
  });

  it('does not compile a service call without the check', async () => {
    await teamWith(h, 'alice', 'Acme');
    const alice = await h.userId('alice');
    const resolved = await resolveTeam(h.db, alice, 'Acme');
    const viewer = authorizeTeam(resolved, 'billing.view');
    const anyMember = authorizeTeam(resolved, null);
    const operator = await h.actor('alice');
    const callers = [
      // @ts-expect-error a resolved but unchecked team
      () => topUp(h.deps, operator, resolved, 100, h.key()),
      // @ts-expect-error checked for another permission
      () => topUp(h.deps, operator, viewer, 100, h.key()),
      // @ts-expect-error checked only for membership
      () => topUp(h.deps, operator, anyMember, 100, h.key()),
    ];
    // @ts-expect-error a context cannot be written by hand
    const forged: TeamContext<'billing.manage'> = { ...resolved, permission: 'billing.manage' };
    expect(callers).toHaveLength(3);
    expect(forged.permission).toBe('billing.manage');
    expectTypeOf<TeamContext<'billing.view'>>().not.toExtend<TeamContext<'billing.manage'>>();
  });
});
