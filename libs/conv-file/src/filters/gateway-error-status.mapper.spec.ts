import { HttpException, InternalServerErrorException } from '@nestjs/common';
import { GatewayMessages } from '../messages/gateway.messages';
import { toGatewayHttpAnswer } from './gateway-error-status.mapper';

/** An error in the `http-errors` convention of Express's body parser. */
function httpError(status: number, expose: boolean): Error {
  return Object.assign(new Error(`http error ${status}`), { status, statusCode: status, expose });
}

const SYSTEM_ERROR = {
  status: 500,
  body: { code: 'systemError', message: 'Internal server error' },
};

describe('toGatewayHttpAnswer: statuses at the edges of 4xx and 5xx', () => {
  it('answers an HttpException of 500, which the table does not list, as systemError', () => {
    expect(toGatewayHttpAnswer(new InternalServerErrorException('db password in here'))).toEqual(
      SYSTEM_ERROR,
    );
  });

  it('answers a 5xx HttpException the table does not list as systemError, keeping its status', () => {
    expect(toGatewayHttpAnswer(new HttpException('x', 507))).toEqual({
      ...SYSTEM_ERROR,
      status: 507,
    });
  });

  it("keeps the body parser's 400 (malformed JSON), the lowest status it exposes", () => {
    const malformed = Object.assign(httpError(400, true), { type: 'entity.parse.failed' });

    expect(toGatewayHttpAnswer(malformed)).toEqual({
      status: 400,
      body: { code: 'paramError', message: GatewayMessages.malformedRequest },
    });
  });

  it('keeps the last 4xx status an exposed error may carry', () => {
    expect(toGatewayHttpAnswer(httpError(499, true))).toEqual({
      status: 499,
      body: { code: 'requestError', message: 'The request was refused (HTTP 499)' },
    });
  });

  it.each([
    ['a 3xx', 399],
    ['a 5xx', 503],
  ])('treats %s marked exposed as unexpected: only 4xx statuses pass through', (_case, status) => {
    expect(toGatewayHttpAnswer(httpError(status, true))).toEqual(SYSTEM_ERROR);
  });

  it('treats a plain object with status and expose as unexpected: it is no Error', () => {
    expect(toGatewayHttpAnswer({ status: 413, expose: true })).toEqual(SYSTEM_ERROR);
  });
});
