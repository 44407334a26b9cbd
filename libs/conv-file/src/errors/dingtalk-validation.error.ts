import { DingTalkError, type DingTalkErrorContext } from './dingtalk.error';

/** One problem with one input field. */
export interface DingTalkValidationIssue {
  /** The field's name (`spaceId`, `unionId`, or an unknown field's name). */
  field: string;
  /** The rule it broke: `isDefined`, `isString`, `isNotBlank`, `maxLength`, `noControlCharacters`, `whitelistValidation`, `isObject`. */
  rule: string;
  message: string;
}

/** The input was refused before any call to DingTalk. */
export class DingTalkValidationError extends DingTalkError {
  readonly details: readonly DingTalkValidationIssue[];

  constructor(
    code: string,
    message: string,
    details: DingTalkValidationIssue[],
    context?: DingTalkErrorContext,
  ) {
    super(code, message, context);
    this.details = details;
  }
}
