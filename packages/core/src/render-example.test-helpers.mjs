/**
 * Renders the example stack with the core module at the URL given as argument (the built
 * `dist/index.js`) and prints the files and the mixin export as JSON: what the determinism
 * test compares across fresh processes.
 */
import { exampleStack } from './example-stack.test-helpers.mjs';

const core = await import(process.argv[2]);
const stack = exampleStack(core);
const result = {
  files: [...core.render(stack).files],
  mixins: [...core.renderMixins(stack)],
};
process.stdout.write(JSON.stringify(result));
