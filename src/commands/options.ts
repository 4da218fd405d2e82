import { z } from 'zod';
import { DAY, HOUR, MINUTE } from '../clock.ts';
import { parseAmount } from '../money.ts';
import { checkTypedText } from '../text/visible-name.ts';

/** A person as the adapter found them: a mention resolved to a platform identity. */
export const PersonRefSchema = z.object({
  kind: z.literal('person'),
  platform: z.string().min(1),
  workspaceId: z.string(),
  platformUserId: z.string().min(1),
  displayName: z.string(),
});
/** A person already known to Tally, as buttons carry them ("user:<id>"). */
export const UserRefSchema = z.object({ kind: z.literal('user'), userId: z.string().min(1) });
export type PersonRef = z.infer<typeof PersonRefSchema> | z.infer<typeof UserRefSchema>;

/** A channel as the adapter parsed it from its platform's own syntax (a mention, a picker, a typed option). */
export const ChannelOptionSchema = z.object({
  kind: z.literal('channel'),
  platform: z.string().min(1),
  workspaceId: z.string(),
  channelId: z.string().min(1).max(100),
});
export type ChannelOption = z.infer<typeof ChannelOptionSchema>;

export function personButtonValue(userId: string): string {
  return `user:${userId}`;
}

/** What adapters hand in: option name → typed text, a person from a mention or a user picker, or a channel. */
export type RawArgs = Record<string, string | PersonRef | ChannelOption | undefined>;

/** Hints for platforms with typed options (Discord) and for autocomplete; parsing is the schema's job. */
export type OptionType = 'string' | 'integer' | 'person' | 'channel';
export type Autocomplete = 'team' | 'resource' | 'role' | 'sshkey' | 'flavor' | 'model' | 'apikey' | 'month';

/**
 * One option: its name `N`, the value `V` its schema parses to, and whether it is required `R`.
 * Commands get their options' types from these declarations (see `OptionValues`).
 */
