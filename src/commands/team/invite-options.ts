import { type OptionValues, opt } from '../options.ts';

/** The role a link, an invitation or an API key comes with; each command words the default its own way. */
export function roleOption(description: string) {
  return opt.text('role', description, { required: false, max: 32, autocomplete: 'role' });
}

/** The settings every invite link accepts, shared by /team invite, /team invite post and regenerate. */
export const LINK_OPTIONS = [
  opt.duration('expires', 'Link lifetime: 30m, 24h, 7d or never (default 7d)', {
    required: false,
    namedOnly: true,
    maxDays: 90,
  }),
  opt.integer('uses', 'Most joins allowed (default: no limit)', {
    required: false,
    namedOnly: true,
    min: 1,
    max: 10_000,
  }),
] as const;

export type LinkOptionValues = OptionValues<[ReturnType<typeof roleOption>, ...typeof LINK_OPTIONS]>;

export const DEFAULT_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export function linkSettings(options: LinkOptionValues, posted = false) {
  return {
    posted,
    expiresInMs: options.expires === undefined ? DEFAULT_LINK_LIFETIME_MS : options.expires,
    ...(options.role !== undefined && { roleName: options.role }),
    ...(options.uses !== undefined && { maxUses: options.uses }),
  };
}
