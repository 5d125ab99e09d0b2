/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
export const SOURCE = '@mixstack/component-thanos';
