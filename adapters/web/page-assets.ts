import { createHash } from 'node:crypto';

/** The join page's whole style sheet: one column, readable from a 360 px phone to a desktop. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6576; --bg: #f4f5f8; --card: #fff;
  --line: #dde1e8; --accent: #3451b2; --on-accent: #fff; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8ebf0; --muted: #a3acba; --bg: #14171c; --card: #1d2128; --line: #343a46;
    --accent: #8ea2ff; --on-accent: #10131a; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); overflow-wrap: anywhere;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 36rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.brand { margin: 0 0 1rem; font-weight: 700; letter-spacing: .04em; color: var(--accent); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.25rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p { margin: .5rem 0; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .35rem 1rem; margin: 1rem 0 0; }
dt { color: var(--muted); }
dd { margin: 0; }
ul { padding-left: 1.25rem; margin: .5rem 0; }
li { margin: .35rem 0; }
code { font: .95em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.command { display: flex; flex-wrap: wrap; gap: .5rem; margin: .75rem 0; }
.command code { flex: 1 1 15rem; min-width: 0; padding: .6rem .75rem; border: 1px solid var(--line);
  border-radius: 8px; background: var(--bg); user-select: all; }
button { font: inherit; padding: .6rem 1.1rem; border: 0; border-radius: 8px; cursor: pointer;
  background: var(--accent); color: var(--on-accent); }
.note { color: var(--muted); font-size: .9rem; }
`;

/**
 * The copy button's behaviour. The button starts hidden: without a script (or a clipboard) the
 * command is still there as selectable text.
 */
export const COPY_SCRIPT = `
const button = document.getElementById('copy');
const command = document.getElementById('command');
if (button && command && navigator.clipboard) {
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(command.textContent).then(
      () => { button.textContent = 'Copied'; },
      () => { button.textContent = 'Select it and copy'; },
    );
  });
}
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only these exact style and script blocks may run: nothing a name could smuggle in. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(COPY_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
