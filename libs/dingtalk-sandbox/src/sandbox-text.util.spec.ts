import { isRecord, isText } from './sandbox-text.util';

describe('isText', () => {
  it.each(['a', ' a ', 'union-1', '0'])('accepts %p', (value) => {
    expect(isText(value)).toBe(true);
  });

  it.each(['', ' ', '\t\n', 0, 1, null, undefined, {}, ['a'], true])(
    'refuses %p (case %#)',
    (value) => {
      expect(isText(value)).toBe(false);
    },
  );
});

describe('isRecord', () => {
  it.each([{}, { a: 1 }, Object.create(null)])('accepts %p (case %#)', (value) => {
    expect(isRecord(value)).toBe(true);
  });

  it.each([null, undefined, [], [{}], 'x', 0, true])('refuses %p (case %#)', (value) => {
    expect(isRecord(value)).toBe(false);
  });
});
