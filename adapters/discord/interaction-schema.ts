import { z } from 'zod';

// What Tally reads of an interaction that arrives over HTTP, checked before anything runs: a
// signature proves who sent a body, not that its shape is right. Loose objects, so the fields
// Discord adds over time pass through; limits follow Discord's own.

const SnowflakeSchema = z.string().regex(/^\d{1,20}$/);
const NameSchema = z.string().min(1).max(100);
// Discord's rule for command and option names.
const CommandNameSchema = z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u);

const UserSchema = z.looseObject({ id: SnowflakeSchema, username: NameSchema, global_name: NameSchema.nullish() });
const MemberSchema = z.looseObject({ user: UserSchema.optional(), nick: NameSchema.nullish() });

// Discord nests options at most three deep: a group holds subcommands, a subcommand holds values.
const ValueOptionSchema = z.looseObject({
  name: CommandNameSchema,
  type: z.literal([3, 4, 5, 6, 7, 8, 9, 10, 11]),
  value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
});
const SubcommandSchema = z.looseObject({
  name: CommandNameSchema,
  type: z.literal(1),
  options: z.array(ValueOptionSchema).max(25).optional(),
});
const GroupSchema = z.looseObject({
  name: CommandNameSchema,
  type: z.literal(2),
  options: z.array(SubcommandSchema).max(25),
});
export type ValueOption = z.infer<typeof ValueOptionSchema>;
export type TopOption = z.infer<typeof GroupSchema> | z.infer<typeof SubcommandSchema> | ValueOption;

const ResolvedSchema = z.looseObject({
  users: z.record(z.string(), UserSchema).optional(),
  members: z.record(z.string(), z.looseObject({ nick: NameSchema.nullish() })).optional(),
});
export type Resolved = z.infer<typeof ResolvedSchema>;

const CommandDataSchema = z.looseObject({
  name: CommandNameSchema,
  options: z
    .array(z.union([GroupSchema, SubcommandSchema, ValueOptionSchema]))
    .max(25)
    .optional(),
  resolved: ResolvedSchema.optional(),
});

// Tally's custom_ids are at most 100 characters, as Discord allows.
const CustomIdSchema = z.string().min(1).max(100);
// Tally's modals are rows of one text input each, and Discord sends every input's value back.
const TextInputSchema = z.looseObject({ custom_id: CustomIdSchema, value: z.string().max(4000) });
const ModalRowSchema = z.looseObject({ components: z.array(TextInputSchema).min(1).max(5) });

const base = {
  id: SnowflakeSchema,
  application_id: SnowflakeSchema,
  token: z.string().min(1).max(1000),
  channel: z.looseObject({ id: SnowflakeSchema }).optional(),
  member: MemberSchema.optional(),
  user: UserSchema.optional(),
};

export const HttpInteractionSchema = z
  .discriminatedUnion('type', [
    z.looseObject({ type: z.literal(1) }),
    z.looseObject({ ...base, type: z.literal(2), data: CommandDataSchema }),
    z.looseObject({ ...base, type: z.literal(3), data: z.looseObject({ custom_id: CustomIdSchema }) }),
    z.looseObject({ ...base, type: z.literal(4), data: CommandDataSchema }),
    z.looseObject({
      ...base,
      type: z.literal(5),
      data: z.looseObject({ custom_id: CustomIdSchema, components: z.array(ModalRowSchema).max(5) }),
    }),
  ])
  // Everything but a PING is done by someone: in a server as a member, in a DM as a user.
  .refine((i) => i.type === 1 || Boolean(i.member?.user ?? i.user), { message: 'interaction has no user' });
export type HttpInteraction = z.infer<typeof HttpInteractionSchema>;
