import {
  isDingTalkFailure,
  isParamErrorCode,
  throttlingWindowSeconds,
} from './dingtalk-error.codes';

describe('isDingTalkFailure', () => {
  it.each([
    ['a 500 with any code', 'InternalError', 500],
    ['a 503 with any code', 'ServiceUnavailable', 503],
    ['systemError with a 400', 'systemError', 400],
    ['system.error with a 400', 'system.error', 400],
    ['unknownError with a 200', 'unknownError', 200],
  ])('counts %s as a failure of DingTalk', (_case, code, status) => {
    expect(isDingTalkFailure(code, status)).toBe(true);
  });

  it.each([
    ['a 499', 'InternalError', 499],
    ['a refused parameter', 'paramError', 400],
    ['a throttling answer', 'Forbidden.AccessDenied.QpsLimitForApi', 403],
  ])('does not count %s as a failure of DingTalk', (_case, code, status) => {
    expect(isDingTalkFailure(code, status)).toBe(false);
  });
});

describe('throttlingWindowSeconds', () => {
  it('reads the window of per-second and per-minute throttling, and nothing else', () => {
    expect(throttlingWindowSeconds('Forbidden.AccessDenied.QpsLimitForApi')).toBe(1);
    expect(throttlingWindowSeconds('Forbidden.AccessDenied.QpmLimitForAppkeyAndApi')).toBe(60);
    expect(throttlingWindowSeconds('Forbidden.AccessDenied.ApiCountLimitForOrg')).toBeUndefined();
  });
});

describe('isParamErrorCode', () => {
  it('matches paramError and its per-field codes, not codes that merely start alike', () => {
    expect(isParamErrorCode('paramError')).toBe(true);
    expect(isParamErrorCode('paramError.spaceId')).toBe(true);
    expect(isParamErrorCode('paramErrorX')).toBe(false);
  });
});
