import { ipBlockAnswer } from './sandbox-answer.util';

describe('ipBlockAnswer', () => {
  it("answers the JSON block page with DingTalk's fields: status 1111, wait 5, source x5, punish deny and a uuid", () => {
    const answer = ipBlockAnswer('json', 200);

    expect(answer).toMatchObject({ status: 200, fromEdge: true });
    expect(JSON.parse(answer.body)).toEqual({
      status: 1111,
      wait: 5,
      source: 'x5',
      punish: 'deny',
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});
