/**
 * Test harnesses around the real tools of the tests (never mocks): promtool, Prometheus,
 * node-exporter, amtool and Alertmanager from Debian's packages, and a local HTTP receiver;
 * golden files, README examples and runbooks; the fixtures and shared suites of the platforms'
 * tests (`archiver`, `upstreamLike`, `hostAgent`, `describeControlPlanePruning`).
 * Servers listen on 127.0.0.1 only; every start has a stop that tests call in afterAll.
 * Imported in tests as `@mixstack/testing` (an alias of the vitest config and tsconfig).
 */
export {
  type AlertmanagerServer,
  amtoolCheckConfig,
  type ReceivedRequest,
  startAlertmanager,
  startWebhookReceiver,
  type WebhookReceiver,
} from './alertmanager.js';
export { archiver } from './archiver.js';
export {
  type ConfigKeyAllowances,
  type ConfigKeys,
  configKeyPaths,
  readConfigKeys,
  staleConfigKeyAllowances,
  unknownConfigKeys,
} from './config-keys.js';
export { type ControlPlanePruningSpec, describeControlPlanePruning } from './control-plane-pruning.js';
export {
  activeAlerts,
  type ConcreteQuery,
  type DashboardQueries,
  type DashboardQueriesOptions,
  metricNamesIn,
  metricsWithoutSeries,
  runDashboardQueries,
  unhealthyRules,
  variableValues,
} from './dashboard-queries.js';
export { type GoldenDirectory, type GoldenFiles, goldenDirectory, updatingGolden } from './golden.js';
export { hostAgent } from './host-agent.js';
export { kustomize, withFiles } from './kubectl.js';
export {
  type AddressEndpoint,
  type Connection,
  type ContainerPort,
  connectionVerdict,
  type Endpoint,
  type LabelSelector,
  type NetworkModel,
  networkModel,
  type PodEndpoint,
  type Policy,
  type PolicyPeer,
  type PolicyPort,
  type PolicyRule,
  type PolicySide,
  type Protocol,
  podOf,
  selectorMatches,
  type Verdict,
} from './network-policy.js';
export { freePort, type StartedProcess, startProcess, waitFor } from './processes.js';
export {
  type LabelledTarget,
  type NodeExporter,
  type PrometheusOptions,
  type PrometheusServer,
  promtoolCheckRules,
  promtoolTestRules,
  type RuleFiles,
  type RuleGroupStatus,
  startNodeExporter,
  startPrometheus,
} from './prometheus.js';
export {
  clusterScopedExpressions,
  dashboardSelectorsWithout,
  expressionSelectorsWithout,
  vectorSelectorsOf,
} from './promql-selectors.js';
export {
  type PromtoolSuite,
  type PromtoolSuiteResult,
  type PromtoolTestGroup,
  type PromtoolTests,
  promtoolSuite,
  type RuleFileSpec,
  recordingGroupsRead,
  runPromtoolSuite,
} from './promtool-suite.js';
export { queriesSelecting } from './queries-selecting.js';
export { codeBlocks, importCode, readReadme, typecheckCode } from './readme.js';
export { describeRunbooks, type RunbookRule, type RunbooksSpec, runbookProblems } from './runbooks.js';
export { type SharedReference, sharedDir, sharedReference } from './shared.js';
export { optionPathMismatches, SMALL_NODE_SIZING, sizingPart, valueAt } from './sizing.js';
export {
  UPSTREAM_LIKE_MIXIN,
  type UpstreamLikeOptions,
  upstreamDownAlert,
  upstreamDownRule,
  upstreamLike,
  upstreamLikeMixin,
} from './upstream-like.js';
export { repositoryRoot } from './workspace.js';
