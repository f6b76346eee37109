/**
 * The layering rules, checked by `npm run lint` (dependency-cruiser, type-only imports included).
 * docs/DEPENDENCIES.md explains each; docs/ARCHITECTURE.md the layers they keep apart.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'product-not-to-tooling',
      comment: 'The product (src/) never imports tests, scripts or the benchmark.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'product-not-to-dev-dependencies',
      comment: 'What src/ imports at run time is a dependency, not a devDependency (npm ci --omit=dev).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-to-entry-points',
      comment: 'Only the entry point and start.ts import the entry, start, server and composition-root modules.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(index|start)\\.ts$' },
      to: { path: '^src/(index|start|server|compose)\\.ts$' },
    },
    {
      name: 'storage-not-to-features-behaviour',
      comment:
        "Storage implements the features' repository interfaces on their models; it never calls handlers, cards or services.",
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: '^src/features/.*/(handlers|cards|service|.*-card|.*-job)(/|\\.ts$)' },
    },
    {
      name: 'storage-not-to-bot',
      comment: 'Storage does not import the Teams layer (interfaces it implements live in platform/).',
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: '^src/bot/' },
    },
    {
      name: 'features-not-to-storage',
      comment: 'Features know repository interfaces, not the Table implementations (compose.ts wires them).',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: '^src/storage/' },
    },
    {
      name: 'features-not-to-bot',
      comment: 'Features do not import the Teams layer: they take the Teams-neutral turn (platform/turn.ts).',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: '^src/(bot|http)/' },
    },
    {
      name: 'bot-not-to-features',
      comment: 'The Teams layer knows no feature; the composition root (compose.ts) wires them.',
      severity: 'error',
      from: { path: '^src/bot/' },
      to: { path: '^src/(features|storage)/' },
    },
    {
      name: 'platform-stands-alone',
      comment: 'Platform code is Teams-neutral infrastructure: it imports no feature, no storage and no Teams layer.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(features|storage|bot|http)/' },
    },
    {
      name: 'teams-sdk-only-in-bot',
      comment: 'botbuilder, botframework-* and teams-ai are imported only in src/bot/ (and server.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(bot/|server\\.ts$)' },
      to: { path: 'node_modules/(botbuilder[^/]*|botframework-[^/]*|@microsoft/teams-ai)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
