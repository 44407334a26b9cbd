import { validateConvFileRequest } from '../dto/conv-file-input.validator';
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

  it.each([
    [
      '10,001 items',
      'SendByApp',
      Array.from({ length: 10_001 }, (_, i) => item(i)),
      'items must hold at most 10000 items',
    ],
    ['no items', 'SendByApp', [], 'items must hold at least one item'],
    ['items that are not a list', 'SendByApp', 'not a list', 'items must be an array'],
    [
      'an API that is not a batch API',
      'GetSpace',
      [item(0)],
      'api must be one of SendByApp, Send, SendLink',
    ],
  ])('says why it refuses %s', (_case, api, items, message) => {
    expect(refusal(api, items).details).toEqual([expect.objectContaining({ message })]);
  });

  it('names the batch API in the refusal of a list, and none for a bad API', () => {
    expect(refusal('Send', []).api).toBe('Send');
    expect(refusal('Send', []).message).toContain('Send');
    expect(refusal('GetSpace', [item(0)]).api).toBeUndefined();
  });

  it("names every issue of the first bad item, each with the item's index, and none of a later item", () => {
    const items = [item(0), { unionId: 7, spaceId: 8, dentryId: 'file' }, { unionId: 9 }];

    const error = refusal('SendByApp', items);

    expect(error.details.map((issue) => issue.field)).toEqual([
      'items[1].unionId',
      'items[1].spaceId',
    ]);
    for (const issue of error.details) expect(issue.message).toMatch(/^item 1: /);
  });

  it('answers copies of the items, not the objects it was given (one checked by the REST layer is marked)', () => {
    const given = [
      validateConvFileRequest(
        'SendByApp',
        { unionId: 'union-0' },
        { spaceId: 'space', dentryId: 'file' },
      ),
      item(1),
    ];

    const checked = validateBatchItems('SendByApp', given);

    expect(checked).toEqual({ api: 'SendByApp', items: [item(0), item(1)] });
    expect(checked.items[0]).not.toBe(given[0]);
    expect(checked.items[1]).not.toBe(given[1]);
  });
});
