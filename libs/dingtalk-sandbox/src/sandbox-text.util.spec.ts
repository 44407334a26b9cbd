import { isText } from './sandbox-text.util';

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