export interface OptionSpec<N extends string = string, V = unknown, R extends boolean = boolean> {
  name: N;
  description: string;
  type: OptionType;
  required: R;
  /** Takes the rest of the typed line (descriptions, public keys). */
  rest?: boolean;
  /** Free text that may span lines (forms show a multi-line input); line breaks fold to spaces. */
  multiline?: boolean;
  /** Named only (`expires:7d`), never filled from a bare word. */
  namedOnly?: boolean;
  choices?: readonly string[];
  autocomplete?: Autocomplete;
  internal?: boolean;
  maxLength?: number;
  /** Integers: the range, so typed platforms can enforce it too. */
  min?: number;
  max?: number;
  schema: z.ZodType<R extends true ? V : V | undefined>;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a command's `run` receives for a list of option declarations: required ones always there. */
export type OptionValues<Os extends readonly OptionSpec[]> = Simplify<
  { [O in Os[number] as O['required'] extends true ? O['name'] : never]: z.output<O['schema']> } & {
    [O in Os[number] as O['required'] extends true ? never : O['name']]?: z.output<O['schema']>;
  }
>;

function issue(ctx: z.RefinementCtx, message: string) {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

const asText = (name: string) =>
  z.unknown().transform((value, ctx) => {
    if (typeof value === 'string') return value;
    return issue(ctx, value === undefined ? `${name} is missing.` : `${name} must be text, not a person.`);
  });

interface Common<R extends boolean> {
  /** Set only by buttons (a confirmation): never typed, never shown in forms. */
  internal?: boolean;
  required?: R;
  rest?: boolean;
  namedOnly?: boolean;
  autocomplete?: Autocomplete;
}

function finish<N extends string, V, R extends boolean>(
  spec: Omit<OptionSpec, 'name' | 'required' | 'schema'> & Common<R> & { name: N },
  schema: z.ZodType<V>,
): OptionSpec<N, V, R> {
  const required = (spec.required ?? true) as R;
  // The declared R decides the value's type; the schema is made optional to match.
  return { ...spec, required, schema: (required ? schema : schema.optional()) as OptionSpec<N, V, R>['schema'] };
}

export const opt = {
  /** `label`: what the value is called in a refusal ("team name"); the option's name otherwise. */
  text<const N extends string, const R extends boolean = true>(
    name: N,
    description: string,
    options: Common<R> & {
      min?: number;
      max: number;
      pattern?: RegExp;
      patternHint?: string;
      lowercase?: boolean;
      label?: string;
      multiline?: boolean;
    },
  ): OptionSpec<N, string, NoInfer<R>> {
    const min = options.min ?? 1;
    const schema = asText(name).transform((raw, ctx) => {
      const checked = checkTypedText(raw, options.label ?? name, options.multiline ? 'multiline' : 'line');
      if (!checked.ok) return issue(ctx, checked.problem);
      const value = options.lowercase ? checked.text.toLowerCase() : checked.text;
      if (value.length < min)
        return issue(ctx, min === 1 ? `${name} can't be empty.` : `${name} needs at least ${min} characters.`);
      if (value.length > options.max)
        return issue(ctx, `${name} can be at most ${options.max} characters (you gave ${value.length}).`);
      if (options.pattern && !options.pattern.test(value))
        return issue(ctx, `${name} "${value}" ${options.patternHint ?? 'has characters that are not allowed'}.`);
      return value;
    });
    return finish({ name, description, type: 'string', maxLength: options.max, ...options }, schema);
  },

  integer<const N extends string, const R extends boolean = true>(
    name: N,
    description: string,
    options: Common<R> & { min: number; max: number },
  ): OptionSpec<N, number, NoInfer<R>> {
    const schema = asText(name).transform((raw, ctx) => {
      const value = raw.trim();
      if (!/^\d+$/.test(value)) return issue(ctx, `${name} must be a whole number, not "${value}".`);
      const number = Number.parseInt(value, 10);
      if (number < options.min || number > options.max)
        return issue(ctx, `${name} must be between ${options.min} and ${options.max} (you gave ${value}).`);
      return number;
    });
    return finish({ name, description, type: 'integer', ...options }, schema);
  },

  /** Money typed by a person, to integer cents; "0" is refused unless allowZero. */
  amount<const N extends string, const R extends boolean = true>(
    name: N,
    description: string,
    options: Common<R> & { allowZero?: boolean; label?: string } = {},
  ): OptionSpec<N, number, NoInfer<R>> {
    const label = options.label ?? name;
    const schema = asText(name).transform((raw, ctx) => {
      try {
        const cents = parseAmount(raw, label);
        if (cents === 0 && !options.allowZero) return issue(ctx, `The ${label} must be more than 0.`);
        return cents;
      } catch (error) {
        return issue(ctx, (error as Error).message);
      }
    });
    return finish({ name, description, type: 'string', ...options }, schema);
  },

  person<const N extends string, const R extends boolean = true>(
    name: N,
    description: string,
    options: Common<R> = {},
  ): OptionSpec<N, PersonRef, NoInfer<R>> {
    const schema = z.unknown().transform((value, ctx) => {
      const parsed = PersonRefSchema.or(UserRefSchema).safeParse(value);
      if (parsed.success) return parsed.data;
      if (typeof value === 'string' && /^user:[\w-]{1,64}$/.test(value))
        return { kind: 'user' as const, userId: value.slice(5) };
      if (value === undefined) return issue(ctx, `${name} is missing: mention someone, like @name.`);
      const notAMention = typeof value === 'string' ? ` ("${value}" is not a mention)` : '';
      return issue(ctx, `${name} must be a person, mentioned like @name${notAMention}.`);
    });
    return finish({ name, description, type: 'person', ...options }, schema);
  },

  choice<const N extends string, const C extends readonly string[], const R extends boolean = true>(
    name: N,
    description: string,
    choices: C,
    options: Common<R> = {},
  ): OptionSpec<N, C[number], NoInfer<R>> {
    const schema = asText(name).transform((raw, ctx) => {
      const value = raw.trim().toLowerCase();
      const found = choices.find((choice) => choice === value);
      return found ?? issue(ctx, `${name} must be one of ${choices.join(', ')} (not "${raw.trim()}").`);
    });
    return finish({ name, description, type: 'string', choices, ...options }, schema);
  },

  /** "30m", "24h", "7d" or "never" → milliseconds, or null for never. */
  duration<const N extends string, const R extends boolean = true>(
    name: N,
    description: string,
    options: Common<R> & { maxDays: number },
  ): OptionSpec<N, number | null, NoInfer<R>> {
    const schema = asText(name).transform((raw, ctx) => {
      const value = raw.trim().toLowerCase();
      if (value === 'never') return null;
      const match = /^(\d{1,4})\s*(m|min|h|d)$/.exec(value);
      if (!match)
        return issue(
          ctx,
          `${name} "${raw.trim()}" is not a duration: use minutes, hours or days like 30m, 24h, 7d, or never.`,
        );
      const unit = match[2] === 'd' ? DAY : match[2] === 'h' ? HOUR : MINUTE;
      const ms = Number.parseInt(match[1]!, 10) * unit;
      if (ms < 5 * MINUTE || ms > options.maxDays * DAY)
        return issue(ctx, `${name} must be between 5 minutes and ${options.maxDays} days.`);
      return ms;
    });
    return finish({ name, description, type: 'string', ...options }, schema);
  },

  /**
   * A channel Tally can post to, as the adapter parsed it from its platform's syntax (`<#C…>`, a
   * picker, Discord's channel option); "none" clears it (""). Text no adapter understood is refused.
   */
  channel<const N extends string, const R extends boolean = true>(
    name: N,
    description: string,
    options: Common<R> = {},
  ): OptionSpec<N, ChannelOption | '', NoInfer<R>> {
    const schema = z.unknown().transform((value, ctx): ChannelOption | '' => {
      const parsed = ChannelOptionSchema.safeParse(value);
      if (parsed.success) return parsed.data;
      const typed = typeof value === 'string' ? value.trim() : '';
      if (/^(none|off)$/i.test(typed)) return '';
      return issue(
        ctx,
        `"${typed}" is not a channel I can post to from here: pick one from your platform's channel list ` +
          '(type # and choose it), or give "none" to remove the alert channel. ' +
          'Billing roles get alerts by DM either way.',
      );
    });
    return finish({ name, description, type: 'channel', ...options }, schema);
  },
};

/** The one option every command accepts. */
export const TEAM_OPTION = opt.text('team', 'Team name or id (default: active team)', {
  required: false,
  namedOnly: true,
  max: 64,
  autocomplete: 'team',
});

/** The schema of a command's options; unknown option names are refused. */
export function optionsSchema<const Os extends readonly OptionSpec[]>(options: Os): z.ZodType<OptionValues<Os>> {
  const shape = Object.fromEntries(options.map((option) => [option.name, option.schema]));
  // The shape is built at run time, so zod cannot see the per-option types OptionValues names.
  return z.object(shape).strict() as unknown as z.ZodType<OptionValues<Os>>;
}
