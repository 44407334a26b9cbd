import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsString, MaxLength, ValidateBy } from 'class-validator';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import {
  hasNoControlCharacters,
  isNotBlank,
  isWellFormed,
  MAX_ID_LENGTH,
} from './dingtalk-id.rules';

/**
 * class-validator decorator for a DingTalk id field of your own DTOs (same rules and rule names
 * as the library's validation, {@link dingTalkIdIssue}); pair it with
 * `exceptionFactory: toDingTalkValidationError`. Exported by `@nest-dingtalk/conv-file/validation`,
 * the only entry point that loads class-validator.
 */
export function IsDingTalkId(): PropertyDecorator {
  const rule = (name: string, test: (value: string) => boolean, message: (f: string) => string) =>
    ValidateBy({
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && test(value),
        // Stryker disable next-line StringLiteral: class-validator always passes the arguments, with the property's name
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
