// A file hotpath.json ignores (test/eslint.test.ts lints a finding-worthy text as this file).
