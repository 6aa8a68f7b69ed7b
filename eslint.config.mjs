// @ts-check
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Libraries that do I/O: workflow code must reach them only through activities. */
const ioLibraries = [
  'kafkajs', 'ioredis', 'mongodb', '@opensearch-project/opensearch', 'fastify', 'sharp', 'onnxruntime-node',
  'pino', 'commander', '@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.stack/**', 'bin/**', 'ml/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's describe/it return promises the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed deterministically inside Temporal's sandbox: no Node built-ins, no I/O
    // libraries, and activities only as types (the worker proxies them).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          ...builtinModules.map((name) => ({ name, message: 'Workflow code must stay deterministic: no Node built-ins.' })),
          ...builtinModules.map((name) => ({ name: `node:${name}`, message: 'Workflow code must stay deterministic: no Node built-ins.' })),
          ...ioLibraries.map((name) => ({ name, message: 'Workflow code must not do I/O: call an activity instead.' })),
        ],
        patterns: [
          { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Import activities with `import type` and call them through proxyActivities.' },
          { group: ['**/infra/**', '**/web/**', '**/workers/**', '**/cli/**'], message: 'Workflow code must not import I/O modules.' },
        ],
      }],
    },
  },
  {
    // Browser scripts: their own program (DOM, no Node types), bundled by esbuild at app start.
    files: ['web/site/static/**/*.ts', 'web/admin/static/**/*.ts', 'web/browser/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['./tsconfig.browser.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
