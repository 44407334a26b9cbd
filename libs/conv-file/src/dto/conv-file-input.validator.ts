import { DINGTALK_ENDPOINTS, type ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import {
  DingTalkValidationError,
  type DingTalkValidationIssue,
} from '../errors/dingtalk-validation.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import { dingTalkIdIssue } from './dingtalk-id.rules';

const MAX_FIELD_NAME_LENGTH = 64;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** DingTalk's own field-specific codes (seed pages); other fields get plain `paramError`. */
const FIELD_CODES: Readonly<Record<string, string>> = {
  spaceId: 'paramError.spaceId',
  dentryId: 'paramError.dentryId',
  openConversationId: 'paramError.conversationId',
};

/** Inputs this module checked already (REST requests), so the service does not check them again. */
const checked = new WeakMap<object, ConvFileApiName>();

/** One place an API's fields come from: the names it may hold and where it is, for messages. */
interface InputPart {
  value: unknown;
  fields: readonly string[];
  /** Named in the `isObject` issue when the part is not an object. */
  name: string;
}

/**
 * The one validation of convFile input, for programmatic callers: a flat object holding exactly
 * the API's fields (query and body together), each a DingTalk id. Judged on the object as given:
 * every own field that is not the API's is refused whatever its name (`__proto__`, `constructor`
 * …), values are never recursed into (a nested value is simply not a string), and an inherited
 * field does not count. Returns the checked fields or throws a {@link DingTalkValidationError}.
 */
export function validateConvFileInput(
  api: ConvFileApiName,
  input: unknown,
): Record<string, string> {
  if (input !== null && typeof input === 'object' && checked.get(input) === api) {
    return input as Record<string, string>;
  }
  const { query, body } = DINGTALK_ENDPOINTS[api];
  return validateParts(api, [{ value: input, fields: [...query, ...body], name: 'input' }]);
}

/**
 * The same validation for a REST request: the query may hold only the API's query parameters
 * and the body only its body fields. The result is marked as checked, so that
 * {@link validateConvFileInput} passes it through without a second pass.
 */
export function validateConvFileRequest(
  api: ConvFileApiName,
  query: Record<string, unknown>,
  body: unknown,
): Record<string, string> {
  const endpoint = DINGTALK_ENDPOINTS[api];
  const input = validateParts(api, [
    { value: query, fields: endpoint.query, name: 'query' },
    // A request without a body is read as an empty one: its fields are then reported missing.
    { value: body ?? {}, fields: endpoint.body, name: 'input' },
  ]);
  checked.set(input, api);
  return input;
}

function validateParts(api: ConvFileApiName, parts: InputPart[]): Record<string, string> {
  const issues: DingTalkValidationIssue[] = [];
  const input: Record<string, string> = {};
  for (const part of parts) {
    const value = part.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ field: part.name, rule: 'isObject', message: M.notAnObject });
      continue;
    }
    for (const field of part.fields) {
      const fieldValue = Object.hasOwn(value, field)
        ? (value as Record<string, unknown>)[field]
        : undefined;
      const issue = dingTalkIdIssue(field, fieldValue);
      if (issue) issues.push(issue);
      else input[field] = fieldValue as string;
    }
    for (const key of Object.keys(value)) {
      if (part.fields.includes(key)) continue;
      const field = printableFieldName(key);
      issues.push({ field, rule: 'whitelistValidation', message: M.unknownField(field) });
    }
  }
  if (issues.length > 0) throw validationError(issues, api);
  return input;
}

/**
 * What `toDingTalkValidationError` reads of a class-validator `ValidationError`: declared here so
 * that it takes Nest's `ValidationPipe` errors and class-validator's alike, of any version.
 */
export interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/**
 * Turns class-validator errors into the library's validation error, for a host app's
 * `ValidationPipe({ exceptionFactory: (errors) => toDingTalkValidationError(errors) })` on DTOs
 * using {@link IsDingTalkId}.
 */
export function toDingTalkValidationError(
  errors: ValidationErrorLike[],
  api?: ConvFileApiName,
): DingTalkValidationError {
  const issuesOf = (error: ValidationErrorLike): DingTalkValidationIssue[] => {
    const field = printableFieldName(error.property);
    const constraints = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      // class-validator quotes the raw property name; an unknown field's name is the caller's text.
      message: rule === 'whitelistValidation' ? M.unknownField(field) : message,
    }));
    return [...constraints, ...(error.children ?? []).flatMap(issuesOf)];
  };
  return validationError(errors.flatMap(issuesOf), api);
}

/**
 * The error for `details`, with the message and code every validation uses.
 * The code is DingTalk's field-specific one when exactly one known field is wrong and DingTalk
 * has a code for it, else `paramError`.
 */
export function validationError(
  details: DingTalkValidationIssue[],
  api: ConvFileApiName | undefined,
): DingTalkValidationError {
  const fields = new Set(details.map((issue) => issue.field));
  const [onlyField] = fields;
  const unknownField = details.some((issue) => issue.rule === 'whitelistValidation');
  const code =
    (fields.size === 1 && !unknownField && FIELD_CODES[onlyField]) || ConvFileErrorCodes.paramError;
  const message = M.invalidInput(
    api ?? 'request',
    details.map((issue) => issue.message),
  );
  return new DingTalkValidationError(message, { code, api, details });
}

/** A caller-chosen field name, made safe for messages, answers and logs: no control characters, bounded length. */
export function printableFieldName(name: string): string {
  const printable = name.replace(CONTROL_CHARACTERS, '?');
  return printable.length > MAX_FIELD_NAME_LENGTH
    ? `${printable.slice(0, MAX_FIELD_NAME_LENGTH)}…`
    : printable;
}
