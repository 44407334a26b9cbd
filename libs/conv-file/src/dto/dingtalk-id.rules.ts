import type { DingTalkValidationIssue } from '../errors/dingtalk-validation.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';

/** Longest id accepted: DingTalk ids are far shorter; anything longer is a mistake or an attack. */
export const MAX_ID_LENGTH = 128;

// C0 controls, DEL and C1 controls: never part of a DingTalk id, and a classic log-injection vector.
// Not global: a global regex keeps `lastIndex` between tests and would pass every other value.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export const isNotBlank = (value: string) => value.trim().length > 0;
export const hasNoControlCharacters = (value: string) => !CONTROL_CHARACTER.test(value);
/**
 * A decoder that met invalid UTF-8 leaves U+FFFD; a JSON `\ud800` escape leaves a lone surrogate.
 * Either way the id is not what the caller meant, and forwarding it would alter it.
 */
export const isWellFormed = (value: string) => !NOT_WELL_FORMED.test(value);
/** U+FFFD, or a surrogate that is not half of a pair (in `u` mode pairs are one code point). */
const NOT_WELL_FORMED = /[\ufffd\p{Cs}]/u;

/**
 * The rule a DingTalk id breaks first, or undefined: a required, non-blank string of at most
 * {@link MAX_ID_LENGTH} characters, without control characters, that is well-formed text.
 * The library's own one-pass validation uses it; `IsDingTalkId` applies the same rules, with the
 * same names, through class-validator. Kept apart from both so that neither needs the other's
 * packages.
 */
export function dingTalkIdIssue(
  field: string,
  value: unknown,
): DingTalkValidationIssue | undefined {
  if (value === undefined || value === null) {
    return { field, rule: 'isDefined', message: M.missingField(field) };
  }
  if (typeof value !== 'string') return { field, rule: 'isString', message: M.notAString(field) };
  if (!isNotBlank(value)) return { field, rule: 'isNotBlank', message: M.blank(field) };
  if (value.length > MAX_ID_LENGTH) {
    return { field, rule: 'maxLength', message: M.tooLong(field, MAX_ID_LENGTH) };
  }
  if (!hasNoControlCharacters(value)) {
    return { field, rule: 'noControlCharacters', message: M.controlCharacters(field) };
  }
  if (!isWellFormed(value)) return { field, rule: 'isWellFormed', message: M.notWellFormed(field) };
  return undefined;
}
