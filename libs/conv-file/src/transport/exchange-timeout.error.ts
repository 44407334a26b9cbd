/**
 * What a transport's exchange fails with when the call's deadline passed; the transport base
 * class turns it into a `DingTalkTimeoutError`. It carries nothing of the request.
 */
export class ExchangeTimeoutError extends Error {
  constructor() {
    super('the call passed its deadline');
  }
}
