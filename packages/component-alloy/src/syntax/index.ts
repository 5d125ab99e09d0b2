export * from './model.js';
export { AlloySyntaxError, isIdentifier, printAlloy, quote } from './printer.js';
