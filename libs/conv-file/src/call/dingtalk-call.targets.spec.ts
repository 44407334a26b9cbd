import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import {
  resolveConvFileOptions,
  type ResolvedConvFileApp,
} from '../options/conv-file-options.resolver';
import type { DingTalkTokenRegistry } from '../token/dingtalk-token.registry';
import type { DingTalkTokenService } from '../token/dingtalk-token.service';
import { DingTalkCallTargets, type ConvFileAppChoice } from './dingtalk-call.targets';

/** `east` and `west` internal apps, `market` a third-party app installed in many organizations. */
const APPS = {
  east: { appKey: 'app-corp-east', appSecret: 'secret-corp-east' },
  west: { appKey: 'app-corp-west', appSecret: 'secret-corp-west' },
  market: {
    suiteKey: 'market-suite',
    suiteSecret: 'market-suite-secret',
    suiteTicketProvider: () => 'ticket',
  },
};

/** A registry that hands out one labelled token service per (app, organization) it is asked for. */
class RecordingRegistry {
  readonly asked: string[] = [];

  tokensFor(app: ResolvedConvFileApp, corpId?: string): DingTalkTokenService {
    const label = corpId === undefined ? app.name : `${app.name}@${corpId}`;
    this.asked.push(label);
    return { label } as unknown as DingTalkTokenService;
  }
}

function targetsWith({ defaultApp }: { defaultApp?: string } = { defaultApp: 'east' }) {
  const registry = new RecordingRegistry();
  const options = resolveConvFileOptions({ apps: APPS, defaultApp }, {});
  const targets = new DingTalkCallTargets(options, registry as unknown as DingTalkTokenRegistry);
  return { targets, registry };
}

/** What `run` threw; fails the test when it returned. */
function refusal(run: () => unknown): DingTalkValidationError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DingTalkValidationError);
  return thrown as DingTalkValidationError;
}

