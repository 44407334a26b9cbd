/**
 * A string with more than white space in it. World files, admin bodies, requests and JavaScript
 * callers may pass anything: a number, null or '  ' is not a name, an id or a ticket.
 */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A JSON object: not null, not an array. Bodies, answers and world entries are all read as one. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
