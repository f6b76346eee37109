/**
 * The layering rules that hold today, checked by `npm run lint` (dependency-cruiser). The rules the
 * code does not obey yet are in `.dependency-cruiser-target.cjs` (`npm run lint:layers-target`);
 * docs/DEPENDENCIES.md explains both.
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
      comment: 'Only the entry point and the composition root (start.ts) import the entry, start and server modules.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(index|start)\\.ts$' },
      to: { path: '^src/(index|start|server)\\.ts$' },
    },
    {
      name: 'storage-not-to-features-behaviour',
      comment:
        "Storage implements the features' repository interfaces on their models; it never calls handlers, cards or services.",
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: '^src/features/.*/(handlers|cards|service|.*-card|.*-job)(/|\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