describe('DingTalkCallTargets', () => {
  describe('an internal app', () => {
    it("calls with the app's own tokens, counted against its appKey, without an organization", () => {
      const { targets, registry } = targetsWith();

      const target = targets.resolve('west', undefined);

      expect(target).toEqual({
        app: 'west',
        rateCaller: 'app-corp-west',
        tokens: { label: 'west' },
      });
      expect(target).not.toHaveProperty('corpId');
      expect(registry.asked).toEqual(['west']);
    });

    it.each([
      ['a corpId', 'corp-west'],
      ['a blank corpId', ' '],
      ['an empty corpId', ''],
      ['a null corpId', null],
    ])('refuses %s, naming corpId and why', (_case, corpId) => {
      const { targets, registry } = targetsWith();

      const error = refusal(() =>
        targets.resolve('west', { corpId } as unknown as ConvFileAppChoice),
      );

      expect(error.details).toEqual([
        {
          field: 'corpId',
          rule: 'isNotAllowed',
          message:
            'corpId is only for third-party apps: west is an internal app of one organization',
        },
      ]);
      expect(registry.asked).toEqual([]);
    });

    it('still refuses a corpId (even an empty or null one) after it was chosen without one', () => {
      const { targets } = targetsWith();
      targets.resolve('west', undefined);

      for (const corpId of ['corp-west', '', null]) {
        const error = refusal(() =>
          targets.resolve('west', { corpId } as unknown as ConvFileAppChoice),
        );
        expect(error.details.map((issue) => issue.rule)).toEqual(['isNotAllowed']);
      }
    });
  });

  describe('a third-party app', () => {
    it("calls with the organization's tokens, counted against the suite in that organization", () => {
      const { targets, registry } = targetsWith();

      const target = targets.resolve('market', { corpId: 'corp-east' });

      expect(target).toEqual({
        app: 'market',
        corpId: 'corp-east',
        rateCaller: 'market-suite/corp-east',
        tokens: { label: 'market@corp-east' },
      });
      expect(registry.asked).toEqual(['market@corp-east']);
    });

    it.each([
      ['without a choice', undefined],
      ['without a corpId', {}],
      ['with a null corpId', { corpId: null }],
    ])('refuses a call %s: corpId is required for it', (_case, choice) => {
      const { targets, registry } = targetsWith();

      const error = refusal(() =>
        targets.resolve('market', choice as unknown as ConvFileAppChoice),
      );

      expect(error.details).toEqual([
        {
          field: 'corpId',
          rule: 'isDefined',
          message: 'corpId is required: market is a third-party app',
        },
      ]);
      expect(registry.asked).toEqual([]);
    });

    it.each([
      ['blank', ' ', 'isNotBlank', 'corpId must not be empty or blank'],
      ['not a string', 42, 'isString', 'corpId must be a string'],
      [
        'carrying a control character',
        'corp\nwest',
        'noControlCharacters',
        expect.stringMatching(/^corpId /) as unknown as string,
      ],
    ])('refuses a corpId %s by the rule of DingTalk ids', (_case, corpId, rule, message) => {
      const { targets, registry } = targetsWith();

      const error = refusal(() =>
        targets.resolve('market', { corpId } as unknown as ConvFileAppChoice),
      );

      expect(error.details).toEqual([{ field: 'corpId', rule, message }]);
      expect(error.code).toBe('paramError');
      expect(registry.asked).toEqual([]);
    });
  });

  describe('the app name', () => {
    it('refuses an unknown app, naming the app field', () => {
      const { targets, registry } = targetsWith();

      const error = refusal(() => targets.resolve('nope', undefined));

      expect(error.details).toEqual([
        { field: 'app', rule: 'isKnownApp', message: 'nope is not an app of this module' },
      ]);
      expect(registry.asked).toEqual([]);
    });

    it('never repeats a name with control characters: the id rules refuse it before it is looked up', () => {
      const { targets } = targetsWith();

      const error = refusal(() => targets.resolve('ea\u0000st\n\u0085x', undefined));

      expect(error.details.map((issue) => `${issue.field}:${issue.rule}`)).toEqual([
        'app:noControlCharacters',
      ]);
      expect(error.message).not.toMatch(/ea.st/);
    });

    it('does not take a name inherited by every object for an app', () => {
      const { targets } = targetsWith();

      const error = refusal(() => targets.resolve('constructor', undefined));

      expect(error.details.map((issue) => issue.rule)).toEqual(['isKnownApp']);
    });

    it.each([
      ['missing', undefined, 'isDefined', 'app is required'],
      ['not a string', 42, 'isString', 'app must be a string'],
      ['blank', '  ', 'isNotBlank', 'app must not be empty or blank'],
    ])('refuses an app name %s by the rule of DingTalk ids', (_case, app, rule, message) => {
      const { targets } = targetsWith();

      const error = refusal(() => targets.resolve(app, undefined));

      expect(error.details).toEqual([{ field: 'app', rule, message }]);
    });

    it('refuses an object standing for a known app name, even after that app was chosen', () => {
      const { targets } = targetsWith();
      targets.resolve('west', undefined);

      const standIn = { toString: () => 'west', toJSON: () => 'west' };

      const error = refusal(() => targets.resolve(standIn, undefined));

      expect(error.details.map((issue) => `${issue.field}:${issue.rule}`)).toEqual([
        'app:isString',
      ]);
    });
  });

  describe('kept targets', () => {
    it('gives the same target for the same choice, asking the registry once', () => {
      const { targets, registry } = targetsWith();

      const west = targets.resolve('west', undefined);
      const east = targets.resolve('market', { corpId: 'corp-east' });

      expect(targets.resolve('west', undefined)).toBe(west);
      expect(targets.resolve('west', {})).toBe(west);
      expect(targets.resolve('market', { corpId: 'corp-east' })).toBe(east);
      expect(registry.asked).toEqual(['west', 'market@corp-east']);
    });

    it('keeps each app and each organization apart', () => {
      const { targets } = targetsWith();

      const chosen = [
        targets.resolve('west', undefined),
        targets.resolve('east', undefined),
        targets.resolve('market', { corpId: 'corp-east' }),
        targets.resolve('market', { corpId: 'corp-west' }),
      ];

      expect(chosen.map((target) => `${target.app}/${target.corpId}`)).toEqual([
        'west/undefined',
        'east/undefined',
        'market/corp-east',
        'market/corp-west',
      ]);
      expect(targets.resolve('market', { corpId: 'corp-west' })).toBe(chosen[3]);
      expect(targets.resolve('east', undefined)).toBe(chosen[1]);
    });

    it('never keeps a refusal: a choice refused once is refused again', () => {
      const { targets } = targetsWith();

      refusal(() => targets.resolve('market', undefined));

      expect(refusal(() => targets.resolve('market', undefined)).details[0].rule).toBe('isDefined');
    });
  });

  describe('the default app', () => {
    it('is the target of the configured default app', () => {
      const { targets } = targetsWith({ defaultApp: 'east' });

      const target = targets.defaultTarget();

      expect(target).toMatchObject({ app: 'east', rateCaller: 'app-corp-east' });
      expect(targets.defaultTarget()).toBe(target);
      expect(targets.resolve('east', undefined)).toBe(target);
    });

    it('is refused, pointing at forApp, when none is configured', () => {
      const { targets, registry } = targetsWith({});

      const error = refusal(() => targets.defaultTarget());

      expect(error.details).toEqual([
        {
          field: 'app',
          rule: 'isDefined',
          message: 'no default app is configured: name the app with forApp(name)',
        },
      ]);
      expect(error.message).toContain('forApp(name)');
      expect(registry.asked).toEqual([]);
    });
  });
});
