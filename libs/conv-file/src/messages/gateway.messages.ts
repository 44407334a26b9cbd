/** Texts of the answers given to HTTP callers for errors raised in front of the library. */
export const GatewayMessages = {
  malformedRequest:
    'The request is malformed; the body must be a JSON object and the query string well-formed',
  unauthorized: 'The caller is not authenticated',
  forbidden: 'The caller may not use this API',
  // DingTalk's own words for a wrong path or method, so DingTalk clients see what they know.
  notFound: 'Specified api is not found, please check your url and method.',
  payloadTooLarge: 'The request body is larger than this server accepts',
  unsupportedMediaType: 'The request body must be JSON (content-type: application/json)',
  tooManyRequests: 'Too many requests; retry after the time given in Retry-After',
  unavailable: 'The service is unavailable; try again later',
  requestRefused: (status: number) => `The request was refused (HTTP ${status})`,
  internalError: 'Internal server error',
  eventAppUnknown: 'No third-party app with a callback has this name',
  eventPushIncomplete:
    'An event push needs the query parameters signature (or msg_signature), timestamp (or timeStamp) and nonce, and a JSON body with encrypt',
  eventPushStale: 'The push is older than 5 minutes (or from the future): refused as a replay',
  eventSignatureInvalid: "The push's signature does not match this app's callback token",
  eventUnreadable: "The push's encrypt does not decrypt to an event of this app",
} as const;
