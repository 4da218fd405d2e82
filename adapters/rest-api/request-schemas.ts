import { z } from 'zod';
import type { Command } from '../../src/commands/define.ts';
import launchInference from '../../src/commands/launch/launch-inference.ts';
import launchInstance from '../../src/commands/launch/launch-instance.ts';
import launchVolume from '../../src/commands/launch/launch-volume.ts';
import type { OptionSpec } from '../../src/commands/options.ts';
import resourcesStop from '../../src/commands/resources/resources-stop.ts';

/** A chat command's option, whose schema the API reuses: one set of rules for a name, a flavor, a size. */
function optionOf(command: Command, name: string): OptionSpec {
  const option = command.options.find((o) => o.name === name);
  if (!option) throw new Error(`${command.path} has no option ${name}`);
  return option;
}

/** JSON text checked by the chat option's own schema (trimmed, lower-cased, its pattern and length). */
function text(command: Command, name: string, examples: string[]) {
  const option = optionOf(command, name);
  return (
    z
      .string()
      .max(option.maxLength ?? 1000)
      .pipe(option.schema as z.ZodType<string, string>)
      // Chat's descriptions point at chat's catalog command; the API has its own route.
      .meta({ description: option.description.replace('/launch catalog', 'GET /api/v1/catalog'), examples })
  );
}

/** A JSON integer in the chat option's range. */
function integer(command: Command, name: string, examples: number[]) {
  const option = optionOf(command, name);
  return z
    .int()
    .min(option.min ?? 0)
    .max(option.max ?? Number.MAX_SAFE_INTEGER)
    .meta({ description: option.description, examples });
}

const name = text(launchInstance, 'name', ['train-1']);

export const LaunchBodySchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('instance'),
        flavor: text(launchInstance, 'flavor', ['h100']),
        name,
        sshKey: text(launchInstance, 'sshkey', ['laptop']).optional(),
        region: text(launchInstance, 'region', ['eu-west']).optional(),
        os: text(launchInstance, 'os', ['ubuntu-22.04']).optional(),
      })
      .strict(),
    z.object({ kind: z.literal('inference'), model: text(launchInference, 'model', ['llama-3.1-8b']), name }).strict(),
    z
      .object({
        kind: z.literal('volume'),
        // The catalog decides the real range (a cloud's live offers): it is refused with 422 past it.
        sizeGb: integer(launchVolume, 'size', [100]).meta({
          description: 'Size in GB, between volumes.minGb and volumes.maxGb of GET /catalog',
        }),
        name,
      })
      .strict(),
  ])
  .meta({ description: 'What to launch: an instance, an inference endpoint or a volume.' });

export const ResourceNameParams = z.object({ name: text(resourcesStop, 'name', ['train-1']) });

export const DocumentNumberParams = z.object({
  number: z
    .string()
    .min(1)
    .max(20)
    .meta({ description: 'An invoice number (2026-000123) or a credit note number (CN-2026-000001)' }),
});

export const LedgerQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .meta({ description: 'How many entries, 1 to 100 (default 25)' }),
  cursor: z.string().max(200).optional().meta({ description: "Where the page starts: the previous page's nextCursor" }),
});
