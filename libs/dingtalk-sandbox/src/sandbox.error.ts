import {
  SANDBOX_ERRORS,
  type SandboxErrorKey,
  type SandboxErrorTemplate,
} from './sandbox.messages';

/** Extra JSON fields DingTalk adds to some errors. */
export interface SandboxErrorDetail {
  requiredScopes: string[];
}

/** An error answer in DingTalk's v1.0 shape, thrown inside the sandbox and written by the server. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly accessDeniedDetail?: SandboxErrorDetail,
  ) {
    super(message);
    this.name = 'SandboxError';
  }

  /** The same error carrying DingTalk's `accessdenieddetail`. */
  withDetail(detail: SandboxErrorDetail): SandboxError {
    return new SandboxError(this.status, this.code, this.message, detail);
  }
}

function fill(template: string, args: readonly string[]): string {
  // Stryker disable next-line Regex: no template has ten placeholders, so {\d} would read the same.
  return template.replace(/\{(\d+)\}/g, (_match, index: string) => args[Number(index)] ?? '');
}

/** Builds the error of row `key` of {@link SANDBOX_ERRORS}, filling its placeholders with `args`. */
export function sandboxError(key: SandboxErrorKey, ...args: string[]): SandboxError {
  const row: SandboxErrorTemplate = SANDBOX_ERRORS[key];
  return new SandboxError(row.status, fill(row.code, args), fill(row.message, args));
}
