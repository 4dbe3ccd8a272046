/**
 * Layers that only point down. A module may import its own folder and folders of a lower rank, never a folder of
 * the same or a higher rank; no module-level cycle anywhere. Type-only imports count too: a type is a dependency.
 */
const LAYERS = [
  // rank 0: facts every layer may use
  ['shared/(errors|ids|time|config|backoff)\\.ts$'],
  // rank 1: logging and metrics; the stack's secret and the keys derived from it
  ['shared/observability/', 'shared/secrets/'],
  // rank 2: the table: key shapes, client, paginated queries, cursors; the attachments bucket: object keys,
  // presigned forms and links, checks of uploaded bytes
  ['shared/table/', 'shared/storage/'],
  // rank 3: transport-neutral input and problem details; the fixed-window counter
  ['shared/input/', 'shared/rate-limit/'],
  // rank 4: who is calling
  ['shared/auth/'],
  // rank 5: directory facts; live connections and push; the tenant's trust-and-safety policy and the pure checks
  // of the send path (masking, the block check), which chat's one send path calls
  ['shared/catalog/', 'shared/realtime/', 'shared/policy/'],
  // rank 6: the chat use cases, each write with its announcement
  ['shared/chat/'],
  // rank 7: what is built on chat: emails; moderation (blocks, reports, data rights); the transports (middy
  // stacks for HTTP and WebSocket), which know no use case
  ['shared/email/', 'shared/moderation/', 'shared/http/', 'shared/ws/'],
  // rank 8: the compatibility dialects (adapters over chat and the HTTP stack); the stream's effects
  ['shared/compat/', 'shared/stream/'],
  // rank 9 and up: entry points; the client library and the web front (see the rules below: they stand alone);
  // the deployment and local stack, tests
  ['functions/'],
  ['client/'],
  ['web/'],
  ['infra/'],
  ['test/'],
];

const folder = (pattern) => `^${pattern}`;
const forbidden = LAYERS.flatMap((group, rank) =>
  group.map((from) => ({
    name: `layer:${from.replace(/[^a-z-]+/g, '-').replace(/^-|-$/g, '')}`,
    comment: `${from} (rank ${rank}) may import only lower ranks or its own folder`,
    severity: 'error',
    from: { path: folder(from) },
    to: {
      path: LAYERS.slice(rank).flat().map(folder),
      pathNot: [folder(from)],
    },
  })),
);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a typo in an alias would otherwise pass silently)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[#.]' },
    },
    ...forbidden,
    {
      name: 'client-stands-alone',
      comment:
        'the client library runs in browsers and Node on its own: it imports only itself and its packages, no Node built-in (its REST types are generated from docs/openapi.yaml, not imported from the server)',
      severity: 'error',
      from: { path: '^client/', pathNot: '^client/codegen/' },
      to: { pathNot: ['^client/', 'node_modules'] },
    },
    {
      name: 'web-uses-the-client',
      comment: 'the web front runs in browsers and talks to the API only through the client library',
      severity: 'error',
      from: { path: '^web/', pathNot: '^web/build' },
      to: { pathNot: ['^web/', '^client/', 'node_modules'] },
    },
    {
      name: 'build-tools-stand-alone',
      comment: 'the type generator and the web build run in Node: built-ins and packages, nothing of the server',
      severity: 'error',
      from: { path: ['^client/codegen/', '^web/build'] },
      to: { pathNot: ['^client/', '^web/', 'node_modules'], dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^cdk\\.out'] },
    parser: 'swc',
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
