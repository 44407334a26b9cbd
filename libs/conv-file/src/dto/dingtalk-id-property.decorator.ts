import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from './dingtalk-id.rules';

/**
 * A DingTalk id field of a route's body, described for OpenAPI. Documentation only: the routes
 * check each request with the library's own validation, so these DTOs need no class-validator.
 */
export function DingTalkIdProperty(description: string, example: string): PropertyDecorator {
  return ApiProperty({ description, example, maxLength: MAX_ID_LENGTH });
}
