/**
 * One registry of error types. Each has a stable code, an HTTP status and a message
 * that says what to do. Handlers throw `appError(CODE, …)`; the HTTP layer turns it
 * into `{ error: { code, message, field?, details? } }` and never sends a stack trace.
 */

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid: check the named field.' },
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  CSRF_CHECK_FAILED: { status: 403, message: 'Cookie-authenticated changes must be sent as application/json from this site.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route: check the method and path (see /docs).' },
  URI_TOO_LONG: { status: 414, message: 'A path parameter is too long.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  MULTIPART_REQUIRED: { status: 415, message: 'This route takes an upload: send the body as multipart/form-data.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests: wait a moment and try again.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on the server; it has been logged.' },

  AUTH_REQUIRED: { status: 401, message: 'Log in first: send the session cookie or an Authorization: Bearer token.' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'Wrong username or password.' },
  AUTH_ACCOUNT_LOCKED: { status: 423, message: 'This account is locked after repeated failed logins; try again later or ask an administrator to unlock it.' },
  AUTH_ACCOUNT_DISABLED: { status: 403, message: 'This account is disabled; ask an administrator.' },
  AUTH_CENTER_REQUIRED: { status: 400, message: 'This username exists in several centers: send the center code too.' },
  PERMISSION_DENIED: { status: 403, message: 'You do not have the right to do this; ask an administrator for the role that grants it.' },
  PASSWORD_TOO_WEAK: { status: 400, message: 'Choose a password of at least 8 characters with letters and digits, not the username.' },
  PASSWORD_INCORRECT: { status: 400, message: 'The current password is wrong.' },

  CENTER_NOT_FOUND: { status: 404, message: 'No such center.' },
  CENTER_CODE_TAKEN: { status: 409, message: 'A center with this code exists already.' },
  USER_NOT_FOUND: { status: 404, message: 'No such user in this center.' },
  USERNAME_TAKEN: { status: 409, message: 'This username is taken in this center: choose another.' },
  USER_CANNOT_DISABLE_SELF: { status: 409, message: 'You cannot disable or demote your own account; ask another administrator.' },
  ROLE_NOT_FOUND: { status: 404, message: 'No such role in this center.' },
  ROLE_CODE_TAKEN: { status: 409, message: 'A role with this code exists already.' },
  ROLE_BUILTIN_READONLY: { status: 409, message: 'Built-in roles are defined by the modules and cannot be edited or deleted; create a custom role instead.' },
  ROLE_IN_USE: { status: 409, message: 'This role is still held by users: take it from them first.' },
  PERMISSION_UNKNOWN: { status: 400, message: 'Unknown permission: see GET /api/permissions for the list.' },
  DEPARTMENT_NOT_FOUND: { status: 404, message: 'No such department in this center.' },
  DEPARTMENT_CODE_TAKEN: { status: 409, message: 'A department with this code exists already.' },
  DEPARTMENT_IN_USE: { status: 409, message: 'Users still belong to this department: move them first.' },
  RESIDENT_ACCOUNT_NOT_FOUND: { status: 404, message: 'No such resident account in this center.' },
  RESIDENT_ACCOUNT_NAME_TAKEN: { status: 409, message: 'A resident account with this name exists already.' },
  AREA_NOT_FOUND: { status: 404, message: 'No such area code in this center.' },
  AUDIT_ENTRY_NOT_FOUND: { status: 404, message: 'No such audit entry.' },
  JOB_NOT_FOUND: { status: 404, message: 'No such job.' },
  JOB_NOT_DEAD: { status: 409, message: 'Only a dead job (out of attempts) can be retried.' },

  // Newsroom
  MANUSCRIPT_NOT_FOUND: { status: 404, message: 'No such manuscript (or you may not see it).' },
  MANUSCRIPT_LOCKED: { status: 409, message: 'Someone else is editing this manuscript; take over the lock to edit (they will be told).' },
  MANUSCRIPT_VERSION_CONFLICT: { status: 409, message: 'The manuscript changed since you opened it: reload, then try again.' },
  MANUSCRIPT_SIGNED_OFF: { status: 409, message: 'A signed-off manuscript cannot be edited in place: publish a correction instead.' },
  MANUSCRIPT_NOT_EDITABLE: { status: 409, message: 'This manuscript cannot be edited in its current state.' },
  VERSION_NOT_FOUND: { status: 404, message: 'No such version of this manuscript.' },
  REVIEW_INVALID_TRANSITION: { status: 409, message: 'This review action is not possible in the manuscript\'s current state.' },
  REVIEW_LEVEL_FORBIDDEN: { status: 403, message: 'You do not hold the review level this manuscript waits for.' },
  REVIEW_OWN_WORK: { status: 403, message: 'You cannot approve your own manuscript; another reviewer must.' },
  REVIEW_REASON_REQUIRED: { status: 400, message: 'Give a reason to return or reject a manuscript.' },
  RETRACTION_NOT_REQUESTED: { status: 409, message: 'No retraction has been requested for this manuscript.' },
  SAFETY_BLOCKED: { status: 409, message: 'Content-safety findings of level "block" stop sign-off: fix the text, or a leader overrides with a reason.' },
  SAFETY_RULES_VERSION_CONFLICT: { status: 409, message: 'The safety rules changed since you opened them: reload and apply your changes again.' },
  SAFETY_RULES_VERSION_NOT_FOUND: { status: 404, message: 'No such version of the safety rules.' },
  COLUMN_NOT_FOUND: { status: 404, message: 'No such column in this center.' },
  COLUMN_CODE_TAKEN: { status: 409, message: 'A column with this code exists already.' },
  PLAN_NOT_FOUND: { status: 404, message: 'No such story plan in this center.' },
  PLAN_INVALID_TRANSITION: { status: 409, message: 'This is not possible for the story plan in its current state.' },
  PLAN_REASON_REQUIRED: { status: 400, message: 'Give a reason to reject or cancel a story plan.' },
  PLAN_NOT_EDITABLE: { status: 403, message: 'Only its proposer may change a proposed plan, and only deciders once it is approved.' },

  // Media library
  MEDIA_NOT_FOUND: { status: 404, message: 'No such media file (or you may not see it).' },
  MEDIA_TYPE_NOT_ALLOWED: { status: 415, message: 'This kind of file is not accepted: upload images, audio, video, PDF or Office documents.' },
  MEDIA_TYPE_MISMATCH: { status: 415, message: 'The file name says one type but the content is another: check the file.' },
  MEDIA_TOO_LARGE: { status: 413, message: 'The file is larger than allowed for its kind.' },
  MEDIA_UNREADABLE: { status: 422, message: 'The media file is damaged or cannot be read.' },
  MEDIA_IN_USE: { status: 409, message: 'Manuscripts still use this file: remove it from them first.' },

  // Emergency broadcast
  EB_BROADCAST_NOT_FOUND: { status: 404, message: 'No such broadcast in this center.' },
  EB_APPROVER_IS_AUTHOR: { status: 403, message: 'A real broadcast needs two people: someone other than its author must approve it.' },
  EB_INVALID_TRANSITION: { status: 409, message: 'This is not possible for the broadcast in its current state.' },
  EB_TIME_WINDOW_INVALID: { status: 400, message: 'The broadcast must end after it starts, and end in the future.' },
  EB_SIGNING_KEY_MISSING: { status: 503, message: "The platform's signing key is not available: run `rongmei eb key rotate` or check DATA_DIR/keys." },
  EB_RESOURCE_NOT_FOUND: { status: 404, message: 'No such broadcast resource in this center.' },
  EB_EBRID_INVALID: { status: 400, message: 'The resource code (EBRID) is not one this registry keeps: 23 digits = level + 12-digit area + type 0101/0314 + seq + subtype 01/02/04 + seq 01–99 (GD/J 080).' },
  EB_EBRID_AREA_MISMATCH: { status: 400, message: 'The EBRID\'s level and area digits must be those of the resource\'s area: a resource moved to another area needs a new EBRID.' },
  EB_KIND_MISMATCH: { status: 400, message: 'The kind does not fit the EBRID\'s type and subtype (0101/01 platform, 0314/01 front-end, 0314/02 adapter, 0314/04 terminal or loudspeaker).' },
  EB_EBRID_TAKEN: { status: 409, message: 'Another resource of this center has this EBRID: choose a free sequence number.' },
  EB_PHYSICAL_ID_TAKEN: { status: 409, message: 'Another resource of this center has this physical id: one device is registered once.' },
  EB_PARENT_INVALID: { status: 400, message: 'This resource cannot hang under that parent: front-ends under the platform, adapters under a front-end, terminals under an adapter or front-end, loudspeakers under a terminal, all within the parent\'s area.' },
  EB_RESOURCE_HAS_CHILDREN: { status: 409, message: 'Resources still hang under this one: move or retire them first.' },
  EB_IMPORT_INVALID: { status: 400, message: 'The CSV has problems, listed in error.details.problems as { row, field, message }; nothing was changed. Fix them and import again.' },
  EB_SEQUENCE_EXHAUSTED: { status: 409, message: 'All 9,999 broadcast numbers of today are used.' },
  EB_AREA_NOT_GRANTED: { status: 403, message: 'A town or village operator broadcasts only inside their own area and with a right the county grants (GD/J 088); the message names the area and what is missing: ask the county platform for a grant.' },
  EB_GRANT_NOT_FOUND: { status: 404, message: 'No such broadcast right (grant) in this center.' },
  EB_AREA_LEVEL_INVALID: { status: 400, message: 'Scopes and grants name a town or village of this center; the county level needs neither.' },
  EB_TTS_FAILED: { status: 503, message: 'Text-to-speech failed: check that espeak-ng and ffmpeg are installed (apt-get install espeak-ng ffmpeg) or set EB_TTS_ENGINE; or upload a recording instead.' },
  EB_AUDIO_NOT_FOUND: { status: 404, message: 'No such broadcast audio in this center: generate, upload or record it first.' },
  EB_AUDIO_UNREADABLE: { status: 422, message: 'The audio file is damaged or is not audio: upload an MP3, WAV, OGG, WebM or M4A recording.' },
  EB_AUDIO_TOO_LARGE: { status: 413, message: 'The audio file is too large for a broadcast: shorten it or lower its bit rate.' },
  EB_AUDIO_DRILL_MISMATCH: { status: 409, message: 'Drill speech begins and ends with the drill slate and real-send speech has none: generate the speech again for this broadcast type.' },
  EB_AUDIO_TOO_LONG: { status: 422, message: 'The audio is too long for a broadcast: keep it under the limit named in the message.' },
  EB_INBOUND_NOT_FOUND: { status: 404, message: 'No such incoming alert in this center.' },
  EB_INBOUND_NOT_ADOPTABLE: { status: 409, message: 'Only a new incoming alert (not refused, adopted, dismissed, or a cancel) can be adopted or dismissed.' },
  EB_INBOUND_NO_LOCAL_AREA: { status: 409, message: 'The incoming alert names none of this center\'s areas: there is nothing here to broadcast it to.' },
  EB_EBD_DESTINATION_UNKNOWN: { status: 404, message: 'No platform here matches the package\'s DEST/EBRID (or the center code in the URL): check the receiver address.' },
  EB_EBD_PART_MISSING: { status: 400, message: 'Send the package as multipart/form-data with one file part EBDT_<EBDID>.tar (GD/J 083).' },
  EB_CERT_INVALID: { status: 400, message: 'The certificate is not valid: serial 12 hex digits, SM2 public key 04‖x‖y (130 hex digits) on the curve, validFrom before validTo.' },
  EB_CERT_TAKEN: { status: 409, message: 'A certificate with this serial is trusted already: revoke it and use a new serial.' },
  EB_CERT_NOT_FOUND: { status: 404, message: 'No trusted certificate with this serial in this center.' },
  EB_INBOUND_SENDER_NOT_FOUND: { status: 404, message: 'No peer sender with this EBRID has sent packages to this center (or it was reset already): nothing to reset.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

/** An expected failure: it carries a stable code and reaches the client as is. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field) error.field = this.field;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

/** Builds an AppError; `opts.field` names the input at fault. */
export function appError(code: ErrorCode, opts: { message?: string; field?: string; details?: unknown } = {}): AppError {
  return new AppError(code, opts.message, opts.field, opts.details);
}
