/**
 * @mixstack/platform-k3s: k3s as the platform of a mixstack stack. It acts on the contracts
 * components publish (Services, network clients), on common values and on the shared
 * sections, never on a component's own values.
 */
export {
  type ControlPlaneOptions,
  type GrafanaExposureOptions,
  type K3sInput,
  type K3sOptions,
  LOCAL_PATH,
} from './config.js';
export { EMBEDDED, type EmbeddedComponent, KUBE_SYSTEM, k3sKinds } from './control-plane.js';
export { EDGE_RETENTION, type EdgeChanges, edgeObjects, podRequests } from './edge.js';
export { GRAFANA, INGRESS_CLIENT } from './grafana-exposure.js';
export { K3S_COMPONENT, k3s, SERVER_FLAGS } from './k3s.js';
export { NOT_APISERVER, NOT_KUBELET, SHARED_FAMILIES, type Shaping, shapings } from './scraping.js';
export { withBindingSpread } from './storage.js';
