import { REQUEST_ID } from './request-id.constants';

/** The inbound `x-request-id` when it matches {@link REQUEST_ID}'s pattern, else undefined. */
export function safeInboundRequestId(
  headers: Record<string, unknown> | undefined,
): string | undefined {
  const value = headers?.[REQUEST_ID.header];
  return typeof value === 'string' && REQUEST_ID.pattern.test(value) ? value : undefined;
}
