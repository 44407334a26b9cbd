/**
 * A key and self-signed certificate for `localhost` and `127.0.0.1` (valid 2000-2100), for the
 * TLS servers of specs only: nothing outside the tests trusts it. Clients trust it through their
 * own `ca` option.
 */
export const LOCALHOST_TLS = {
  key: [
    '-----BEGIN PRIVATE KEY-----',
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg72uzEvzwo8G5LQ1Q',
    'KZRlFYI7uJd1j5cyBAdGeWCBqrGhRANCAATDG1hhW96YZhAxr7w8uHY4KhRhOaDY',
    '330NkgpZJg333bjOAyeHojNGnx1nsSlin9b0f/gF8f6l27INcYHz1bHU',
    '-----END PRIVATE KEY-----',
  ].join('\n'),
  cert: [
    '-----BEGIN CERTIFICATE-----',
    'MIIBhzCCASygAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv',
    'c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM',
    'CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMMbWGFb3phmEDGv',
    'vDy4djgqFGE5oNjffQ2SClkmDffduM4DJ4eiM0afHWexKWKf1vR/+AXx/qXbsg1x',
    'gfPVsdSjbTBrMAwGA1UdEwEB/wQCMAAwGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/',
    'AAABMAsGA1UdDwQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNVHQ4EFgQU',
    '/RVnifNWULFS8tOUlkRelJ8sw8swCgYIKoZIzj0EAwIDSQAwRgIhALy/xLumnyUv',
    'AkzdFwEWrJDPEtEjZd2a0bVf0YEaJ/lzAiEA0l3jP/m2EVSCHLTWzeYS/8UAwFlD',
    '3Xu9YNQuW8ImhJo=',
    '-----END CERTIFICATE-----',
  ].join('\n'),
};
