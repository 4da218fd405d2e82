export const TEMPLATE_DATABASE = 'tally_template';

/** The same server and credentials as `url`, another database. */
export function adminUrl(url: string, database?: string): string {
  const parsed = new URL(url);
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}
