import type { DingTalkValidationIssue } from '../errors/dingtalk-validation.error';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One refused input field; documents {@link DingTalkValidationIssue} in OpenAPI. */
export class DingTalkValidationIssueDto implements DingTalkValidationIssue {
  @ApiProperty({ description: 'The field.', example: 'spaceId' })
  field!: string;

  @ApiProperty({
    description:
      'The rule it broke: isDefined, isString, isNotBlank, maxLength, noControlCharacters, isWellFormed, whitelistValidation (unknown field), isObject.',
    example: 'isNotBlank',
  })
  rule!: string;

  @ApiProperty({ example: 'spaceId must not be empty or blank' })
  message!: string;
}

/** DingTalk's v1.0 error body, used for every error answer (exported as the type `DingTalkErrorBody`). */
export class DingTalkErrorBodyDto {
  @ApiProperty({
    description:
      "DingTalk's error code (paramError.spaceId, permissionDenied, …) or this service's own (upstreamTimeout, unauthorized, …). Branch on it, not on the status.",
    example: 'paramError.spaceId',
  })
  code!: string;

  @ApiProperty({ example: 'Invalid SendLink input: spaceId must not be empty or blank' })
  message!: string;

  @ApiPropertyOptional({
    description: "DingTalk's request id when DingTalk answered, else this request's x-request-id.",
    example: '7B4D3E2A-0C1F-4F7A-9E55-2D8C1B0A6F31',
  })
  requestid?: string;

  @ApiPropertyOptional({
    description: 'Why DingTalk refused the app, e.g. the scopes it lacks.',
    example: { requiredScopes: ['ConvFile.File.Send'] },
    type: 'object',
    additionalProperties: true,
  })
  accessdenieddetail?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Each refused input field (validation errors only).',
    type: [DingTalkValidationIssueDto],
  })
  details?: readonly DingTalkValidationIssueDto[];
}
