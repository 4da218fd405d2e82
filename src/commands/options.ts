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

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required: boolean;
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
  schema: z.ZodType;
}

function issue(ctx: z.RefinementCtx, message: string) {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

const asText = (name: string) =>
  z.unknown().transform((value, ctx) => {
    if (typeof value === 'string') return value;
    return issue(ctx, value === undefined ? `${name} is missing.` : `${name} must be text, not a person.`);
  });

interface Common {
  /** Set only by buttons (a confirmation): never typed, never shown in forms. */
  internal?: boolean;
  required?: boolean;
  rest?: boolean;
  namedOnly?: boolean;
  autocomplete?: Autocomplete;
}

function finish(spec: Omit<OptionSpec, 'required' | 'schema'> & Common, schema: z.ZodType): OptionSpec {
  const required = spec.required ?? true;
  return { ...spec, required, schema: required ? schema : schema.optional() };
}

export const opt = {
  /** `label`: what the value is called in a refusal ("team name"); the option's name otherwise. */
  text(
    name: string,
    description: string,
    options: Common & {
      min?: number;
      max: number;
      pattern?: RegExp;
      patternHint?: string;
      lowercase?: boolean;
      label?: string;
      multiline?: boolean;
    },
  ): OptionSpec {
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

  integer(name: string, description: string, options: Common & { min: number; max: number }): OptionSpec {
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
  amount(name: string, description: string, options: Common & { allowZero?: boolean } = {}): OptionSpec {
    const schema = asText(name).transform((raw, ctx) => {
      try {
        const cents = parseAmount(raw, name);
        if (cents === 0 && !options.allowZero) return issue(ctx, `${name} must be more than 0.`);
        return cents;
      } catch (error) {
        return issue(ctx, (error as Error).message);
      }
    });
    return finish({ name, description, type: 'string', ...options }, schema);
  },

  person(name: string, description: string, options: Common = {}): OptionSpec {
    const schema = z.unknown().transform((value, ctx) => {
      const parsed = PersonRefSchema.or(UserRefSchema).safeParse(value);
      if (parsed.success) return parsed.data;
      if (typeof value === 'string' && /^user:[\w-]{1,64}$/.test(value))
        return { kind: 'user' as const, userId: value.slice(5) };
      if (value === undefined) return issue(ctx, `${name} is missing: mention someone, like @name.`);
      return issue(
        ctx,
        `${name} must be a person, mentioned like @name${typeof value === 'string' ? ` ("${value}" is not a mention)` : ''}.`,
      );
    });
    return finish({ name, description, type: 'person', ...options }, schema);
  },

  choice<const C extends readonly string[]>(
    name: string,
    description: string,
    choices: C,
    options: Common = {},
  ): OptionSpec {
    const schema = asText(name).transform((raw, ctx) => {
      const value = raw.trim().toLowerCase();
      const found = choices.find((choice) => choice === value);
      return found ?? issue(ctx, `${name} must be one of ${choices.join(', ')} (not "${raw.trim()}").`);
    });
    return finish({ name, description, type: 'string', choices, ...options }, schema);
  },

  /** "30m", "24h", "7d" or "never" → milliseconds, or null for never. */
  duration(name: string, description: string, options: Common & { maxDays: number }): OptionSpec {
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
  channel(name: string, description: string, options: Common = {}): OptionSpec {
    const schema = z.unknown().transform((value, ctx) => {
      const parsed = ChannelOptionSchema.safeParse(value);
      if (parsed.success) return parsed.data;
      const typed = typeof value === 'string' ? value.trim() : '';
      if (/^(none|off)$/i.test(typed)) return '';
      return issue(
        ctx,
        `I can't post to "${typed}": pick the channel from the list so Slack or Discord sends its id (like <#C0123ABCD>), or give the id itself. "none" removes the alert channel.`,
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

export function optionsSchema(options: readonly OptionSpec[]) {
  return z.object(Object.fromEntries(options.map((option) => [option.name, option.schema]))).strict();
}
