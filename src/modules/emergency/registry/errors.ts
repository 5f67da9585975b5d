/**
 * The registry's errors. Its codes (EB_RESOURCE_NOT_FOUND, EB_EBRID_INVALID, …) live in
 * the platform's one registry, src/platform/errors.ts; this keeps the module's name for
 * building them.
 */
import { appError, type AppError, type ErrorCode } from '../../../platform/errors.ts';

/** A code the registry answers with. */
export type RegistryErrorCode = Extract<ErrorCode, `EB_${string}`> | 'AREA_NOT_FOUND';

/** Builds the error for a code; `field` names the input at fault. */
export function registryError(code: ErrorCode, opts: { message?: string; field?: string; details?: unknown } = {}): AppError {
  return appError(code, opts);
}

/** The code a client sees for this error. */
export function clientCode(err: AppError): string {
  return err.code;
}
