import type * as Core from './index.js';

/** The example stack, built with the given copy of core (the sources or the build). */
export declare function exampleStack(core: typeof Core): Core.Stack;
