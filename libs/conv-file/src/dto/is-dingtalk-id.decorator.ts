import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, ValidateBy } from 'class-validator';
import type { DingTalkValidationIssue } from '../errors/dingtalk-validation.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';

/** Longest id accepted: DingTalk ids are far shorter; anything longer is a mistake or an attack. */
export const MAX_ID_LENGTH = 128;

// C0 controls, DEL and C1 controls: never part of a DingTalk id, and a classic log-injection vector.
// Not global: a global regex keeps `lastIndex` between tests and would pass every other value.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const isNotBlank = (value: string) => value.trim().length > 0;
const hasNoControlCharacters = (value: string) => !CONTROL_CHARACTER.test(value);
/**
 * A decoder that met invalid UTF-8 leaves U+FFFD; a JSON `\ud800` escape leaves a lone surrogate.
 * Either way the id is not what the caller meant, and forwarding it would alter it.
 */
const isWellFormed = (value: string) => !NOT_WELL_FORMED.test(value);
/** U+FFFD, or a surrogate that is not half of a pair (in `u` mode pairs are one code point). */
const NOT_WELL_FORMED = /[\ufffd\p{Cs}]/u;

/**
 * The rule a DingTalk id breaks first, or undefined: a required, non-blank string of at most
 * {@link MAX_ID_LENGTH} characters, without control characters, that is well-formed text.
 * The same rules as {@link IsDingTalkId}, for the library's own one-pass validation.
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

/**
 * class-validator decorator for a DingTalk id field of your own DTOs (same rules and rule names
 * as the library's validation); pair it with `exceptionFactory: toDingTalkValidationError`.
 */
export function IsDingTalkId(): PropertyDecorator {
  const rule = (name: string, test: (value: string) => boolean, message: (f: string) => string) =>
    ValidateBy({
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && test(value),
        defaultMessage: (args) => message(args?.property ?? 'value'),
      },
    });
  return applyDecorators(
    IsDefined({ message: ({ property }) => M.missingField(property) }),
    IsString({ message: ({ property }) => M.notAString(property) }),
    rule('isNotBlank', isNotBlank, M.blank),
    MaxLength(MAX_ID_LENGTH, { message: ({ property }) => M.tooLong(property, MAX_ID_LENGTH) }),
    rule('noControlCharacters', hasNoControlCharacters, M.controlCharacters),
    rule('isWellFormed', isWellFormed, M.notWellFormed),
  );
}

/** {@link IsDingTalkId} plus its OpenAPI description, for DTO fields. */
export function DingTalkIdProperty(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, example, maxLength: MAX_ID_LENGTH }),
    IsDingTalkId(),
  );
}
