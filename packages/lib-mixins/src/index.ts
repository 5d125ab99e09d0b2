/**
 * @mixstack/lib-mixins: upstream monitoring mixins in a stack, from a folder in the generated
 * layout, as mixins like any other.
 */
export type { MixinFromDirOptions } from './config.js';
export {
  DASHBOARDS_DIR,
  MIXIN_FILES,
  type MixinContent,
  type MixinIdentity,
  mixinFromContent,
  mixinFromFiles,
} from './layout.js';
export { mixinFromDir } from './mixin-from-dir.js';
