/**
 * mixstack: the meta-package. Re-exports the core API and the default stack; the `mixstack`
 * binary renders stacks to manifests.
 */
export * from '@mixstack/core';
export { type DefaultStackOptions, defaultStack } from './default-stack.js';
export { loadStack } from './cli/load-entry.js';
export { writeDirectoryAtomically } from './cli/write-dir.js';
