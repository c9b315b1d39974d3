// Lint: typescript-eslint with type information, the layer rules of ARCHITECTURE.md, and no console in the server.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, top to bottom (ARCHITECTURE.md). A module imports from its own layer and the layers below,
 * never above. Paths are folders or files relative to this file; a folder that does not exist yet matches nothing.
 */
const entryPoints = ['src/index.ts', 'src/deps.ts', 'src/coreDeps.ts', 'src/demo', 'src/cli'];
const http = ['src/http', 'src/mcpAuth'];
const mcp = ['src/mcp'];
const analysis = ['src/analysis'];
const oauth = ['src/oauth'];
const simulator = ['src/simulator'];
const foundation = [
  'src/config.ts',
  'src/configTable.ts',
  'src/configSources.ts',
  'src/logger.ts',
  'src/errors.ts',
  'src/version.ts',
  'src/packageRoot.ts',
];

/** Import paths are compared after resolution, so `../oura/x.js` and `../../oura/x.js` are the same file. */
const layerZones = [
  {
    target: 'src/lib',
    from: 'src',
    except: ['./lib'],
    message: 'src/lib is a leaf library: it imports nothing from src outside src/lib.',
  },
  {
    target: foundation,
    from: 'src',
    except: ['./lib', ...foundation.map((file) => `./${file.slice('src/'.length)}`)],
    message: 'Foundation modules (config, logger, errors, version, packageRoot) import only src/lib.',
  },
  {
    target: 'src/oura',
    from: [...entryPoints, ...http, ...mcp, ...analysis, ...oauth, ...simulator],
    message: 'The Oura domain sits below OAuth, analysis, MCP and HTTP; pass what it needs in through its options.',
  },
  {
    target: 'src/oauth',
    from: [...entryPoints, ...http, ...mcp, ...analysis, ...simulator],
    message: 'OAuth sits below analysis, MCP and HTTP.',
  },
  {
    target: 'src/analysis',
    from: [...entryPoints, ...http, ...mcp, ...oauth, ...simulator],
    message: 'Analysis is pure computation on Oura rows: no OAuth, MCP or HTTP.',
  },
  {
    target: 'src/mcp',
    from: [...entryPoints, ...http, ...simulator],
    message: 'The MCP layer knows nothing of HTTP or the entry points.',
  },
  {
    target: http,
    from: [...entryPoints, ...simulator],
    message: 'The HTTP layer does not import the entry points or the simulator.',
  },
  {
    target: ['src/index.ts', 'src/deps.ts', 'src/coreDeps.ts', 'src/cli'],
    from: simulator,
    message: 'Only the demo, tests and the bench start the simulator.',
  },
  {
    target: 'src/simulator',
    from: 'src',
    except: ['./simulator', './oura/types.ts', './lib'],
    message: 'The simulator is a separate program: from src it imports only src/oura/types.ts and src/lib.',
  },
];

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'test-artifacts/', '.demo/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // Sources import './x.js' (NodeNext); the file on disk is './x.ts'.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: {
      // A leading underscore marks a deliberately unused name (Express needs all four error-handler parameters).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // vitest types its asymmetric matchers (expect.any, expect.stringContaining, ...) as `any` by design, so
      // every matcher inside an expected object trips this rule. The other no-unsafe-* rules stay on in tests.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // supertest types a response's parsed `body` as `any`; tests read it to assert values, and a typed
      // wrapper at every call would only restate the assertion.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/demo/**', 'src/simulator/**'],
    rules: { 'no-console': 'error' },
  },
);
