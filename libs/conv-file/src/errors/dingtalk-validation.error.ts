import { DingTalkError, type DingTalkErrorOptions } from './dingtalk.error';

/** One problem with one input field. */
export interface DingTalkValidationIssue {
  /** The field's name (`spaceId`, `unionId`, or an unknown field's name). */
  field: string;
  /** The rule it broke: `isDefined`, `isString`, `isNotBlank`, `maxLength`, `noControlCharacters`, `isWellFormed`, `whitelistValidation`, `isObject`. */
  rule: string;
  message: string;
}

export interface DingTalkValidationErrorOptions extends DingTalkErrorOptions {
  details: readonly DingTalkValidationIssue[];
}

/** The input was refused before any call to DingTalk. */
export class DingTalkValidationError extends DingTalkError {
  readonly details: readonly DingTalkValidationIssue[];

  constructor(message: string, options: DingTalkValidationErrorOptions) {
    super(message, options);
    this.details = options.details;
  }
}
