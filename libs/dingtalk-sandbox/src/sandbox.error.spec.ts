import { SandboxError, sandboxError } from './sandbox.error';

describe('SandboxError', () => {
  it('is an Error named SandboxError carrying status, code and message', () => {
    const error = new SandboxError(418, 'teapot', 'I am a teapot');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SandboxError');
    expect([error.status, error.code, error.message]).toStrictEqual([
      418,
      'teapot',
      'I am a teapot',
    ]);
    expect(error.accessDeniedDetail).toBeUndefined();
  });

  it('withDetail returns a copy carrying the detail, leaving the original without one', () => {
    const error = new SandboxError(403, 'denied', 'no');
    const detailed = error.withDetail({ requiredScopes: ['Scope.A'] });
    expect(detailed).toBeInstanceOf(SandboxError);
    expect(detailed).not.toBe(error);
    expect([detailed.status, detailed.code, detailed.message, detailed.name]).toStrictEqual([
      403,
      'denied',
      'no',
      'SandboxError',
    ]);
    expect(detailed.accessDeniedDetail).toStrictEqual({ requiredScopes: ['Scope.A'] });
    expect(error.accessDeniedDetail).toBeUndefined();
  });
});

describe('sandboxError', () => {
  it("builds the row's status, code and message", () => {
    const error = sandboxError('routeNotFound');
    expect(error).toBeInstanceOf(SandboxError);
    expect([error.status, error.code, error.message]).toStrictEqual([
      404,
      'InvalidAction.NotFound',
      'Specified api is not found, please check your url and method.',
    ]);
  });

  it('fills every placeholder of the message with the argument of its index', () => {
    expect(sandboxError('appQpsExceeded', 'app-1', 'SendByApp', '20').message).toBe(
      'Calls by app app-1 to SendByApp exceeded 20 per window; retry in about 1 second.',
    );
    expect(sandboxError('invalidAuthInfo', 'corp-a', 'suite-x').message).toBe(
      'Corp corp-a has not authorized suite suite-x.',
    );
  });

  it('fills the placeholders of the code too', () => {
    const error = sandboxError('injectedFault', 'Throttled');
    expect([error.status, error.code, error.message]).toStrictEqual([
      500,
      'Throttled',
      'Sandbox injected fault Throttled.',
    ]);
  });

  it('empties a placeholder that has no argument', () => {
    expect(sandboxError('appQpsExceeded', 'app-1').message).toBe(
      'Calls by app app-1 to  exceeded  per window; retry in about 1 second.',
    );
  });

  it('does not fill placeholders found in an argument', () => {
    expect(sandboxError('adminBadRequest', 'bad {0}', 'again').message).toBe('bad {0}');
  });
});
