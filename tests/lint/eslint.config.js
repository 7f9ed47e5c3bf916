// eslint.config.js — the lint of the browser client (issue 16): web/app/*.js as browser ES
// modules and the e2e tests (tests/e2e/*.mjs) as node ES modules, each under eslint's
// recommended rules plus a few that catch real bugs, and the rule that only web/app/paths.js
// spells an API path. Patterns are relative to the source root: tests/lint/run.sh (ctest
// web.lint) runs eslint from there with --config and --max-warnings 0, so a warning fails the
// test as an error does. eslint and its two helpers are pinned by tests/lint/package-lock.json.
import js from '@eslint/js';
import globals from 'globals';

const bugs = {
  'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
  'no-undef': 'error',
  eqeqeq: ['error', 'always'],
  'no-implicit-globals': 'error',
  'prefer-const': 'error',
  'array-callback-return': 'error',
  'no-self-compare': 'error',
  'no-template-curly-in-string': 'error',
  'no-unmodified-loop-condition': 'error',
  'no-unreachable-loop': 'error',
  // a binding read before its declaration in the same scope (a TDZ error at run time); a
  // closure that reads one declared later is fine
  'no-use-before-define': ['error', { functions: false, classes: true, variables: false }],
};

const API_PATH = 'API paths come from web/app/paths.js';

export default [
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['web/app/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
    rules: { ...js.configs.recommended.rules, ...bugs },
  },
  {
    // one module knows the API's paths: no other module spells /api/v1
    files: ['web/app/**/*.js'],
    ignores: ['web/app/paths.js'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'Literal[value=/\\/api\\/v1/]', message: API_PATH },
        { selector: 'TemplateElement[value.raw=/\\/api\\/v1/]', message: API_PATH }],
    },
  },
  {
    // node's test runner driving Chromium: the functions handed to page.evaluate run in the
    // page, where document and window are defined (the only two page globals they use)
    files: ['tests/e2e/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, document: 'readonly', window: 'readonly' },
    },
    rules: { ...js.configs.recommended.rules, ...bugs },
  },
];
