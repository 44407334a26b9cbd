import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import { validateBatchItems } from './batch-items.validator';

const item = (i: number) => ({ unionId: `union-${i}`, spaceId: 'space', dentryId: 'file' });

function refusal(api: unknown, items: unknown): DingTalkValidationError {
  try {
    validateBatchItems(api, items);
  } catch (error) {
    if (error instanceof DingTalkValidationError) return error;
    throw error;
  }
  throw new Error('the batch was accepted');
}

describe('validateBatchItems', () => {
  it('accepts up to 10,000 items, each checked like the single call', () => {
    const checked = validateBatchItems(
      'SendByApp',
      Array.from({ length: 10_000 }, (_, i) => item(i)),
    );

    expect(checked.items).toHaveLength(10_000);
    expect(checked.items[9_999]).toEqual(item(9_999));
  });

  it('refuses the whole batch for one bad item, naming its index and field', () => {
    const items = [item(0), item(1), { ...item(2), dentryId: 42 }];

    const error = refusal('SendByApp', items);

    expect(error.details).toEqual([
      expect.objectContaining({ field: 'items[2].dentryId', rule: 'isString' }),
    ]);
    expect(error.message).toContain('item 2');
  });

  it.each([
    [
      '10,001 items',
      'SendByApp',
      Array.from({ length: 10_001 }, (_, i) => item(i)),
      'items',
      'arrayMaxSize',
    ],
    ['no items', 'SendByApp', [], 'items', 'arrayMinSize'],
    ['items that are not a list', 'SendByApp', { 0: item(0) }, 'items', 'isArray'],
    ['GetSpace, which is not a send', 'GetSpace', [item(0)], 'api', 'isIn'],
    ['no API', undefined, [item(0)], 'api', 'isIn'],
    [
      'an item missing openConversationId for Send',
      'Send',
      [item(0)],
      'items[0].openConversationId',
      'isDefined',
    ],
    [
      'an unknown field in an item',
      'SendByApp',
      [{ ...item(0), extra: 'x' }],
      'items[0].extra',
      'whitelistValidation',
    ],
  ])('refuses %s', (_case, api, items, field, rule) => {
    expect(refusal(api, items).details).toEqual([expect.objectContaining({ field, rule })]);
  });
});
