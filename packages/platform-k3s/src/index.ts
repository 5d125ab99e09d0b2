/**
 * @mixstack/platform-k3s: k3s as the platform of a mixstack stack. It acts on the contracts
 * components publish (Services, network clients), on common values and on the shared
 * sections, never on a component's own values.
 *
 * The public API is what a stack needs: the `k3s` part, its options, the flags it asks the
 * nodes for, the StorageClass it defaults to and the name of its mixin (for overrides by mixin).
 */
export {
  type ControlPlaneOptions,
  type GrafanaExposureOptions,
  type K3sInput,
  type K3sOptions,
  LOCAL_PATH,
} from './config.js';
export { EDGE_LEFT_OUT_DASHBOARDS, EDGE_SIZING, podRequests } from './edge.js';
export { k3s, SERVER_FLAGS } from './k3s.js';
export { K3S_MIXIN } from './k3s-mixin.js';
