/**
 * What a transport's exchange fails with when the call's deadline passed; the transport base
 * class turns it into a `DingTalkTimeoutError`. It carries nothing of the request.
 */
export class ExchangeTimeoutError extends Error {
  constructor() {
    // Stryker disable next-line StringLiteral: the base class reads only this error's class, never its message
    super('the call passed its deadline');
  }
}
