/**
 * The library's layers, lowest first. A file may import from its own folder and from folders
 * below it, never from one above: one call flows down controller → service → call orchestration
 * → transport → answer parser → errors. Run by `npm run lint`.
 */
const LAYERS = [
  'endpoints',
  'messages',
  'errors',
  'utils',
  'request-id',
  'dto',
  'options',
  'redis',
  'telemetry',
  'transport',
  'retry',
  'token',
  'rate-limit',
  'call',
  'callback',
  'filters',
  'conv-file\\.service\\.ts',
  'batch',
  'rest',
];
const LIB = '^libs/conv-file/src/';

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.replace(/\\/g, '')}-points-down`,
  comment: `${layer} is below ${LAYERS.slice(index + 1).join(', ')}: it must not import them`,
  severity: 'error',
  from: { path: `${LIB}${layer}` },
  to: { path: `${LIB}(${LAYERS.slice(index + 1).join('|')})` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'libraries-stand-alone',
      comment: 'a library is installed on its own: it never imports the sample app or the tests',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/' },
      to: { path: '^(src|test|bench)/' },
    },
    {
      name: 'libraries-apart',
      comment: 'the library and the sandbox are separate packages',
      severity: 'error',
      from: { path: '^libs/conv-file/src/' },
      to: { path: '^libs/dingtalk-sandbox/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: LIB },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$|/testing/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
