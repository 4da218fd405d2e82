/**
 * One endpoint an adapter offers the HTTP application, in web-standard terms: a `Request` in (its
 * raw body intact for signature checks), a `Response` out. Adapters need not know the framework.
 */
export interface HttpRoute {
  /** ALL: every method, for a sub-application (path `/prefix/*`) that routes and refuses methods itself. */
  method: 'GET' | 'POST' | 'DELETE' | 'ALL';
  path: string;
  handle(request: Request): Promise<Response>;
}

/** A response with no body, as Slack's and Bolt's refusals are. */
export const noBody = (status: number) => new Response(null, { status });
