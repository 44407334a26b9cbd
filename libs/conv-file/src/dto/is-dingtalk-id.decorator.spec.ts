import { validateSync } from 'class-validator';
import { IsDingTalkId, toDingTalkValidationError } from '@nest-dingtalk/conv-file/validation';
import { dingTalkIdIssue } from './dingtalk-id.rules';

/** A host app's own DTO using the exported decorator on its own. */
class HostDto {
  @IsDingTalkId()
  id!: unknown;
}

const ruleOf = (value: unknown): string | undefined => {
  const dto = Object.assign(new HostDto(), { id: value });
  const [error] = validateSync(dto, { stopAtFirstError: true });
  return error ? Object.keys(error.constraints ?? {})[0] : undefined;
};

const CASES: Array<[string, unknown, string | undefined]> = [
  ['a plain id', 'union-alice', undefined],
  ['non-ASCII text', '用户-é-😀', undefined],
  ['missing', undefined, 'isDefined'],
  ['null', null, 'isDefined'],
  ['a number', 42, 'isString'],
  ['an array', ['a'], 'isString'],
  ['blank', '   ', 'isNotBlank'],
  ['exactly 128 characters long', 'x'.repeat(128), undefined],
  ['too long', 'x'.repeat(129), 'maxLength'],
  ['a newline', 'a\nb', 'noControlCharacters'],
  ['NUL', 'a\u0000b', 'noControlCharacters'],
  ['DEL', 'a\u007fb', 'noControlCharacters'],
  ['a C1 control', 'a\u0085b', 'noControlCharacters'],
  ['the last C1 control', 'a\u009fb', 'noControlCharacters'],
  ['a replacement character', 'a\ufffdb', 'isWellFormed'],
  ['a lone high surrogate', 'a\ud800b', 'isWellFormed'],
  ['a lone low surrogate', '\udc00b', 'isWellFormed'],
];

describe('DingTalk id rules', () => {
  it.each(CASES)('%s: the library breaks the expected rule', (_case, value, rule) => {
    expect(dingTalkIdIssue('id', value)?.rule).toBe(rule);
  });

  it.each(CASES)("%s: IsDingTalkId in a host app's DTO breaks the same rule", (_c, value, rule) => {
    expect(ruleOf(value)).toBe(rule);
  });

  it('refuses every bad value in a row, not every other one (no regex state kept between checks)', () => {
    const bad = ['a\nb', 'c\u007fd', 'e\u0085f', 'g\u0001h'];

    expect(bad.map(ruleOf)).toEqual(Array(4).fill('noControlCharacters'));
    expect(bad.map((value) => dingTalkIdIssue('id', value)?.rule)).toEqual(
      Array(4).fill('noControlCharacters'),
    );
  });

  it("turns a host DTO's class-validator errors into the library's validation error", () => {
    const errors = validateSync(Object.assign(new HostDto(), { id: ' ' }), {
      stopAtFirstError: true,
    });

    expect(toDingTalkValidationError(errors)).toMatchObject({
      code: 'paramError',
      details: [{ field: 'id', rule: 'isNotBlank', message: 'id must not be empty or blank' }],
    });
  });
});
