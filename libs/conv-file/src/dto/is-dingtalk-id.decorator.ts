import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, ValidateBy } from 'class-validator';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';

// C0 controls, DEL and C1 controls: never part of a DingTalk id, and a classic log-injection vector.
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

function hasControlCharacters(value: string): boolean {
  CONTROL_CHARACTERS.lastIndex = 0;
  return CONTROL_CHARACTERS.test(value);
}

/**
 * A required DingTalk id (unionId, spaceId, dentryId, openConversationId): a non-blank string of
 * at most {@link MAX_ID_LENGTH} characters without control characters.
 */
export function IsDingTalkId(): PropertyDecorator {
  return applyDecorators(
    IsDefined({ message: ({ property }) => DingTalkErrorMessages.missingField(property) }),
    IsString({ message: ({ property }) => DingTalkErrorMessages.notAString(property) }),
    ValidateBy({
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => DingTalkErrorMessages.blank(args?.property ?? 'value'),
      },
    }),
    MaxLength(MAX_ID_LENGTH, {
      message: ({ property }) => DingTalkErrorMessages.tooLong(property, MAX_ID_LENGTH),
    }),
    ValidateBy({
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !hasControlCharacters(value),
        defaultMessage: (args) =>
          DingTalkErrorMessages.controlCharacters(args?.property ?? 'value'),
      },
    }),
  );
}

/** {@link IsDingTalkId} plus its OpenAPI description, for DTO fields. */
export function DingTalkIdProperty(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, example, maxLength: MAX_ID_LENGTH }),
    IsDingTalkId(),
  );
}
