import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import { PERMISSION_DESCRIPTIONS, type Permission } from '../roles/permissions.ts';
import type { ResolvedTeam } from './resolve-team.ts';

/** Never created at run time: only this module can name it, so only authorizeTeam makes a TeamContext. */
declare const checkedFor: unique symbol;

/**
 * A team the caller is in, checked for `permission` (null: any member may act). Services that
 * need a permission take `TeamContext<'that.permission'>`, so no entry point (chat, a future
 * REST API) can reach them without checking it first.
 */
export interface TeamContext<P extends Permission | null = Permission | null> extends Readonly<ResolvedTeam> {
  readonly permission: P;
  readonly [checkedFor]: P;
}

function deniedText({ team, role, apiKeyName }: ResolvedTeam, permission: Permission) {
  const needs = md`the *${permission}* permission (${PERMISSION_DESCRIPTIONS[permission]})`;
  const whose = apiKeyName === undefined ? 'your role' : md`API key ${apiKeyName}'s role`;
  return md`In *${team.name}* this needs ${needs}, and ${whose} ${role.name} doesn't have it.`;
}

/** The caller's role lacks the permission; dispatch words it for chat with who holds it instead. */
export class PermissionDenied extends TallyError {
  constructor(
    readonly resolved: ResolvedTeam,
    readonly permission: Permission,
  ) {
    super('permission_denied', deniedText(resolved, permission), { permission });
  }
}

/** The one way to a TeamContext: the role must hold `permission`, else PermissionDenied. */
export function authorizeTeam<const P extends Permission | null>(
  resolved: ResolvedTeam,
  permission: P,
): TeamContext<P> {
  if (permission !== null && !resolved.permissions.has(permission)) throw new PermissionDenied(resolved, permission);
  return { ...resolved, permission } as TeamContext<P>;
}
