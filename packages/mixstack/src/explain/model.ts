/**
 * What the explain page shows, as typed data computed from a render result alone (plus, when
 * given, the stack for what the result does not carry: the safety exceptions). Pure and
 * deterministic: every list is sorted (or kept in the order that has a meaning, such as the
 * routing tree's), so the same result gives the same model, whatever the order of the parts.
 * The counts are the render result's own numbers, the ones `mixstack build` prints.
 */
import {
  type AlertingRule,
  alertsOf,
  type KubeObject,
  type Mixin,
  parseYamlDocuments,
  type RenderResult,
  type Stack,
} from '@mixstack/core';
import { type ResourceTotals, resourceTotals } from './resources.js';
import { matchersOf, type RouteConfig, receiversOf } from './sections/alert-routing.js';

export interface ExplainOptions {
  /**
   * The stack the result was rendered from: its named safety exceptions are shown (a render
   * result does not carry them). @default undefined (the page says the exceptions are unknown)
   */
  stack?: Stack;
}

/** The numbers the page shows as `data-*` attributes; each is the render result's own. */
export interface ExplainCounts {
  /** Kubernetes objects (`summary.objects`). */
  objects: number;
  /** Files, the kustomization included (`summary.files`). */
  files: number;
  /** Components with objects (`summary.byComponent`). */
  components: number;
  /** Deployments, StatefulSets, DaemonSets and prometheus-operator's Prometheus and Alertmanager. */
  workloads: number;
  /** Service objects. */
  services: number;
  namespaces: number;
  /** Named safety exceptions of the rendered objects (`undefined`: the stack was not given). */
  exceptions: number | undefined;
  /** Grafana datasources (`sections.datasources`). */
  datasources: number;
  /** Correlation links between datasources. */
  links: number;
  /** Collector pipelines (`sections.collectorPipelines`). */
  pipelines: number;
  /** ServiceMonitor, PodMonitor, Probe and ScrapeConfig objects. */
  scrapeTargets: number;
  /** Alerting rules (`summary.alerts.total`). */
  alerts: number;
  /** Alerting rules per severity (`summary.alerts.bySeverity`). */
  alertsBySeverity: Record<string, number>;
  /** Alerting rules over logs (evaluated by the log store's ruler; not in `summary.alerts`). */
  logAlerts: number;
  recordingRules: number;
  mixins: number;
  receivers: number;
  /** Routes of the routing tree, the root included. */
  routes: number;
  inhibitRules: number;
  /** Dashboards (`summary.dashboards`). */
  dashboards: number;
  /** Panels of every dashboard, those inside rows included (rows themselves not counted). */
  panels: number;
  /** Grafana folders with dashboards. */
  folders: number;
  notices: number;
}

export interface ContainerView {
  name: string;
  image: string;
  /** `cpu`/`memory` requests and limits as rendered (`undefined` when not set). */
  requests: { cpu?: string; memory?: string };
  limits: { cpu?: string; memory?: string };
  /** An init container (runs before the others). */
  init: boolean;
}

export interface StorageView {
  /** The claim template's name (`data`, `prometheus-k8s-db`). */
  name: string;
  size?: string;
  /** The StorageClass (`undefined`: the cluster's default). */
  storageClass?: string;
}

export interface WorkloadView {
  kind: string;
  name: string;
  namespace: string;
  address: string;
  /** Replicas as rendered; `undefined` for a DaemonSet (one pod per node). */
  replicas?: number;
  containers: ContainerView[];
  storage: StorageView[];
  /** Retention as the workload's resource says it (Prometheus' `retention`, `retentionSize`). */
  retention?: string;
}

export interface ServiceView {
  name: string;
  namespace: string;
  address: string;
  type: string;
  ports: { name: string; port: number; targetPort?: string; protocol: string }[];
}

export interface ComponentView {
  name: string;
  /** Objects per kind, as `mixstack build` prints them. */
  kinds: Record<string, number>;
  objects: number;
  workloads: WorkloadView[];
  services: ServiceView[];
  /** What its contracts say: retention, roles, buckets, external URL (absent for a part without contracts). */
  retention?: string;
  roles: string[];
  buckets: { id: string; bucket: string; access: string; serviceAccount: string }[];
  externalUrl?: string;
}

export interface NamespaceView {
  name: string;
  /** The Pod Security level enforced (`restricted`, `baseline`, `privileged`; `undefined`: no label). */
  enforce?: string;
  audit?: string;
  warn?: string;
}

