// Registers /team, /credits, /launch and /resources with Discord: `npm run discord:register`.
// Globally, or in one server (instantly) when DISCORD_GUILD_ID is set.
import { REST, Routes } from 'discord.js';
import { applicationCommands } from '../adapters/discord/registration.ts';
import { loadSettings } from '../bin/settings.ts';
import { ConfigError } from '../src/config.ts';

try {
  const { discord } = loadSettings();
  if (!discord) throw new ConfigError('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the commands.');
  const rest = new REST(discord.apiUrl ? { api: discord.apiUrl } : {}).setToken(discord.token);
  const route = discord.guildId
    ? Routes.applicationGuildCommands(discord.applicationId, discord.guildId)
    : Routes.applicationCommands(discord.applicationId);
  const saved = (await rest.put(route, { body: applicationCommands() })) as { name: string }[];
  console.log(
    `Registered ${saved.map((c) => `/${c.name}`).join(', ')} ${discord.guildId ? `in server ${discord.guildId}` : 'globally (may take up to an hour to show everywhere)'}.`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Registration failed: ${(error as Error).message}`);
  process.exit(1);
}
