import type { types } from '@slack/bolt';
import { clip } from '../../src/format.ts';
import type { Button, Field, Reply } from '../../src/reply.ts';
import { renderRich, type Text } from '../../src/rich-text.ts';
import { encodeButton } from './button-value.ts';

type KnownBlock = types.KnownBlock;

const TONE_EMOJI = { info: '', success: ':white_check_mark: ', warning: ':warning: ', error: ':x: ' } as const;
// Slack's limits: 3,000 characters a text, 10 fields a section, 25 elements an actions block, 50 blocks a message.
const MAX_TEXT = 3000;
const MAX_FIELDS = 10;
const MAX_ELEMENTS = 25;
const MAX_BLOCKS = 50;
/** The action id's prefix for link buttons, whose clicks are acknowledged and otherwise ignored. */
export const LINK_ACTION = 'link-';

/** Slack's three control characters, as Slack documents: what a person typed can't become a mention or a link. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text as mrkdwn. Slack has no escape for `*`, so only `&<>` change; data inside a code span
 * can't close it early.
 */
export function slackText(text: Text): string {
  return renderRich(text, {
    markup: escapeSlack,
    data: (data, place) => escapeSlack(place.inCode ? data.replace(/`/g, 'ˋ') : data),
    channel: (id) => `<#${escapeSlack(id)}>`,
  });
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, MAX_TEXT) } };
}

function fieldSections(fields: Field[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += MAX_FIELDS) {
    blocks.push({
      type: 'section',
      fields: fields
        .slice(i, i + MAX_FIELDS)
        .map((f) => ({ type: 'mrkdwn', text: clip(`*${escapeSlack(f.label)}*\n${slackText(f.value)}`, 2000) })),
    });
  }
  return blocks;
}

function buttonElement(button: Button, actionId: string): types.Button {
  // A link button opens its page; Slack still reports the click, which only needs acknowledging.
  if (button.url)
    return {
      type: 'button',
      text: { type: 'plain_text', text: clip(button.label, 75) },
      action_id: `${LINK_ACTION}${actionId}`,
      url: button.url,
      ...(button.style && { style: button.style }),
    };
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(button.label, 75) },
    action_id: actionId,
    value: encodeButton(button),
    ...(button.style && { style: button.style }),
    ...(button.confirm && {
      confirm: {
        title: { type: 'plain_text', text: 'Are you sure?' },
        text: { type: 'mrkdwn', text: clip(slackText(button.confirm), 300) },
        confirm: { type: 'plain_text', text: 'Yes' },
        deny: { type: 'plain_text', text: 'Cancel' },
        ...(button.style === 'danger' && { style: 'danger' as const }),
      },
    }),
  };
}

/** Buttons in rows of 25; action ids unique within the message, as Slack requires. */
function actionBlocks(buttons: Button[], counter: { next: number }): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += MAX_ELEMENTS) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + MAX_ELEMENTS).map((b) => buttonElement(b, `tally:${counter.next++}`)),
    });
  }
  return blocks;
}

/** The reply's blocks, without the message envelope: messages, App Home and DMs share it. */
export function replyBlocks(reply: Reply): KnownBlock[] {
  const counter = { next: 0 };
  const text = slackText(reply.text);
  const head = reply.title
    ? `${TONE_EMOJI[reply.tone]}*${escapeSlack(reply.title)}*\n${text}`
    : `${TONE_EMOJI[reply.tone]}${text}`;
  const blocks: KnownBlock[] = [section(head), ...fieldSections(reply.fields ?? [])];
  const tail = actionBlocks(reply.buttons ?? [], counter);
  const items = reply.items ?? [];
  let shown = 0;
  for (const item of items) {
    const itemBlocks: KnownBlock[] = [
      section(slackText(item.text)),
      ...fieldSections(item.fields ?? []),
      ...actionBlocks(item.buttons ?? [], counter),
    ];
    if (blocks.length + itemBlocks.length + tail.length + 1 > MAX_BLOCKS) break;
    blocks.push(...itemBlocks);
    shown++;
  }
  if (shown < items.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${items.length - shown} more not shown.` }],
    });
  return [...blocks, ...tail];
}

/** Plain text for notifications and clients that cannot show blocks. */
export function fallbackText(reply: Reply): string {
  const text = slackText(reply.text);
  return clip(reply.title ? `${escapeSlack(reply.title)}: ${text}` : text, MAX_TEXT);
}

/** The body for respond() / response_url. */
export function responsePayload(reply: Reply) {
  return {
    response_type: reply.ephemeral ? ('ephemeral' as const) : ('in_channel' as const),
    replace_original: false,
    text: fallbackText(reply),
    blocks: replyBlocks(reply),
  };
}
