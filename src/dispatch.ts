import type { z } from 'zod';
import { type AnyOptions, type Command, type Origin, usageHint } from './commands/define.ts';
import { optionsSchema, type RawArgs, TEAM_OPTION } from './commands/options.ts';
import { type ChannelResolver, type MentionResolver, parseCommandLine } from './commands/parse-line.ts';
import type { Deps } from './deps.ts';
import { httpStatusOf } from './error-codes.ts';
import { isTallyError } from './errors.ts';
import { logWithReference } from './logger.ts';
import { type CommandOutcome, secondsSince } from './ports/metrics.ts';
import { failure, type Reply } from './reply.ts';
import { md, type Text } from './rich-text.ts';
import { holdersOf } from './roles/holders.ts';
import { PERMISSION_DESCRIPTIONS } from './roles/permissions.ts';
import { resolveTeam } from './teams/resolve-team.ts';
import { authorizeTeam, PermissionDenied } from './teams/team-context.ts';
import { ensureUser, type IncomingIdentity } from './users/ensure-user.ts';

export interface Invocation {
  identity: IncomingIdentity;
  /** As the parser, a button's decoder or a platform's typed command found it. */
  command: Command;
  args: RawArgs;
  /** The platform's id for this event (retries carry the same), so money never moves twice. */
  idempotencyKey: string;
  origin: Origin;
}

const schemas = new WeakMap<Command, z.ZodType<AnyOptions>>();
function schemaOf(command: Command): z.ZodType<AnyOptions> {
  let schema = schemas.get(command);
  if (!schema) {
    schema = optionsSchema(command.options);
    schemas.set(command, schema);
  }
  return schema;
}

export interface OptionProblem {
  option: string | undefined;
  message: string;
}

function firstProblem(command: Command, error: z.ZodError): OptionProblem {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    return { option: undefined, message: `/${command.path} has no option ${issue.keys.join(', ')}.` };
  return { option: typeof issue.path[0] === 'string' ? issue.path[0] : undefined, message: issue.message };
}

function stripTeam(command: Command, args: RawArgs): RawArgs {
  if (command.options.some((o) => o.name === 'team')) return args;
  const { team: _team, ...rest } = args;
  return rest;
}

/**
 * Checks options without touching the database, so a form can show field errors inline
 * within the platform's time limit. null when they are fine.
 */
export function checkOptions(command: Command, args: RawArgs): OptionProblem | null {
  const parsed = schemaOf(command).safeParse(stripTeam(command, args));
  return parsed.success ? null : firstProblem(command, parsed.error);
}

async function denial(deps: Deps, command: Command, refused: PermissionDenied): Promise<Reply> {
  const { resolved: ctx, permission } = refused;
  const holders = await holdersOf(deps.db, ctx.team.id, permission);
  const who = holders.map((h) => `${h.displayName} (${h.role})`).join(', ');
  const run = md`You can't run \`/${command.path}\` in *${ctx.team.name}*`;
  const needs = md`it needs the *${permission}* permission (${PERMISSION_DESCRIPTIONS[permission]})`;
  const whoHas = holders.length ? ` Who has it: ${who}.` : '';
  return failure(md`${run}: ${needs}, and your role ${ctx.role.name} doesn't have it.${whoHas}`, {
    title: 'Not allowed',
  });
}

/** The answer to a command path Tally does not have (a stale button, a record of an older release). */
export function unknownCommand(path: string): Reply {
  return failure(md`I don't know the command /${path}. Try \`/team help\`.`);
}

/** Actor + command → team and permission check → validated options → run → Reply. Never throws. */
export async function dispatch(deps: Deps, invocation: Invocation): Promise<Reply> {
  const started = performance.now();
  let reply: Reply;
  let outcome: CommandOutcome;
  try {
    reply = await decide(deps, invocation);
    outcome = reply.tone === 'error' ? 'user_error' : 'ok';
  } catch (error) {
    // A service of ours that is down (storage, payments, the cloud) says so; anything else gets a reference.
    reply = isTallyError(error) ? failure(error.text) : unexpected(deps, invocation.command, error as Error);
    outcome = 'failure';
  }
  deps.metrics.commandHandled({
    platform: invocation.origin.platform,
    command: invocation.command.path,
    outcome,
    seconds: secondsSince(started),
  });
  return reply;
}

/** The command's answer, refusals the person can act on included; throws what is not theirs to fix. */
async function decide(deps: Deps, invocation: Invocation): Promise<Reply> {
  const { command } = invocation;
  try {
    const actor = await ensureUser(deps, invocation.identity);
    if (invocation.args.team !== undefined && typeof invocation.args.team !== 'string')
      return failure('team must be a team name or id.');
    // `team:` is checked like any typed name, also for commands that do not list it.
    const checkedTeam = TEAM_OPTION.schema.safeParse(invocation.args.team);
    const parsed = checkedTeam.success
      ? schemaOf(command).safeParse(stripTeam(command, invocation.args))
      : { success: false as const, error: checkedTeam.error };
    if (!parsed.success) {
      const problem = firstProblem(command, parsed.error);
      return failure(md`${problem.message}\n${usageHint(command)}`, {
        title: 'Check the command',
        ...(problem.option && { invalidOption: problem.option }),
      });
    }
    const base = {
      deps,
      actor,
      options: parsed.data,
      idempotencyKey: invocation.idempotencyKey,
      origin: invocation.origin,
    };
    if (command.scope === 'user') return await command.run(base);
    const team = await resolveTeam(deps.db, actor.user, checkedTeam.data as string | undefined, {
      deleted: command.readsDeletedTeams === true,
    });
    const access = authorizeTeam(team, command.permission);
    return await command.run({ ...base, team: access.team, access });
  } catch (error) {
    if (error instanceof PermissionDenied) return await denial(deps, command, error);
    if (isTallyError(error) && httpStatusOf(error.code) < 500) return failure(error.text);
    throw error;
  }
}

/** Logged with a short reference the person is given: never a stack trace in chat. */
function unexpected(deps: Deps, command: Command, error: Error): Reply {
  const reference = logWithReference(deps.log, 'command failed', {
    command: command.path,
    error: error.message,
    stack: error.stack,
  });
  return failure(
    `Something went wrong on our side (reference ${reference}). ` +
      'Please try again; if it keeps happening, tell us this reference.',
  );
}

/** A line that names no command or does not parse: answered at once, counted under `(unparsed)`. */
export function unparsedLine(deps: Deps, origin: Origin, error: Text): Reply {
  deps.metrics.commandHandled({ platform: origin.platform, command: UNPARSED, outcome: 'user_error' });
  return failure(error, { title: 'Check the command' });
}

/** The command label of lines that never reached a command: what people typed is never a label. */
const UNPARSED = '(unparsed)';

export interface TypedLine {
  identity: IncomingIdentity;
  line: string;
  resolveMention: MentionResolver;
  /** How the door names channels; without it, no typed channel is understood. */
  resolveChannel?: ChannelResolver;
  idempotencyKey: string;
  origin: Origin;
}

/** What Slack and the console use: a typed line, parsed and dispatched. */
export async function dispatchLine(deps: Deps, typed: TypedLine): Promise<Reply> {
  const parsed = parseCommandLine(typed.line, typed.resolveMention, typed.resolveChannel);
  if (!parsed.ok) return unparsedLine(deps, typed.origin, parsed.error);
  return dispatch(deps, {
    identity: typed.identity,
    command: parsed.command,
    args: parsed.args,
    idempotencyKey: typed.idempotencyKey,
    origin: typed.origin,
  });
}