export interface ExceptionView {
  check: string;
  /** `component/key` or `component/*`. */
  address: string;
  reason: string;
  /** Who added it: the component, or the part that called `addException`. */
  source: string;
}

export interface DatasourceView {
  uid: string;
  name: string;
  type: string;
  /** The signal it holds: `metrics`, `logs`, `traces`, `profiles`, `alerts`, or the plugin type. */
  signal: string;
  url?: string;
  isDefault: boolean;
}

export interface CorrelationLink {
  from: string;
  to: string;
  /** What the link is, in Grafana's words (`exemplars → traces`). */
  kind: string;
  /** The setting that makes it, with its detail (`exemplarTraceIdDestinations: trace_id`). */
  via: string;
}

export interface PipelineView {
  id: string;
  signal: string;
  /** What the collector gathers, in words. */
  collects: string[];
  /** Where it sends it (URL or endpoint), and the Service. */
  destination: string;
  service: string;
}

export interface ScrapeTargetView {
  kind: string;
  name: string;
  namespace: string;
  address: string;
  /** Each endpoint as `port path` (`web /metrics`). */
  endpoints: string[];
  /** Namespaces it selects in (`undefined`: its own). */
  selector: string;
}

export interface RouteView {
  receiver: string;
  matchers: string[];
  continue: boolean;
  groupBy: string[];
  routes: RouteView[];
}

export interface ReceiverView {
  name: string;
  /** Integrations (`slack_configs`, ...) with how many of each and the Slack channels. */
  integrations: { type: string; count: number; channels: string[] }[];
  /** The alerts that reach it (by their static labels), sorted. */
  alerts: string[];
}

export interface InhibitRuleView {
  id: string;
  source: string[];
  target: string[];
  equal: string[];
}

export interface AlertView {
  name: string;
  group: string;
  /** `prometheus` or `logs` (the log store's ruler evaluates it). */
  evaluatedBy: 'prometheus' | 'logs';
  for?: string;
  summary?: string;
  runbookUrl?: string;
  receivers: string[];
}

export interface AlertGroupView {
  mixin: string;
  title: string;
  severity: string;
  alerts: AlertView[];
}

/** What lib overrides changed in the mixins, as lib-rules says it in the build summary. */
export interface OverridesView {
  /** The notice's text (`Mixin overrides (lib-rules): dropped alerts: ...; patched alerts: ...`). */
  summary: string;
}

/**
 * What the stack asks of the cluster (`resources.ts`), and the plan a sizing lib made it from:
 * the notice lib-sizing adds to the build summary (`undefined`: the stack was not sized).
 */
export interface ResourcesView {
  components: ResourceTotals[];
  total: ResourceTotals;
  sizing: { level: 'info' | 'warning'; summary: string } | undefined;
}

export interface DashboardView {
  file: string;
  title: string;
  uid?: string;
  panels: number;
  rows: number;
}

export interface FolderView {
  /** The Grafana folder: the mixin's title. */
  title: string;
  mixin: string;
  dashboards: DashboardView[];
}

