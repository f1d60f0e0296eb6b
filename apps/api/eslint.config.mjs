// The monorepo's flat config, plus what NestJS needs: ESLint looks up the config nearest to each file, so this applies
// to apps/api only. Nest resolves constructor dependencies from decorator metadata, so an import used only as a
// constructor parameter type is a runtime value here: tell typescript-eslint that legacy decorators with metadata are
// on, and `consistent-type-imports` stops asking for `import type` where it would break dependency injection.
import root from '../../eslint.config.mjs';

export default [
  ...root,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
  },
];
