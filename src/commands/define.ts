import type { Deps } from '../deps.ts';
import type { Team } from '../generated/prisma/client.ts';
import type { Reply } from '../reply.ts';
import { md, type Rich } from '../rich-text.ts';
import type { Permission } from '../roles/permissions.ts';
import type { TeamContext } from '../teams/team-context.ts';
import type { Actor } from '../users/ensure-user.ts';
import type { OptionSpec, OptionValues } from './options.ts';

export interface Origin {
  platform: string;
  /**
   * How options are given there: typed into one line (Slack, console) or as the platform's own
   * typed options (Discord).
   */
  optionSyntax?: 'line' | 'typed';
  /** The channel the command was typed in, when there is one (for `/credits alert` defaults). */
  channelId?: string;
}

/** Option values by name, as a command's declarations produce them (see `OptionValues`). */
export type AnyOptions = Record<string, unknown>;

export interface BaseContext<O = AnyOptions> {
  deps: Deps;
  actor: Actor;
  options: O;
  /** From the platform event (retries carry the same one) or made up for the console line. */
  idempotencyKey: string;
  origin: Origin;
}

export interface TeamCommandContext<O = AnyOptions, P extends Permission | null = Permission | null>
  extends BaseContext<O> {
  /** The team the command acts on. */
  team: Team;
  /** The caller's membership and role there, checked for the command's permission: what services take. */
  access: TeamContext<P>;
}

interface Common {
  /** Words after the slash: "team create", "resources sshkey add". */
  path: string;
  summary: string;
  /** A typical line, shown with the usage where the syntax is easy to get wrong. */
  example?: string;
  options: readonly OptionSpec[];
  /** Buttons only: left out of help, registration and manifests. */
  hidden?: boolean;
  /**
   * Where options are typed one by one (Discord), a command may be offered as several subcommands
   * (`/team invite link` and `/team invite person`): each leaves out or requires some options.
   */
  typedVariants?: TypedVariant[];
  /**
   * Reads a team's books: `team:` may also name a team deleted since (its ledger and invoices are
   * kept), with the permission the caller's role had in it.
   */
  readsDeletedTeams?: boolean;
  /** Answers for the whole channel (a community invite post); platforms that must choose up front ask here. */
  publicReply?: boolean;
}

/** Acts on one team (the `team:` option or the active team); dispatch checks the permission there. */
export interface TeamCommand<O = AnyOptions, P extends Permission | null = Permission | null> extends Common {
  scope: 'team';
  /** null: any member may run it. */
  permission: P;
  run(ctx: TeamCommandContext<O, P>): Promise<Reply>;
}

/** Acts on the caller alone (their list of teams, joining, answering an invitation). */
export interface UserCommand<O = AnyOptions> extends Common {
  scope: 'user';
  run(ctx: BaseContext<O>): Promise<Reply>;
}

/** Any command: `run` is a method, so each command's own option types still fit the list. */
export type Command = TeamCommand | UserCommand;

/**
 * What a command file declares; `run` gets its option types from `options`, nothing written by
 * hand, and typed variants may only name declared options.
 */
type Definition<C, Os extends readonly OptionSpec[]> = Omit<C, 'scope' | 'options' | 'typedVariants'> & {
  options: Os;
  typedVariants?: TypedVariant<Os[number]['name']>[];
};

export function teamCommand<const Os extends readonly OptionSpec[], const P extends Permission | null>(
  definition: Definition<TeamCommand<OptionValues<Os>, P>, Os>,
): TeamCommand<OptionValues<Os>, P> {
  return { ...definition, scope: 'team' };
}

export function userCommand<const Os extends readonly OptionSpec[]>(
  definition: Definition<UserCommand<OptionValues<Os>>, Os>,
): UserCommand<OptionValues<Os>> {
  return { ...definition, scope: 'user' };
}

export function commandWords(command: Command): string[] {
  return command.path.split(' ');
}

export interface TypedVariant<Name extends string = string> {
  sub: string;
  summary: string;
  omit?: Name[];
  require?: Name[];
}

/** A command as platforms with typed options show it: its variants, each with its own options. */
export function typedForms(command: Command): { path: string; summary: string; options: OptionSpec[] }[] {
  const variants = command.typedVariants ?? [{ sub: '', summary: command.summary }];
  return variants.map((v) => ({
    path: v.sub ? `${command.path} ${v.sub}` : command.path,
    summary: v.summary,
    options: command.options
      .filter((o) => !v.omit?.includes(o.name))
      .map((o) => (v.require?.includes(o.name) ? { ...o, required: true } : o)),
  }));
}

/** "/team invite person person:<person> [role:…]": required options first, as typed-option platforms list them. */
export function typedUsage(form: { path: string; options: OptionSpec[] }): string {
  const shown = form.options.filter((o) => !o.internal && o.name !== 'team');
  const parts = [
    ...shown.filter((o) => o.required).map((o) => `${o.name}:<${o.name}>`),
    ...shown.filter((o) => !o.required).map((o) => `[${o.name}:…]`),
  ];
  return [`/${form.path}`, ...parts].join(' ');
}

/** "/team invite [person] [role] [expires:…]"; options only buttons set are left out. */
export function usageOf(command: Command): string {
  const parts = command.options
    .filter((option) => !option.internal)
    .map((option) => {
      if (option.namedOnly) return option.required ? `${option.name}:<…>` : `[${option.name}:…]`;
      const label = option.rest ? `${option.name}…` : option.name;
      return option.required ? `<${label}>` : `[${label}]`;
    });
  return [`/${command.path}`, ...parts].join(' ');
}

/** "Usage: `/team create <name…> [description:…]`, e.g. `…`" for answers to a line that went wrong. */
export function usageHint(command: Command): Rich {
  return md`Usage: \`${usageOf(command)}\`${command.example ? md`, e.g. \`${command.example}\`` : ''}`;
}
