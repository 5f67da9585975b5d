/**
 * The registry's error codes. They belong in the platform's one registry
 * (src/platform/errors.ts, section "Emergency broadcast"); until they are listed there,
 * {@link registryError} answers with the same code, status and message through a
 * stand-in AppError, so clients and tests see the final behaviour either way.
 */
import { AppError, appError, ERRORS, type ErrorCode } from '../../../platform/errors.ts';

/** To be merged into ERRORS in src/platform/errors.ts. */
export const REGISTRY_ERRORS = {
  EB_RESOURCE_NOT_FOUND: { status: 404, message: 'No such broadcast resource in this center.' },
  EB_EBRID_INVALID: { status: 400, message: 'The resource code (EBRID) is not one this registry keeps: 23 digits = level + 12-digit area + type 0101/0314 + seq + subtype 01/02/04 + seq 01–99 (GD/J 080).' },
  EB_EBRID_AREA_MISMATCH: { status: 400, message: 'The EBRID\'s level and area digits must be those of the resource\'s area: a resource moved to another area needs a new EBRID.' },
  EB_KIND_MISMATCH: { status: 400, message: 'The kind does not fit the EBRID\'s type and subtype (0101/01 platform, 0314/01 front-end, 0314/02 adapter, 0314/04 terminal or loudspeaker).' },
  EB_EBRID_TAKEN: { status: 409, message: 'Another resource of this center has this EBRID: choose a free sequence number.' },
  EB_PHYSICAL_ID_TAKEN: { status: 409, message: 'Another resource of this center has this physical id: one device is registered once.' },
  EB_PARENT_INVALID: { status: 400, message: 'This resource cannot hang under that parent: front-ends under the platform, adapters under a front-end, terminals under an adapter or front-end, loudspeakers under a terminal, all within the parent\'s area.' },
  EB_RESOURCE_HAS_CHILDREN: { status: 409, message: 'Resources still hang under this one: move or retire them first.' },
  EB_IMPORT_INVALID: { status: 400, message: 'The CSV has problems, listed in error.details.problems as { row, field, message }; nothing was changed. Fix them and import again.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code of {@link REGISTRY_ERRORS}. */
export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

const STAND_IN: Record<number, ErrorCode> = { 400: 'BAD_REQUEST', 404: 'ROUTE_NOT_FOUND', 409: 'CENTER_CODE_TAKEN' };

/** An AppError of a code not yet in the platform registry: right status, own code in the body. */
class PendingCodeError extends AppError {
  constructor(readonly registryCode: RegistryErrorCode, message: string, field?: string, details?: unknown) {
    super(STAND_IN[REGISTRY_ERRORS[registryCode].status]!, message, field, details);
  }

  override toBody() {
    const body = super.toBody();
    body.error.code = this.registryCode;
    return body;
  }
}

/** Builds the error for a registry or platform code; `field` names the input at fault. */
export function registryError(code: RegistryErrorCode | ErrorCode, opts: { message?: string; field?: string; details?: unknown } = {}): AppError {
  if (code in ERRORS) return appError(code as ErrorCode, opts);
  const c = code as RegistryErrorCode;
  return new PendingCodeError(c, opts.message ?? REGISTRY_ERRORS[c].message, opts.field, opts.details);
}

/** The code a client sees for this error (the registry code while it is pending). */
export function clientCode(err: AppError): string {
  return err.toBody().error.code;
}
