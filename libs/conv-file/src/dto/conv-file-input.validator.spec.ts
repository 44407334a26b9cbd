import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import {
  printableFieldName,
  toDingTalkValidationError,
  validateConvFileInput,
  validateConvFileRequest,
} from './conv-file-input.validator';

/** The error `attempt` throws. */
function validationErrorOf(attempt: () => unknown): DingTalkValidationError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DingTalkValidationError);
    return error as DingTalkValidationError;
  }
  throw new Error('the input was accepted');
}

describe('convFile input is validated once', () => {
  it('a request checked by the REST layer passes the service without a second pass', () => {
    const checked = validateConvFileRequest(
      'SendByApp',
      { unionId: 'u' },
      { spaceId: 's', dentryId: 'd' },
    );

    expect(validateConvFileInput('SendByApp', checked)).toBe(checked);
  });

  it('a checked request is checked again for another API', () => {
    const checked = validateConvFileRequest(
      'SendByApp',
      { unionId: 'u' },
      { spaceId: 's', dentryId: 'd' },
    );

    expect(() => validateConvFileInput('Send', checked)).toThrow(DingTalkValidationError);
  });

  it('an object a caller built is always checked, even with the same fields', () => {
    const input = { unionId: 'u', spaceId: 's', dentryId: 'd' };
    const result = validateConvFileInput('SendByApp', input);

    expect(result).toEqual(input);
    expect(result).not.toBe(input);
  });

  it('reports every problem of every part at once, each naming its field', () => {
    const attempt = () =>
      validateConvFileRequest('SendLink', { unionId: ' ', extra: 'x' }, { spaceId: 5 });

    let error: unknown;
    try {
      attempt();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toEqual(
      expect.objectContaining({
        code: 'paramError',
        details: [
          expect.objectContaining({ field: 'unionId', rule: 'isNotBlank' }),
          expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' }),
          expect.objectContaining({ field: 'spaceId', rule: 'isString' }),
          expect.objectContaining({ field: 'dentryId', rule: 'isDefined' }),
          expect.objectContaining({ field: 'openConversationId', rule: 'isDefined' }),
        ],
      }),
    );
  });
});

describe('convFile input validation, in detail', () => {
  it("names the service's input, when it is not an object, 'input'", () => {
    expect(validationErrorOf(() => validateConvFileInput('SendByApp', null))).toMatchObject({
      message: 'Invalid SendByApp input: the input must be an object',
      details: [{ field: 'input', rule: 'isObject' }],
    });
  });

  it("names a REST request's query, when it is not an object, 'query'", () => {
    const error = validationErrorOf(() =>
      validateConvFileRequest('SendByApp', ['u'] as unknown as Record<string, unknown>, {
        spaceId: 's',
        dentryId: 'd',
      }),
    );

    expect(error.details).toEqual([
      { field: 'query', rule: 'isObject', message: 'the input must be an object' },
    ]);
  });

  it("gives DingTalk's field code only when no unknown field is among the problems of that one field", () => {
    const error = validationErrorOf(() =>
      validateConvFileRequest(
        'SendByApp',
        { unionId: 'u', spaceId: 's' },
        { spaceId: ' ', dentryId: 'd' },
      ),
    );

    expect(error.details.map((issue) => issue.rule)).toEqual(['whitelistValidation', 'isNotBlank']);
    expect(error.code).toBe('paramError');
    expect(
      validationErrorOf(() =>
        validateConvFileInput('SendByApp', { unionId: 'u', spaceId: ' ', dentryId: 'd' }),
      ).code,
    ).toBe('paramError.spaceId');
  });

  it('keeps a field name of 64 characters whole, and cuts a longer one with an ellipsis', () => {
    expect(printableFieldName('f'.repeat(64))).toBe('f'.repeat(64));
    expect(printableFieldName('f'.repeat(65))).toBe(`${'f'.repeat(64)}…`);
    expect(printableFieldName('a\u0000b\u007fc\u009fd\ne')).toBe('a?b?c?d?e');
  });

  describe("toDingTalkValidationError (a host app's class-validator errors)", () => {
    it("replaces class-validator's message for an unknown field, which quotes the raw name", () => {
      const error = toDingTalkValidationError([
        {
          property: 'evil\nname',
          constraints: { whitelistValidation: 'property evil\nname should not exist' },
        },
      ]);

      expect(error.details).toEqual([
        {
          field: 'evil?name',
          rule: 'whitelistValidation',
          message: 'evil?name is not a known field',
        },
      ]);
      expect(error.code).toBe('paramError');
    });

    it('keeps the other messages, reads nested errors, and names no API as request', () => {
      const error = toDingTalkValidationError([
        {
          property: 'spaceId',
          constraints: { isNotBlank: 'spaceId must not be empty or blank' },
          children: [{ property: 'inner', constraints: { isString: 'inner must be a string' } }],
        },
      ]);

      expect(error.message).toBe(
        'Invalid request input: spaceId must not be empty or blank; inner must be a string',
      );
      expect(error.details.map((issue) => issue.field)).toEqual(['spaceId', 'inner']);
    });

    it("gives DingTalk's field code for one known field, and names the API when given", () => {
      const error = toDingTalkValidationError(
        [
          {
            property: 'spaceId',
            constraints: { isNotBlank: 'spaceId must not be empty or blank' },
          },
        ],
        'GetSpace',
      );

      expect(error).toMatchObject({
        code: 'paramError.spaceId',
        api: 'GetSpace',
        message: 'Invalid GetSpace input: spaceId must not be empty or blank',
      });
    });
  });
});
