/**
 * Every code a TallyError may carry, with the HTTP status a REST API answers it with. The list is
 * the single source: `ErrorCode` derives from it, so a mistyped code fails to compile.
 */
export const ERROR_CODES = {
  // 400: the request itself is wrong; sending it again unchanged fails again.
  company_name_individual: 400,
  idempotency_key_required: 400,
  invalid_json: 400,
  company_name_required: 400,
  invalid_amount: 400,
  invalid_month: 400,
  invalid_permissions: 400,
  invite_self: 400,
  nothing_to_change: 400,
  owner_only_permission: 400,
  remove_self: 400,
  ssh_key_invalid: 400,
  ssh_key_type: 400,
  ssh_private_key: 400,
  team_ambiguous: 400,
  team_name_reserved: 400,

  // 401: no API key, or one unknown or revoked.
  apikey_invalid: 401,

  // 402: the team cannot pay for it.
  insufficient_credits: 402,

  // 403: the caller may not do this (the Owner's rights, someone else's invitation).
  builtin_role: 403,
  invitation_not_yours: 403,
  not_operator: 403,
  not_owner: 403,
  owner_by_transfer: 403,
  owner_protected: 403,
  permission_denied: 403,
  personal_team: 403,

  // 404: nothing by that name among what the caller may see.
  apikey_not_found: 404,
  credit_note_not_found: 404,
  invitation_unknown: 404,
  top_up_request_unknown: 404,
  invite_unknown: 404,
  invoice_not_found: 404,
  no_team: 404,
  not_a_member: 404,
  person_unknown: 404,
  resource_not_found: 404,
  role_not_found: 404,
  ssh_key_not_found: 404,
  team_not_found: 404,
  unknown_offer: 404,
  unknown_os: 404,
  unknown_region: 404,
  route_not_found: 404,

  // 405, 413, 415: the REST API's refusals of a request's form (method, size, content type).
  method_not_allowed: 405,
  body_too_large: 413,
  unsupported_media_type: 415,

  // 409: conflicts with the current state, or already done.
  already_invited: 409,
  already_member: 409,
  already_owner: 409,
  apikey_name_taken: 409,
  autopay_not_set: 409,
  autopay_unavailable: 409,
  idempotency_in_progress: 409,
  idempotency_key_reused: 409,
  invitation_answered: 409,
  no_operators: 409,
  top_up_request_answered: 409,
  owner_cannot_leave: 409,
  resource_changed: 409,
  resource_name_taken: 409,
  resources_running: 409,
  role_in_use: 409,
  role_name_taken: 409,
  role_unchanged: 409,
  ssh_key_name_taken: 409,
  team_name_taken: 409,

  // 410: it existed but is over.
  invitation_expired: 410,
  top_up_request_expired: 410,
  invite_disabled: 410,
  invite_expired: 410,
  invite_used_up: 410,
  team_deleted: 410,

  // 422: well-formed, but the value is refused.
  adjustment_below_zero: 422,
  balance_limit: 422,
  credit_exceeds_invoice: 422,
  invalid_size: 422,
  invalid_threshold: 422,
  provider_refused: 422,
  top_up_limit: 422,
  ssh_key_weak: 422,
  validation_failed: 422,

  // 429: too many requests for now; the answer says when to try again.
  rate_limited: 429,

  // 503: Tally's own storage is not there; try again later.
  database_in_use: 503,
  database_unavailable: 503,
  payments_unavailable: 503,
  provider_unavailable: 503,
} as const satisfies Record<string, 400 | 401 | 402 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 503>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type HttpStatus = (typeof ERROR_CODES)[ErrorCode];

export function httpStatusOf(code: ErrorCode): HttpStatus {
  return ERROR_CODES[code];
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
