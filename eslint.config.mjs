// One flat config for the whole monorepo; packages run `eslint src` against it.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Pure code: no clock, randomness, env or I/O. Time arrives in events.
    files: ['packages/procedure/src/**/*.ts', 'packages/rules/src/**/*.ts', 'plugins/*/src/steps/**/*.ts', 'workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pure code must not read the clock; time arrives in events.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pure code must not read the clock; time arrives in events.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Pure code must be deterministic.' },
        { selector: "MemberExpression[object.name='process']", message: 'Pure code must not read process state or env.' },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins or Node-side packages.
    files: ['workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', ...builtinModules.filter((m) => !m.startsWith('_'))], message: 'Node built-ins are not allowed in workflow code.' },
            {
              group: [
                'typeorm', 'bullmq', 'ioredis', 'handlebars', '@nestjs/*', 'pg', 'better-sqlite3',
                '@temporalio/worker', '@temporalio/client', '@temporalio/activity', '@temporalio/testing',
                '@chibo/db', '@chibo/runtime-embedded', '@chibo/runtime-temporal', '@chibo/worker', '@chibo/documents', '@chibo/audit', '@chibo/config',
                '@chibo/host', '@chibo/catalog-node', '@chibo/*/effects',
              ],
              message: 'Node-side packages are not allowed in workflow code.',
            },
          ],
        },
      ],
    },
  },
  {
    // A plugin's main entry is bundled into the Temporal workflows (through @chibo/catalog): its steps never import
    // the plugin's effects or web pages, which are Node-side and reached only through the `./effects` and `./web` subpaths.
    files: ['plugins/*/src/**/*.ts'],
    ignores: ['plugins/*/src/effects/**', 'plugins/*/src/web/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/effects', '**/effects/*', '**/web', '**/web/*', '@chibo/host', '@chibo/db', '@chibo/documents', 'typeorm'], message: 'Effects and web pages are Node-side: only plugins/*/src/effects and plugins/*/src/web may import them or what they use.' }] },
      ],
    },
  },
);
