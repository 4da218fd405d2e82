/** A team API key's secret as `/team apikey create` shows it. */
export const API_TOKEN = /tly_[0-9a-z]{8}_[0-9a-z]{32}/;

export function tokenIn(text: string): string {
  const token = API_TOKEN.exec(text)?.[0];
  if (!token) throw new Error(`no API key in: ${text}`);
  return token;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The JSON body, or undefined when the answer is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers' fields freely
  json: any;
  bytes: Buffer;
}

export interface ApiRequest {
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as it is (with the headers given). */
  body?: string;
  headers?: Record<string, string>;
}

/** One request to Tally's REST API at `base` (http://127.0.0.1:PORT), with `token` as the Bearer key when given. */
export async function callApi(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  request: ApiRequest = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {
    ...(token && { authorization: `Bearer ${token}` }),
    ...(request.json !== undefined && { 'content-type': 'application/json' }),
    ...request.headers,
  };
  const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
  const response = await fetch(`${base}/api/v1${path}`, { method, headers, ...(body !== undefined && { body }) });
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = response.headers.get('content-type')?.includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    json: isJson ? JSON.parse(bytes.toString()) : undefined,
    bytes,
  };
}
