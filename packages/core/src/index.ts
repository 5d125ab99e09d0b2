/**
 * @mixstack/core: the stack object and the pure functions over it — compose, validate,
 * render. Nothing here knows a particular technology beyond Kubernetes itself and the query
 * languages whose expressions it parses.
 */

export { annotateBucketServiceAccounts, type ServiceAccountGrant } from './bucket-identities.js';
export type {
  CollectorPipeline,
  LogStage,
  LogsPipeline,
  ProfilesPipeline,
  TracesPipeline,
} from './collector.js';
export {
  type ComponentDefinition,
  type ComponentFactory,
  type ComponentSwitch,
  defineComponent,
} from './component.js';
export {
  addCheck,
  addCollectorPipeline,
  addComponent,
  addDatasource,
  addException,
  addInhibitRule,
  addInput,
  addKinds,
  addMixin,
  addNetworkClient,
  addNotice,
  addPatch,
  addProblems,
  addReceiver,
  addRoute,
  addScrapeTarget,
  addSecretMount,
  addTemplate,
  type CommonOptions,
  compose,
  createStack,
  definePart,
  emptyStack,
  isStack,
  partWithOptions,
  problemsOfPart,
  withValues,
} from './compose.js';
export {
  type Adjuster,
  adjustReplicas,
  adjustResources,
  adjustRetention,
  setComponentEnabled,
  setExternalUrl,
  setRootRoute,
  setSizing,
  sizeComponents,
} from './contract-parts.js';
export type {
  Adjustable,
  AdmittedClient,
  BucketClaim,
  ComponentContracts,
  ComponentRole,
  ComponentSizing,
  ContainerResources,
  ContainerResourcesAdjustment,
  ContractValues,
  InputStatus,
  NetworkClient,
  ResolvedContracts,
  RootRoute,
  ServiceContract,
  StackSizing,
  StackView,
} from './contracts.js';
export {
  alertmanagerDatasource,
  DATASOURCE_UIDS,
  type DatasourceInput,
  lokiDatasource,
  prometheusDatasource,
  pyroscopeDatasource,
  tempoDatasource,
} from './datasources/builders.js';
export type {
  AlertmanagerDatasourceJsonData,
  DatasourceJsonDataByType,
  DerivedField,
  ExemplarTraceIdDestination,
  HttpJsonData,
  LokiDatasourceJsonData,
  PrometheusDatasourceJsonData,
  PyroscopeDatasourceJsonData,
  TempoDatasourceJsonData,
  TracesToLogsV2,
  TracesToMetrics,
  TracesToProfiles,
  TraceTag,
} from './datasources/types.js';
export { DEFAULT_DENY_POLICY_NAME, defaultDenyNetworkPolicy, EGRESS_ANNOTATION } from './default-deny.js';
export { durationSeconds } from './duration.js';
export {
  describeValue,
  isMixstackError,
  MixstackError,
  type MixstackErrorCode,
  type MixstackErrorDetails,
  throwProblems,
} from './errors.js';
export { withImageRegistry } from './image.js';
export {
  type InputFiles,
  type InputRequest,
  type RenderOptions,
  type RenderStage,
  requestedInputs,
} from './inputs.js';
export { type Address, address, type KubeObject, kindKey, type ObjectMeta, objectIdentity } from './kube.js';
export { type DeepPartial, deepFreeze, isPlainObject, merge, type Override, type PatchFn } from './merge.js';
export {
  type AlertingRule,
  alertsOf,
  type Dashboard,
  goneRecordings,
  isAlertingRule,
  type Mixin,
  plainDashboard,
  type RecordingRule,
  RUNBOOK_BASE_URL,
  type Rule,
  type RuleGroup,
  recordingRulesOf,
  runbookUrl,
  withMixinContent,
} from './mixin.js';
export { type Pruned, selectsJobs, withoutJobs } from './mixin-pruning.js';
export {
  closestNames,
  didYouMean,
  isCamelCaseKey,
  isDnsLabel,
  isDnsSubdomain,
  isLabelKey,
  isLabelValue,
} from './names.js';
export * as options from './options/index.js';
export { quantityValue } from './quantity.js';
export { RESTRICTED_NAMESPACE_LABELS } from './render/build.js';
export { KUSTOMIZATION_FILE } from './render/files.js';
export { contentHash, stableUid } from './render/hash.js';
export { renderMixins } from './render/mixins.js';
export {
  MAX_OBJECT_BYTES,
  type RenderedObject,
  type RenderResult,
  render,
  toYamlStream,
  validateStack,
} from './render/render.js';
export { canonicalize, toJson, toYaml } from './render/serialize.js';
export type { RenderSummary } from './render/summary.js';
export { withVerbatimYaml } from './render/verbatim.js';
export { componentsPlaying } from './roles.js';
export type {
  AlertRoute,
  Datasource,
  InhibitRule,
  Notice,
  OrderedRoute,
  Receiver,
  ResolvedAlerting,
  ScrapeEndpoint,
  ScraperAccessRule,
  ScrapeTarget,
  SecretMount,
  Sections,
} from './sections.js';
export { ALERTMANAGER_SECRETS_DIR, alertmanagerSecretFile } from './sections.js';
export type {
  AlertingContributions,
  BuildContext,
  BuiltObjects,
  CheckException,
  Component,
  Contribution,
  Lazy,
  ObjectsPatch,
  Part,
  Patch,
  PatchContext,
  Report,
  SectionsPatch,
  Stack,
} from './stack.js';
export { builtinKinds } from './validate/builtin-kinds.js';
export * as checks from './validate/checks/index.js';
export type { CheckedObject, SafetyCheck, Violation, Workload } from './validate/checks/types.js';
export { type CrdSchemaIssue, crdSchemaIssues, crdSchemas } from './validate/crd-schema.js';
export { dashboardExpressions } from './validate/dashboards.js';
export { findSyntaxError, substituteGrafanaVariables } from './validate/expressions.js';
export {
  type EmbeddedExpression,
  issuesFromAjvErrors,
  type KindDefinition,
  kindFromModel,
  type ModelClass,
  type NameRule,
  type QueryLanguage,
  type SchemaIssue,
} from './validate/kinds.js';
export {
  type CommonValues,
  defaultCommonValues,
  LAYERS,
  type Layer,
  resolveValues,
  type Values,
  type ValuesLayer,
} from './values.js';
/** Reads a YAML stream as the `yaml` library does, over 10× faster on Kubernetes manifests and CRDs. */
export { parseYamlDocuments, type YamlDocument } from './yaml/read.js';
