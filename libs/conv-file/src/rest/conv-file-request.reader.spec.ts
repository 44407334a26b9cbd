import { UnsupportedMediaTypeException } from '@nestjs/common';
import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import { readConvFileRequest, type ConvFileHttpRequest } from './conv-file-request.reader';

const BODY = { spaceId: 's', dentryId: 'd' };
const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': '30' };

/** A SendByApp request: `unionId` in the query, the rest in the body. */
const read = (request: Partial<ConvFileHttpRequest>) =>
  readConvFileRequest<Record<string, string>>('SendByApp', {
    url: '/send?unionId=u',
    headers: JSON_HEADERS,
    body: BODY,
    ...request,
  });

/** The fields validation named, or 'valid'. */
const issues = (request: Partial<ConvFileHttpRequest>) => {
  try {
    read(request);
    return 'valid';
  } catch (error) {
    if (!(error instanceof DingTalkValidationError)) throw error;
    return error.details.map((d) => `${d.field}:${d.rule}`).join(' ');
  }
};

describe('readConvFileRequest: the body must be JSON', () => {
  it.each([
    'application/json',
    'APPLICATION/JSON',
    'application/json;charset=utf-8',
    'application/json ; charset=utf-8',
    'application/merge-patch+json',
    'application/vnd.dingtalk.v1+json; q=1',
  ])('reads a body of type %p', (contentType) => {
    expect(read({ headers: { ...JSON_HEADERS, 'content-type': contentType } })).toEqual({
      unionId: 'u',
      ...BODY,
    });
  });

  it.each([
    ['text/plain', { 'content-length': '30' }],
    ['application/jsonp', { 'content-length': '30' }],
    ['application/x-www-form-urlencoded', { 'content-length': '30' }],
    ['text/json', { 'content-length': '30' }],
    ['xapplication/json', { 'content-length': '30' }],
    ['application/json-seq', { 'content-length': '30' }],
    [undefined, { 'content-length': '1' }],
    [undefined, { 'transfer-encoding': 'chunked' }],
    ['text/plain', { 'transfer-encoding': 'chunked' }],
  ])('refuses a body of type %p (%p) with 415', (contentType, headers) => {
    const attempt = () => read({ headers: { ...headers, 'content-type': contentType } });

    expect(attempt).toThrow(UnsupportedMediaTypeException);
    try {
      attempt();
    } catch (error) {
      expect((error as UnsupportedMediaTypeException).getResponse()).toEqual({
        code: 'unsupportedMediaType',
        message: 'The request body must be JSON (content-type: application/json)',
      });
    }
  });

  it.each([
    ['no length and no chunks', {}],
    ['a length of 0', { 'content-length': '0' }],
  ])('does not ask a request without a body (%s) for a content type', (_case, headers) => {
    expect(issues({ headers, body: undefined })).toBe('spaceId:isDefined dentryId:isDefined');
  });
});

describe('readConvFileRequest: the query, decoded strictly', () => {
  it.each([
    ['/send?unionId=u&&', 'u'],
    ['/send?&unionId=u', 'u'],
    ['/send?unionId=a+b', 'a b'],
    ['/send?unionId=a%2Bb', 'a+b'],
    ['/send?unionId=a=b', 'a=b'],
    ['/send?union%49d=u', 'u'],
    ['/send?unionId=%E7%94%A8%E6%88%B7', '用户'],
  ])('reads %s as unionId %p', (url, unionId) => {
    expect(read({ url }).unionId).toBe(unionId);
  });

  it('reads a query that starts the URL', () => {
    expect(read({ url: '?unionId=first' }).unionId).toBe('first');
  });

  it('reads the URL as received when a router rewrote `url`', () => {
    expect(
      read({ originalUrl: '/api/send?unionId=original', url: '/send?unionId=x' }).unionId,
    ).toBe('original');
  });

  it.each([
    ['no query', '/send', 'unionId:isDefined'],
    ['a name without a value', '/send?unionId', 'unionId:isNotBlank'],
    ['an empty value', '/send?unionId=', 'unionId:isNotBlank'],
    ['a parameter given twice', '/send?unionId=a&unionId=b', 'unionId:isString'],
    ['a parameter given three times', '/send?unionId=a&unionId=b&unionId=c', 'unionId:isString'],
    ['an invalid byte', '/send?unionId=%FF', 'unionId:isWellFormed'],
    ['a broken escape', '/send?unionId=%zz', 'unionId:isWellFormed'],
    ['a broken escape in a name', '/send?unionId=u&%zz=1', '\ufffd:whitelistValidation'],
    ['__proto__ as a parameter', '/send?unionId=u&__proto__=x', '__proto__:whitelistValidation'],
    ['a body field in the query', '/send?unionId=u&spaceId=s', 'spaceId:whitelistValidation'],
    ['a parameter without a name', '/send?unionId=u&=x', ':whitelistValidation'],
  ])('%s: %s is refused naming the field', (_case, url, expected) => {
    expect(issues({ url })).toBe(expected);
  });

  it('reads no query at all when the request has no URL', () => {
    expect(issues({ url: undefined })).toBe('unionId:isDefined');
  });
});
