// A barrel only tests import: test support, like what it re-exports.
export * from './admin-client';
