/**
 * mixstack: the meta-package. Re-exports the core API and the components of the default stack
 * (component-prometheus, component-grafana, component-loki, component-tempo,
 * component-pyroscope, component-alloy) and component-thanos (for stacks beyond one Prometheus),
 * `mixinFromDir` of lib-mixins (for what `mixstack mixin import` writes), and the default
 * stack itself, and the explain page (`explainPage`, `explainModel`); the `mixstack`
 * binary renders stacks to manifests.
 */

export * from '@mixstack/component-alloy';
export * from '@mixstack/component-grafana';
export * from '@mixstack/component-loki';
export * from '@mixstack/component-prometheus';
export * from '@mixstack/component-pyroscope';
export * from '@mixstack/component-tempo';
export * from '@mixstack/component-thanos';
export * from '@mixstack/core';
// What `mixstack mixin import` writes, added to a stack.
export { type MixinFromDirOptions, mixinFromDir } from '@mixstack/lib-mixins';
export { CrdDownloadError, type PullCrdsOptions, type PulledCrds, pullCrds } from './cli/crds.js';
export { loadStack } from './cli/load-entry.js';
export {
  OWNERSHIP_MARKER,
  UnsafeOutputError,
  type WriteOptions,
  type WriteStep,
  writeDirectoryAtomically,
} from './cli/write-dir.js';
export { type DefaultStackOptions, defaultStack } from './default-stack.js';
// The explain page: what a rendered stack is, as one self-contained HTML document, and its data.
export {
  type AlertGroupView,
  type AlertView,
  type ComponentView,
  type ContainerView,
  type CorrelationLink,
  type DashboardView,
  type DatasourceView,
  type ExceptionView,
  type ExplainCounts,
  type ExplainModel,
  type ExplainOptions,
  explainModel,
  type FolderView,
  type InhibitRuleView,
  type NamespaceView,
  type OverridesView,
  type PipelineView,
  type ReceiverView,
  type ResourcesView,
  type RouteView,
  type ScrapeTargetView,
  type ServiceView,
  type StorageView,
  type WorkloadView,
} from './explain/model.js';
export { explainPage } from './explain/page.js';
export type { PodsTotal, ResourceAmounts, ResourceTotals } from './explain/resources.js';
