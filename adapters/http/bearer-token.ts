/** The token of an `Authorization: Bearer …` header (the scheme's case does not matter), or undefined. */
export function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
}
