import type { InvitePreview } from '../../src/invites/invite-preview.ts';
import type { HttpRoute } from '../http/http-route.ts';
import { type ChatPlatform, renderJoinPage } from './join-page-html.ts';
import { CONTENT_SECURITY_POLICY } from './page-assets.ts';

export interface JoinPageOptions {
  /** The platforms this Tally runs: the page says how to join in each. */
  platforms: readonly ChatPlatform[];
  /** The core's read-only view of a code (previewInvite). */
  preview(code: string): Promise<InvitePreview>;
}

// The URL holds the code: no referrer carries it elsewhere, no cache or search engine keeps the page.
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

/**
 * `GET /join/<code>`: the page behind invite links. Any other path under /join/ (a slash too many,
 * odd characters, a code too long) is the same polite "unknown" 404 page, never an error.
 */
export function joinPageRoute(options: JoinPageOptions): HttpRoute {
  return {
    method: 'GET',
    path: '/join/*',
    async handle(request) {
      const code = new URL(request.url).pathname.slice('/join/'.length).toUpperCase();
      const preview = await options.preview(code);
      const body = await renderJoinPage(preview, code, options.platforms);
      return new Response(body, { status: preview.state === 'valid' ? 200 : 404, headers: HEADERS });
    },
  };
}
