import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { SandboxError } from './sandbox.error';
import {
  parseJsonObject,
  readBody,
  requireText,
  requireUnionId,
  type RawBody,
} from './sandbox-request.util';

const MAX_BODY_BYTES = 1024 * 1024;

/** A request whose body arrives in the given chunks. */
function request(
  chunks: Array<string | Buffer>,
  headers: IncomingHttpHeaders = {},
): IncomingMessage {
  const buffers = chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  return Object.assign(Readable.from(buffers), { headers }) as unknown as IncomingMessage;
}

/** A body read to its end, not too large. */
const body = (text: string, contentType: string): RawBody => ({
  text,
  tooLarge: false,
  contentType,
});

/** What parseJsonObject (or another check) threw, as status, code and message. */
function refusal(attempt: () => unknown): [number, string, string] {
  try {
    attempt();
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return [error.status, error.code, error.message];
  }
  throw new Error('nothing was thrown');
}

const NOT_JSON: [number, string, string] = [
  400,
  'paramError',
  'The request body must be JSON (content-type: application/json).',
];
const NOT_OBJECT: [number, string, string] = [
  400,
  'paramError',
  'The request body must be a JSON object.',
];

describe('readBody', () => {
  it('joins the chunks before decoding, so a character split between chunks survives', async () => {
    const bytes = Buffer.from('{"name":"é"}');
    const split = bytes.indexOf(0xc3) + 1;
    const read = await readBody(
      request([bytes.subarray(0, split), bytes.subarray(split)], {
        'content-type': 'application/json; charset=utf-8',
      }),
    );
    expect(read).toStrictEqual({
      text: '{"name":"é"}',
      tooLarge: false,
      contentType: 'application/json; charset=utf-8',
    });
  });

  it("reads no body as empty text, and no content-type as ''", async () => {
    expect(await readBody(request([]))).toStrictEqual({
      text: '',
      tooLarge: false,
      contentType: '',
    });
  });

  it('keeps a body of exactly 1 MiB whole', async () => {
    const read = await readBody(request(['a'.repeat(MAX_BODY_BYTES - 1), 'b']));
    expect(read.tooLarge).toBe(false);
    expect(read.text).toHaveLength(MAX_BODY_BYTES);
    expect(read.text.endsWith('ab')).toBe(true);
  });

  it('marks a body one byte over 1 MiB too large, draining it and keeping only what fitted', async () => {
    const req = request(['a'.repeat(MAX_BODY_BYTES), 'b', 'c']);
    const read = await readBody(req);
    expect(read.tooLarge).toBe(true);
    expect(read.text).toBe('a'.repeat(MAX_BODY_BYTES));
    expect(req.readableEnded).toBe(true);
  });
});

describe('parseJsonObject', () => {
  it('refuses a body too large, whatever it holds, naming the limit in bytes', () => {
    expect(
      refusal(() => parseJsonObject({ text: '', tooLarge: true, contentType: '' })),
    ).toStrictEqual([400, 'paramError', 'The request body is larger than 1048576 bytes.']);
  });

  it.each([
    ['', ''],
    ['', 'text/plain'],
    [' \n\t ', ''],
  ])(
    'reads the blank body %j as every field missing, whatever its content-type (%s)',
    (text, contentType) => {
      expect(parseJsonObject(body(text, contentType))).toStrictEqual({});
    },
  );

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    ' application/json ;charset=utf-8',
    'application/problem+json',
    'application/vnd.dingtalk+JSON; v=1',
  ])('reads a JSON object declared as %s', (contentType) => {
    expect(parseJsonObject(body('{"a":1,"b":{"c":[null]}}', contentType))).toStrictEqual({
      a: 1,
      b: { c: [null] },
    });
  });

  it.each([
    ['no content-type', ''],
    ['a blank one', ' ; charset=utf-8'],
    ['text/plain', 'text/plain'],
    ['a JSON type as a parameter', 'text/plain; type=application/json'],
    ['a type that only starts like JSON', 'application/jsonp'],
    ['+json not at the end', 'application/x+json-seq'],
    ['form data', 'application/x-www-form-urlencoded'],
  ])('refuses a non-blank body with %s as not JSON', (_name, contentType) => {
    expect(refusal(() => parseJsonObject(body('{"a":1}', contentType)))).toStrictEqual(NOT_JSON);
  });

  it.each(['{"a":', 'null', '42', '"text"', 'true', '[]', '[{"a":1}]'])(
    'refuses %s as not a JSON object',
    (text) => {
      expect(refusal(() => parseJsonObject(body(text, 'application/json')))).toStrictEqual(
        NOT_OBJECT,
      );
    },
  );
});

describe('requireText', () => {
  it('returns a non-blank string as it is, untrimmed', () => {
    expect(requireText({ appKey: ' key ' }, 'appKey')).toBe(' key ');
  });

  it.each([
    ['missing', {}],
    ['empty', { appKey: '' }],
    ['blank', { appKey: ' \t' }],
    ['a number', { appKey: 5 }],
    ['null', { appKey: null }],
  ])('refuses a field %s with paramMissing naming the field', (_name, source) => {
    expect(refusal(() => requireText(source, 'appKey'))).toStrictEqual([
      400,
      'paramError',
      'appKey is required and must be a non-blank string.',
    ]);
  });

  it('refuses with the error given instead', () => {
    expect(refusal(() => requireText({}, 'spaceId', 'spaceIdMissing'))).toStrictEqual([
      400,
      'paramError.spaceId',
      'spaceId is required and must be a non-blank string.',
    ]);
  });
});

describe('requireUnionId', () => {
  it('returns the unionId query parameter', () => {
    expect(requireUnionId(new URLSearchParams('unionId=union-1&x=y'))).toBe('union-1');
  });

  it.each(['', 'unionId=', 'unionId=%20', 'unionid=union-1'])(
    'refuses the query %j with paramError naming unionId',
    (query) => {
      expect(refusal(() => requireUnionId(new URLSearchParams(query)))).toStrictEqual([
        400,
        'paramError',
        'unionId is required and must be a non-blank string.',
      ]);
    },
  );
});
