/** The codes the registry answers with; they live in the one registry, src/platform/errors.ts. */
import type { ErrorCode } from '../../../platform/errors.ts';

export type RegistryErrorCode = Extract<ErrorCode, `EB_${string}`> | 'AREA_NOT_FOUND';
