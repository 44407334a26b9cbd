import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { toDingTalkValidationError, validateConvFileInput } from '../dto/conv-file-input.validator';
import type { ConvFileApiName } from '../http/dingtalk-api.endpoints';

/**
 * A `ValidationPipe` that checks a request's query and body against the library's DTOs with the
 * rules {@link ConvFileService} applies to programmatic callers (unknown fields refused, first
 * broken rule per field), and throws the same {@link DingTalkValidationError}: REST callers get
 * the same `paramError.*` codes, message and `details`.
 */
export class ConvFileValidationPipe extends ValidationPipe {
  /** @param api the API whose input is checked, named in error messages as the service does. */
  constructor(private readonly api: ConvFileApiName) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => toDingTalkValidationError(errors, api),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // class-validator would check a JSON array as an empty object; refuse it as the service does.
    if (metadata.type === 'body' && metadata.metatype && Array.isArray(value)) {
      validateConvFileInput(metadata.metatype as new () => object, value, this.api);
    }
    return super.transform(value, metadata);
  }
}
