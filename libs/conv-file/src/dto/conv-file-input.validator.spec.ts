import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import { validateConvFileInput, validateConvFileRequest } from './conv-file-input.validator';

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
