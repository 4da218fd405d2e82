/** SPEC.md §2 as data: every permission, and what the three built-in roles hold. */
export const DELEGABLE_PERMISSIONS = [
  'billing.view',
  'billing.manage',
  'settings.manage',
  'apikeys.manage',
  'logs.view',
  'members.invite',
  'members.manage',
  'roles.manage',
  'resources.launch',
  'resources.view',
  'resources.manage',
] as const;

/** Owner-only rights that no other role, custom or built-in, can ever hold. */
export const OWNER_ONLY_PERMISSIONS = ['team.delete', 'team.transfer'] as const;

export type DelegablePermission = (typeof DELEGABLE_PERMISSIONS)[number];
export type Permission = DelegablePermission | (typeof OWNER_ONLY_PERMISSIONS)[number];

export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'billing.view': 'see balance, ledger history and invoices',
  'billing.manage': 'add credits, set the low-balance threshold and alert channel',
  'settings.manage': 'edit team name, description, billing address and account type',
  'apikeys.manage': 'create, list and revoke team API keys',
  'logs.view': "read the team's user log",
  'members.invite': 'show, regenerate or disable the invite link and invite people',
  'members.manage': "change a member's role, remove a member",
  'roles.manage': 'create, edit and delete custom roles',
  'resources.launch': 'launch instances, inference endpoints and volumes; add SSH keys',
  'resources.view': 'list running resources',
  'resources.manage': 'stop and delete resources',
  'team.delete': 'delete the team',
  'team.transfer': 'transfer ownership',
};

export const BUILTIN_ROLE_KEYS = ['owner', 'co-owner', 'member'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number];

export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: string; permissions: readonly Permission[] }> = {
  owner: { name: 'Owner', permissions: [...DELEGABLE_PERMISSIONS, ...OWNER_ONLY_PERMISSIONS] },
  'co-owner': {
    name: 'Co-Owner',
    permissions: [
      'billing.view',
      'billing.manage',
      'members.invite',
      'resources.launch',
      'resources.view',
      'resources.manage',
    ],
  },
  member: { name: 'Member', permissions: ['resources.launch', 'resources.view', 'resources.manage'] },
};

export function isDelegablePermission(value: string): value is DelegablePermission {
  return (DELEGABLE_PERMISSIONS as readonly string[]).includes(value);
}

/** The permissions a stored role grants: built-ins from the table above, custom roles from the row. */
export function permissionsOf(role: { key: string | null; permissions: string[] }): Set<Permission> {
  if (role.key && role.key in BUILTIN_ROLES) return new Set(BUILTIN_ROLES[role.key as BuiltinRoleKey].permissions);
  return new Set(role.permissions.filter(isDelegablePermission));
}
