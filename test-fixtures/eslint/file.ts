// The RuleTester lints each case as this file (test/eslint.test.ts); its text on disk is never read.
