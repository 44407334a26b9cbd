/**
 * The inbound request id: the header that carries it, and the only ids that are echoed back (in
 * error answers and, in the sample app, in logs): 1–128 characters of `A-Za-z0-9._:-`. Anything
 * else could smuggle text into answers or logs, so it is ignored.
 */
export const REQUEST_ID = {
  header: 'x-request-id',
  pattern: /^[A-Za-z0-9._:-]{1,128}$/,
} as const;

/** The inbound `x-request-id` when it matches {@link REQUEST_ID}'s pattern, else undefined. */
export function safeInboundRequestId(
  headers: Record<string, unknown> | undefined,
): string | undefined {
  const value = headers?.[REQUEST_ID.header];
  return typeof value === 'string' && REQUEST_ID.pattern.test(value) ? value : undefined;
}
