import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { CONTROL_CHARACTERS } from './is-dingtalk-id.decorator';
import {
  DingTalkValidationError,
  type DingTalkValidationIssue,
} from '../errors/dingtalk-validation.error';
import type { ConvFileApiName } from '../http/dingtalk-api.endpoints';

const MAX_FIELD_NAME_LENGTH = 64;

/** DingTalk's own field-specific codes (seed pages); other fields get plain `paramError`. */
const FIELD_CODES: Readonly<Record<string, string>> = {
  spaceId: 'paramError.spaceId',
  dentryId: 'paramError.dentryId',
  openConversationId: 'paramError.conversationId',
};

/**
 * Checks `input` against the DTO class before anything is sent: required non-blank strings,
 * a length cap, no control characters, no unknown fields. Returns a DTO instance holding only
 * the checked fields, or throws a {@link DingTalkValidationError} naming each field and rule.
 */
export function validateConvFileInput<T extends object>(
  dto: new () => T,
  input: unknown,
  api: ConvFileApiName,
): T {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const issue = { field: 'input', rule: 'isObject', message: DingTalkErrorMessages.notAnObject };
    throw new DingTalkValidationError(
      ConvFileErrorCodes.paramError,
      DingTalkErrorMessages.invalidInput(api, [issue.message]),
      [issue],
      { api },
    );
  }
  const instance = plainToInstance(dto, input);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw toDingTalkValidationError(errors, api);
  return instance;
}

/**
 * Turns class-validator errors into the library's validation error. The code is DingTalk's
 * field-specific one when exactly one known field is wrong and DingTalk has a code for it, else `paramError`.
 * Also usable as a `ValidationPipe` `exceptionFactory`.
 */
export function toDingTalkValidationError(
  errors: ValidationError[],
  api?: ConvFileApiName,
): DingTalkValidationError {
  const details = errors.flatMap(issuesOf);
  const fields = new Set(details.map((issue) => issue.field));
  const [onlyField] = fields;
  const unknownField = details.some((issue) => issue.rule === 'whitelistValidation');
  const code =
    (fields.size === 1 && !unknownField && FIELD_CODES[onlyField]) || ConvFileErrorCodes.paramError;
  const message = DingTalkErrorMessages.invalidInput(
    api ?? 'request',
    details.map((issue) => issue.message),
  );
  return new DingTalkValidationError(code, message, details, { api });
}

function issuesOf(error: ValidationError): DingTalkValidationIssue[] {
  const field = printableFieldName(error.property);
  const constraints = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
    field,
    rule,
    // class-validator quotes the raw property name; an unknown field's name is the caller's text.
    message: rule === 'whitelistValidation' ? DingTalkErrorMessages.unknownField(field) : message,
  }));
  return [...constraints, ...(error.children ?? []).flatMap(issuesOf)];
}

/** A caller-chosen field name, made safe for messages, answers and logs: no control characters, bounded length. */
function printableFieldName(name: string): string {
  const printable = name.replace(CONTROL_CHARACTERS, '?');
  return printable.length > MAX_FIELD_NAME_LENGTH
    ? `${printable.slice(0, MAX_FIELD_NAME_LENGTH)}…`
    : printable;
}
