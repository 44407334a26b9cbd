import { validationError } from '../dto/conv-file-input.validator';
import { dingTalkIdIssue } from '../dto/dingtalk-id.rules';
import type { DingTalkValidationIssue } from '../errors/dingtalk-validation.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import type { DingTalkTokenRegistry } from '../token/dingtalk-token.registry';
import type { DingTalkTokenService } from '../token/dingtalk-token.service';

/** Which app (and organization) a call is made as: its tokens and its rate-limit caller. */
export interface DingTalkCallTarget {
  readonly app: string;
  readonly corpId?: string;
  /** The caller whose rate limit the call counts against (see `DingTalkRateLimiter.acquire`). */
  readonly rateCaller: string;
  readonly tokens: DingTalkTokenService;
}

/** What `forApp` takes besides the app's name. */
export interface ConvFileAppChoice {
  /** The customer organization, for a third-party app (required), never for an internal app. */
  corpId?: string;
}

/**
 * Turns an app's name (and organization) into a {@link DingTalkCallTarget}, or refuses it with a
 * validation error before anything is sent: an unknown app, a third-party app without `corpId`,
 * an internal app with one. Targets are kept, so a choice is checked once.
 */
export class DingTalkCallTargets {
  private readonly targets = new Map<string, DingTalkCallTarget>();

  constructor(
    private readonly options: ResolvedConvFileOptions,
    private readonly registry: DingTalkTokenRegistry,
  ) {}

  /** The default app's target; refused when no default app is configured. */
  defaultTarget(): DingTalkCallTarget {
    const app = this.options.defaultApp;
    if (app === undefined)
      throw refused([{ field: 'app', rule: 'isDefined', message: M.noDefaultApp }]);
    return this.resolve(app, {});
  }

  resolve(app: unknown, choice: ConvFileAppChoice | undefined): DingTalkCallTarget {
    const corpId: unknown = choice?.corpId;
    // JSON keeps every (name, corpId) apart, an empty corpId from none too (refused for an internal app).
    const key =
      typeof app === 'string' && (corpId === undefined || typeof corpId === 'string')
        ? JSON.stringify([app, corpId])
        : undefined;
    const known = key === undefined ? undefined : this.targets.get(key);
    if (known) return known;
    const target = this.create(app, corpId);
    this.targets.set(key!, target);
    return target;
  }

  private create(app: unknown, corpId: unknown): DingTalkCallTarget {
    const issue = dingTalkIdIssue('app', app);
    if (issue) throw refused([issue]);
    const name = app as string;
    const resolved = Object.hasOwn(this.options.apps, name) ? this.options.apps[name] : undefined;
    if (!resolved) {
      throw refused([{ field: 'app', rule: 'isKnownApp', message: M.unknownApp(printable(name)) }]);
    }
    if (resolved.tokenSource.kind !== 'suite') {
      if (corpId !== undefined) {
        const message = M.corpIdNotForInternalApp(name);
        throw refused([{ field: 'corpId', rule: 'isNotAllowed', message }]);
      }
      return { app: name, rateCaller: resolved.id, tokens: this.registry.tokensFor(resolved) };
    }
    if (corpId === undefined || corpId === null) {
      throw refused([{ field: 'corpId', rule: 'isDefined', message: M.corpIdRequired(name) }]);
    }
    const corpIssue = dingTalkIdIssue('corpId', corpId);
    if (corpIssue) throw refused([corpIssue]);
    const corp = corpId as string;
    return {
      app: name,
      corpId: corp,
      rateCaller: `${resolved.tokenSource.suiteKey}/${corp}`,
      tokens: this.registry.tokensFor(resolved, corp),
    };
  }
}

function refused(issues: DingTalkValidationIssue[]) {
  return validationError(issues, undefined);
}

/** An unknown app's name is the caller's text: cut and stripped of control characters. */
function printable(name: string): string {
  // Stryker disable next-line StringLiteral: dingTalkIdIssue refuses control characters before a name is looked up, so none is ever replaced here
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