export interface ExplainModel {
  /** The stack's namespace (`common.namespace`). */
  namespace: string;
  counts: ExplainCounts;
  components: ComponentView[];
  namespaces: NamespaceView[];
  /** `undefined` when the stack was not given. */
  exceptions: ExceptionView[] | undefined;
  datasources: DatasourceView[];
  links: CorrelationLink[];
  pipelines: PipelineView[];
  scrapeTargets: ScrapeTargetView[];
  /** The routing tree as Alertmanager runs it (`undefined`: the stack has no Alertmanager). */
  routing: RouteView | undefined;
  receivers: ReceiverView[];
  inhibitRules: InhibitRuleView[];
  alerts: AlertGroupView[];
  /** What lib-rules' overrides dropped or patched (`undefined`: the stack has none). */
  overrides: OverridesView | undefined;
  folders: FolderView[];
  resources: ResourcesView;
  notices: { id: string; level: 'info' | 'warning'; message: string }[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const by =
  <T>(...keys: ((item: T) => string)[]) =>
  (a: T, b: T) => {
    for (const key of keys) {
      const order = byString(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const obj = (value: unknown): Json => (isObject(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** A field of an object beyond apiVersion, kind and metadata (KubeObject types only those). */
const fieldOf = (object: KubeObject, field: string): unknown => (object as unknown as Json)[field];
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Prometheus', 'Alertmanager']);
const SCRAPE_KINDS = new Set(['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig']);

function containerOf(raw: unknown, init: boolean): ContainerView {
  const container = obj(raw);
  const resources = obj(container.resources);
  const requests = obj(resources.requests);
  const limits = obj(resources.limits);
  return {
    name: str(container.name) ?? '',
    image: str(container.image) ?? '',
    requests: { cpu: str(requests.cpu), memory: str(requests.memory) },
    limits: { cpu: str(limits.cpu), memory: str(limits.memory) },
    init,
  };
}

function claimOf(raw: unknown, fallbackName: string): StorageView {
  const claim = obj(raw);
  const spec = obj(claim.spec);
  return {
    name: str(obj(claim.metadata).name) ?? fallbackName,
    size: str(obj(obj(spec.resources).requests).storage),
    storageClass: str(spec.storageClassName),
  };
}

/** A workload's pods, containers and storage, whether a Kubernetes workload or an operator's resource. */
function workloadOf(address: string, object: KubeObject): WorkloadView {
  const spec = obj(fieldOf(object, 'spec'));
  const metadata = obj(object.metadata);
  const base = {
    kind: object.kind,
    name: str(metadata.name) ?? '',
    namespace: str(metadata.namespace) ?? '',
    address,
  };
  if (object.kind === 'Prometheus' || object.kind === 'Alertmanager') {
    // prometheus-operator's resources: the main image and resources are top-level fields.
    const main: ContainerView = {
      ...containerOf(
        { name: object.kind.toLowerCase(), image: spec.image, resources: spec.resources },
        false,
      ),
    };
    const extra = list(spec.containers)
      .map((c) => containerOf(c, false))
      .filter((c) => c.name !== main.name);
    const storage = obj(spec.storage);
    const retention = [str(spec.retention), str(spec.retentionSize)].filter(Boolean).join(', ');
    return {
      ...base,
      replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
      containers: [main, ...extra].sort(by((c) => c.name)),
      storage: storage.volumeClaimTemplate ? [claimOf(storage.volumeClaimTemplate, 'storage')] : [],
      ...(retention ? { retention } : {}),
    };
  }
  const pod = obj(obj(spec.template).spec);
  return {
    ...base,
    ...(object.kind === 'DaemonSet'
      ? {}
      : { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 }),
    containers: [
      ...list(pod.initContainers).map((c) => containerOf(c, true)),
      ...list(pod.containers).map((c) => containerOf(c, false)),
    ].sort(
      by(
        (c) => (c.init ? '0' : '1'),
        (c) => c.name,
      ),
    ),
    storage: list(spec.volumeClaimTemplates)
      .map((claim, index) => claimOf(claim, `claim-${index}`))
      .sort(by((s) => s.name)),
  };
}

function serviceOf(address: string, object: KubeObject): ServiceView {
  const spec = obj(fieldOf(object, 'spec'));
  const metadata = obj(object.metadata);
  return {
    name: str(metadata.name) ?? '',
    namespace: str(metadata.namespace) ?? '',
    address,
    type: str(spec.type) ?? (spec.clusterIP === 'None' ? 'ClusterIP (headless)' : 'ClusterIP'),
    ports: list(spec.ports)
      .map((raw) => {
        const port = obj(raw);
        return {
          name: str(port.name) ?? '',
          port: typeof port.port === 'number' ? port.port : 0,
          ...(port.targetPort !== undefined ? { targetPort: str(port.targetPort) } : {}),
          protocol: str(port.protocol) ?? 'TCP',
        };
      })
      .sort((a, b) => a.port - b.port || byString(a.name, b.name)),
  };
}

function componentsOf(result: RenderResult): ComponentView[] {
  const views = Object.keys(result.summary.byComponent)
    .sort()
    .map((name): ComponentView => {
      const contracts = result.stack.components[name];
      const kinds = result.summary.byComponent[name]!;
      const mine = result.objects.filter((o) => o.component === name);
      return {
        name,
        kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => byString(a, b))),
        objects: mine.length,
        workloads: mine
          .filter((o) => WORKLOAD_KINDS.has(o.object.kind))
          .map((o) => workloadOf(o.address, o.object))
          .sort(
            by(
              (w) => w.namespace,
              (w) => w.name,
              (w) => w.kind,
            ),
          ),
        services: mine
          .filter((o) => o.object.kind === 'Service')
          .map((o) => serviceOf(o.address, o.object))
          .sort(
            by(
              (s) => s.namespace,
              (s) => s.name,
            ),
          ),
        ...(contracts?.retention !== undefined ? { retention: contracts.retention } : {}),
        roles: [...(contracts?.roles ?? [])].sort(),
        buckets: Object.entries(contracts?.buckets ?? {})
          .map(([id, claim]) => ({
            id,
            bucket: claim.bucket,
            access: claim.access,
            serviceAccount: `${claim.serviceAccount.namespace ?? result.values.common.namespace}/${claim.serviceAccount.name}`,
          }))
          .sort(by((b) => b.id)),
        ...(contracts?.externalUrl ? { externalUrl: contracts.externalUrl } : {}),
      };
    });
  return views;
}

const POD_SECURITY = 'pod-security.kubernetes.io/';

function namespacesOf(result: RenderResult): NamespaceView[] {
  return result.objects
    .filter((o) => o.object.kind === 'Namespace')
    .map(({ object }) => {
      const labels = obj(obj(object.metadata).labels);
      const level = (mode: string) => str(labels[`${POD_SECURITY}${mode}`]);
      return {
        name: str(obj(object.metadata).name) ?? '',
        enforce: level('enforce'),
        audit: level('audit'),
        warn: level('warn'),
      };
    })
    .sort(by((n) => n.name));
}

/**
 * The named exceptions that apply to this stack's objects. A component declares exceptions for
 * every object it may render (Alloy's for reading node log files), and those for objects this
 * stack does not render except nothing here, so they are left out.
 */
function exceptionsOf(result: RenderResult, stack: Stack | undefined): ExceptionView[] | undefined {
  if (!stack) return undefined;
  const addresses = new Set(result.objects.map((o) => o.address));
  const components = new Set(result.objects.map((o) => `${o.component}/*`));
  const applies = (address: string) => addresses.has(address) || components.has(address);
  const views: ExceptionView[] = [];
  for (const component of Object.values(stack.components))
    for (const exception of component.exceptions ?? [])
      views.push({
        check: exception.check,
        address: `${component.name}/${exception.key}`,
        reason: exception.reason,
        source: component.source,
      });
  for (const exception of Object.values(stack.exceptions))
    views.push({
      check: exception.check,
      address: exception.address,
      reason: exception.reason,
      source: exception.source,
    });
  return views
    .filter((e) => applies(e.address))
    .sort(
      by(
        (e) => e.address,
        (e) => e.check,
        (e) => e.reason,
      ),
    );
}

const SIGNAL_OF_TYPE: Readonly<Record<string, string>> = {
  prometheus: 'metrics',
  loki: 'logs',
  tempo: 'traces',
  'grafana-pyroscope-datasource': 'profiles',
  alertmanager: 'alerts',
};

function datasourcesOf(result: RenderResult): DatasourceView[] {
  return Object.entries(result.sections.datasources)
    .map(([uid, ds]) => ({
      uid,
      name: ds.name,
      type: ds.type,
      signal: SIGNAL_OF_TYPE[ds.type] ?? ds.type,
      ...(ds.url ? { url: ds.url } : {}),
      isDefault: ds.isDefault === true,
    }))
    .sort(by((d) => d.uid));
}

/** The correlation links a datasource's `jsonData` makes, in the settings Grafana reads. */
function linksOf(result: RenderResult): CorrelationLink[] {
  const links: CorrelationLink[] = [];
  for (const [from, ds] of Object.entries(result.sections.datasources)) {
    const json = obj(ds.jsonData);
    const add = (to: unknown, kind: string, via: string) => {
      const uid = str(to);
      if (uid) links.push({ from, to: uid, kind, via });
    };
    for (const d of list(json.exemplarTraceIdDestinations))
      add(
        obj(d).datasourceUid,
        'exemplars → traces',
        `exemplarTraceIdDestinations: ${str(obj(d).name) ?? ''}`,
      );
    for (const d of list(json.derivedFields))
      add(obj(d).datasourceUid, 'logs → traces', `derivedFields: ${str(obj(d).name) ?? ''}`);
    add(obj(json.tracesToLogsV2).datasourceUid, 'traces → logs', 'tracesToLogsV2');
    add(obj(json.tracesToMetrics).datasourceUid, 'traces → metrics', 'tracesToMetrics');
    add(obj(json.tracesToProfiles).datasourceUid, 'traces → profiles', 'tracesToProfiles');
    add(obj(json.serviceMap).datasourceUid, 'service map', 'serviceMap');
    add(obj(json.lokiSearch).datasourceUid, 'trace search', 'lokiSearch');
    add(json.alertmanagerUid, 'alerts', 'alertmanagerUid');
  }
  return links.sort(
    by(
      (l) => l.from,
      (l) => l.to,
      (l) => l.kind,
      (l) => l.via,
    ),
  );
}

function pipelinesOf(result: RenderResult): PipelineView[] {
  return Object.entries(result.sections.collectorPipelines)
    .map(([id, pipeline]): PipelineView => {
      const service = `${pipeline.destination.namespace}/${pipeline.destination.name}:${pipeline.destination.port}`;
      switch (pipeline.signal) {
        case 'logs':
          return {
            id,
            signal: 'logs',
            collects: [
              pipeline.source === 'files'
                ? "every pod's logs, read from the node's /var/log/pods"
                : "every pod's logs, read through the Kubernetes API",
              ...(pipeline.events ? ["the cluster's Kubernetes events"] : []),
              ...pipeline.stages.map((stage) => `parsing step: ${stage.type}`),
            ],
            destination: pipeline.pushUrl,
            service,
          };
        case 'traces':
          return {
            id,
            signal: 'traces',
            collects: ["the applications' spans sent over OTLP to the collector on their node"],
            destination: pipeline.otlpEndpoint,
            service,
          };
        default:
          // profiles: the last signal of the CollectorPipeline union.
          return {
            id,
            signal: 'profiles',
            collects: [
              ...(pipeline.scrape
                ? ['pprof profiles of the pods annotated profiles.grafana.com/<type>.scrape']
                : []),
              ...(pipeline.ebpf ? ['CPU profiles of every process of every node (eBPF)'] : []),
            ],
            destination: pipeline.writeUrl,
            service,
          };
      }
    })
    .sort(
      by(
        (p) => p.signal,
        (p) => p.id,
      ),
    );
}

function scrapeTargetsOf(result: RenderResult): ScrapeTargetView[] {
  return result.objects
    .filter((o) => SCRAPE_KINDS.has(o.object.kind))
    .map(({ address, object }) => {
      const spec = obj(fieldOf(object, 'spec'));
      const endpoints = list(spec.endpoints ?? spec.podMetricsEndpoints).map((raw) => {
        const e = obj(raw);
        return [str(e.port) ?? str(e.targetPort) ?? '', str(e.path) ?? '/metrics'].join(' ');
      });
      const namespaces = obj(spec.namespaceSelector);
      const selector =
        namespaces.any === true ? 'every namespace' : list(namespaces.matchNames).map(String).join(', ');
      return {
        kind: object.kind,
        name: str(obj(object.metadata).name) ?? '',
        namespace: str(obj(object.metadata).namespace) ?? '',
        address,
        endpoints,
        selector,
      };
    })
    .sort(
      by(
        (t) => t.namespace,
        (t) => t.name,
        (t) => t.kind,
      ),
    );
}

interface AlertmanagerConfig {
  route?: RouteConfig;
  receivers?: ({ name: string } & Json)[];
  inhibit_rules?: Json[];
}

/**
 * The configuration Alertmanager runs: the `alertmanager.yaml` of the rendered configuration
 * Secret, read back; this is what the routing really is, after every layer and default.
 */
function alertmanagerConfigOf(result: RenderResult): AlertmanagerConfig | undefined {
  for (const { object } of result.objects) {
    if (object.kind !== 'Secret') continue;
    const text = obj(fieldOf(object, 'stringData'))['alertmanager.yaml'];
    if (typeof text !== 'string') continue;
    const [document] = parseYamlDocuments(text);
    if (document && isObject(document.value)) return document.value as AlertmanagerConfig;
  }
  return undefined;
}

function routeView(route: RouteConfig, inherited: string): RouteView {
  const receiver = route.receiver ?? inherited;
  return {
    receiver,
    matchers: matchersOf(route).map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`),
    continue: route.continue === true,
    groupBy: [...(route.group_by ?? [])],
    // Order is meaning here: Alertmanager tries the child routes in this order.
    routes: (route.routes ?? []).map((child) => routeView(child, receiver)),
  };
}

const countRoutes = (route: RouteView): number => 1 + route.routes.reduce((n, r) => n + countRoutes(r), 0);

/** Severities from the most to the least urgent (what the stack's routes and inhibit rules know), then any other. */
const SEVERITIES = ['critical', 'warning', 'info', 'none'];
const severityRank = (severity: string): string => {
  const rank = SEVERITIES.indexOf(severity);
  return String(rank === -1 ? SEVERITIES.length : rank);
};

/** Every alerting rule, Prometheus' and the log store's, with its mixin. */
function rulesOf(
  result: RenderResult,
): { mixin: string; group: string; rule: AlertingRule; logs: boolean }[] {
  const rules: { mixin: string; group: string; rule: AlertingRule; logs: boolean }[] = [];
  for (const [name, mixin] of Object.entries(result.sections.mixins)) {
    for (const { group, rule } of alertsOf(mixin)) rules.push({ mixin: name, group, rule, logs: false });
    for (const group of (mixin as Mixin).logAlerts?.groups ?? [])
      for (const rule of group.rules) rules.push({ mixin: name, group: group.name, rule, logs: true });
  }
  return rules;
}

function alertingOf(result: RenderResult) {
  const config = alertmanagerConfigOf(result);
  const rules = rulesOf(result);
  const root = config?.route;
  const receiversOfRule = (rule: AlertingRule) =>
    root ? receiversOf(root, { ...(rule.labels ?? {}), alertname: rule.alert }) : [];

  const groups = new Map<string, AlertGroupView>();
  const reached = new Map<string, Set<string>>();
  for (const { mixin, group, rule, logs } of rules) {
    const severity = rule.labels?.severity ?? 'none';
    const key = JSON.stringify([mixin, severity]);
    const view = groups.get(key) ?? {
      mixin,
      title: result.sections.mixins[mixin]!.title,
      severity,
      alerts: [],
    };
    const receivers = receiversOfRule(rule);
    for (const receiver of receivers) {
      const names = reached.get(receiver) ?? new Set<string>();
      names.add(rule.alert);
      reached.set(receiver, names);
    }
    view.alerts.push({
      name: rule.alert,
      group,
      evaluatedBy: logs ? 'logs' : 'prometheus',
      ...(rule.for ? { for: rule.for } : {}),
      ...(rule.annotations?.summary ? { summary: rule.annotations.summary } : {}),
      ...(rule.annotations?.runbook_url ? { runbookUrl: rule.annotations.runbook_url } : {}),
      receivers,
    });
    groups.set(key, view);
  }
  const alerts = [...groups.values()]
    .map((g) => ({
      ...g,
      alerts: g.alerts.sort(
        by(
          (a) => a.name,
          (a) => a.group,
          (a) => a.evaluatedBy,
        ),
      ),
    }))
    .sort(
      by(
        (g) => g.mixin,
        (g) => severityRank(g.severity),
        (g) => g.severity,
      ),
    );

  const receivers: ReceiverView[] = (config?.receivers ?? [])
    .map((receiver) => ({
      name: String(receiver.name),
      integrations: Object.entries(receiver)
        .filter(([key, value]) => key !== 'name' && Array.isArray(value))
        .map(([type, value]) => ({
          type,
          count: (value as unknown[]).length,
          channels: (value as unknown[])
            .map((c) => str(obj(c).channel))
            .filter((c): c is string => c !== undefined)
            .sort(),
        }))
        .sort(by((i) => i.type)),
      alerts: [...(reached.get(String(receiver.name)) ?? [])].sort(),
    }))
    .sort(by((r) => r.name));

  const inhibitRules: InhibitRuleView[] = Object.entries(result.sections.alerting.inhibitRules)
    .map(([id, rule]) => ({
      id,
      source: [...rule.source_matchers],
      target: [...rule.target_matchers],
      equal: [...(rule.equal ?? [])],
    }))
    .sort(by((r) => r.id));

  return {
    routing: root ? routeView(root, '') : undefined,
    receivers,
    inhibitRules,
    alerts,
    logAlerts: rules.filter((r) => r.logs).length,
  };
}

/**
 * The notice lib-rules adds to the build summary when its parts drop or patch mixin content: read
 * from the stack's notices (the contract packages report through), not from lib-rules' values.
 */
export const OVERRIDES_NOTICE = 'lib-rules-edits';

function overridesOf(result: RenderResult): OverridesView | undefined {
  const notice = result.sections.notices[OVERRIDES_NOTICE];
  return notice ? { summary: notice.message } : undefined;
}

/**
 * The notice lib-sizing adds to the build summary with its plan from load (what it sized, the
 * volumes to set, warnings): read from the stack's notices, like lib-rules' overrides.
 */
export const SIZING_NOTICE = 'lib-sizing-plan';

function resourcesOf(result: RenderResult): ResourcesView {
  const notice = result.sections.notices[SIZING_NOTICE];
  return {
    ...resourceTotals(result),
    sizing: notice ? { level: notice.level, summary: notice.message } : undefined,
  };
}

/** Panels and rows of a dashboard: panels inside rows (collapsed rows hold theirs) and legacy `rows[].panels` too. */
function panelCount(dashboard: Json): { panels: number; rows: number } {
  let panels = 0;
  let rows = 0;
  const visit = (items: unknown[]) => {
    for (const raw of items) {
      const panel = obj(raw);
      if (panel.type === 'row') rows++;
      else panels++;
      visit(list(panel.panels));
    }
  };
  visit(list(dashboard.panels));
  for (const row of list(dashboard.rows)) {
    rows++;
    visit(list(obj(row).panels));
  }
  return { panels, rows };
}

function foldersOf(result: RenderResult): FolderView[] {
  return Object.entries(result.sections.mixins)
    .filter(([, mixin]) => Object.keys(mixin.grafanaDashboards ?? {}).length > 0)
    .map(([name, mixin]) => ({
      title: mixin.title,
      mixin: name,
      dashboards: Object.entries(mixin.grafanaDashboards ?? {})
        .map(([file, dashboard]) => ({
          file,
          title: dashboard.title,
          ...(typeof dashboard.uid === 'string' ? { uid: dashboard.uid } : {}),
          ...panelCount(dashboard),
        }))
        .sort(
          by(
            (d) => d.title,
            (d) => d.file,
          ),
        ),
    }))
    .sort(
      by(
        (f) => f.title,
        (f) => f.mixin,
      ),
    );
}

/** The explain page's data: what the stack is, from its render result. */
export function explainModel(result: RenderResult, options: ExplainOptions = {}): ExplainModel {
  const { summary } = result;
  const components = componentsOf(result);
  const namespaces = namespacesOf(result);
  const exceptions = exceptionsOf(result, options.stack);
  const datasources = datasourcesOf(result);
  const links = linksOf(result);
  const pipelines = pipelinesOf(result);
  const scrapeTargets = scrapeTargetsOf(result);
  const alerting = alertingOf(result);
  const folders = foldersOf(result);
  const notices = summary.notices
    .map(({ id, level, message }) => ({ id, level, message }))
    .sort(by((n) => n.id));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    namespace: result.values.common.namespace,
    counts: {
      objects: summary.objects,
      files: summary.files,
      components: components.length,
      workloads: sum(components.map((c) => c.workloads.length)),
      services: sum(components.map((c) => c.services.length)),
      namespaces: namespaces.length,
      exceptions: exceptions?.length,
      datasources: datasources.length,
      links: links.length,
      pipelines: pipelines.length,
      scrapeTargets: scrapeTargets.length,
      alerts: summary.alerts.total,
      alertsBySeverity: Object.fromEntries(
        Object.entries(summary.alerts.bySeverity).sort(([a], [b]) => byString(a, b)),
      ),
      logAlerts: alerting.logAlerts,
      recordingRules: summary.recordingRules,
      mixins: summary.mixins.length,
      receivers: alerting.receivers.length,
      routes: alerting.routing ? countRoutes(alerting.routing) : 0,
      inhibitRules: alerting.inhibitRules.length,
      dashboards: summary.dashboards,
      panels: sum(folders.flatMap((f) => f.dashboards.map((d) => d.panels))),
      folders: folders.length,
      notices: notices.length,
    },
    components,
    namespaces,
    exceptions,
    datasources,
    links,
    pipelines,
    scrapeTargets,
    routing: alerting.routing,
    receivers: alerting.receivers,
    inhibitRules: alerting.inhibitRules,
    alerts: alerting.alerts,
    overrides: overridesOf(result),
    folders,
    resources: resourcesOf(result),
    notices,
  };
}
