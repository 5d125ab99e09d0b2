import {
  adjustResources,
  createStack,
  defineComponent,
  type Part,
  render,
  setComponentEnabled,
  validateStack,
} from '@mixstack/core';
import { kustomize } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { EBPF_PROFILER_REASON } from './alloy.js';
import { alloy } from './index.js';
import { CONFIG_CHECKSUM_ANNOTATION } from './manifests/node-daemon-set.js';
import { PROFILER_CAPABILITY_NAMES } from './manifests/profiler.js';
import {
  defaultPipeline,
  defaultProfilesPipeline,
  defaultTracesPipeline,
  filesPipeline,
  logsPipeline,
  profilesPipeline,
  scraper,
  storeService,
  testProfileStore,
  testStore,
  traceStoreService,
  tracesPipeline,
  withPipeline,
} from './test-helpers.js';

const platform = { source: 'test', layer: 'platform' } as const;

/** Every capability of Linux (capabilities(7), as of 5.9), without the `CAP_` prefix. */
const LINUX_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];
const stack = (parts: Part[]) => createStack({ namespace: 'monitoring' }, parts);
const rendered = (parts: Part[], file: string) => parse(render(stack(parts)).files.get(file) ?? 'null');
const alloyFiles = (parts: Part[]) =>
  [...render(stack(parts)).files.keys()].filter(
    (file) => file.startsWith('alloy-') || file.startsWith('setup/alloy-'),
  );

const api = () => withPipeline('logs', defaultPipeline);
const files = () => withPipeline('logs', filesPipeline);
const traces = () => withPipeline('traces', defaultTracesPipeline);
const profiles = () => withPipeline('profiles', defaultProfilesPipeline());
const ebpf = () => withPipeline('profiles', defaultProfilesPipeline(true));
const ebpfOnly = () => withPipeline('profiles', profilesPipeline({ scrape: false, ebpf: true }));

describe('the rendered component', () => {
  test.each<[string, () => Part[]]>([
    ['through the API', () => [alloy(), api(), scraper]],
    ['from the node’s files', () => [alloy(), files(), scraper]],
    ['two pipelines, one of each', () => [alloy(), api(), withPipeline('files', filesPipeline)]],
    ['next to a store that contributes its pipeline', () => [alloy(), testStore({ source: 'files' })]],
    ['without a pipeline', () => [alloy()]],
    ['traces only', () => [alloy(), traces(), scraper]],
    ['logs and traces', () => [alloy(), api(), traces(), scraper]],
    ['logs from the node’s files and traces', () => [alloy(), files(), traces()]],
    ['profiles, scraped', () => [alloy(), profiles(), scraper]],
    ['profiles, scraped and with eBPF', () => [alloy(), ebpf(), scraper]],
    ['profiles with eBPF only', () => [alloy(), ebpfOnly(), scraper]],
    ['every signal, logs from the node’s files', () => [alloy(), files(), traces(), ebpf(), scraper]],
    [
      'next to a profile store that asks for eBPF',
      () => [alloy(), testProfileStore({ ebpf: true }), scraper],
    ],
  ])('passes every safety check of core: %s', (_case, parts) => {
    expect(validateStack(stack(parts()))).toEqual([]);
  });

  test.each([
    ['through the API', api],
    ['from the node’s files', files],
    ['traces', traces],
    ['profiles, scraped', profiles],
    ['profiles with eBPF', ebpf],
    ['profiles with eBPF only', ebpfOnly],
  ])('kubectl kustomize accepts the output: %s', (_case, pipeline) => {
    const { status, stderr } = kustomize(render(stack([alloy(), pipeline()])).files);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test('without a pipeline it renders nothing, says why, and asks no scrape and no alert', () => {
    const result = render(stack([alloy(), scraper]));
    expect(alloyFiles([alloy()])).toEqual([]);
    expect(result.sections.notices['alloy-no-pipeline']).toMatchObject({
      level: 'info',
      message: expect.stringContaining('no package of the stack asks it to collect'),
    });
    expect(result.sections.scrapeTargets.alloy).toBeUndefined();
    expect(result.sections.mixins.alloy).toBeUndefined();
    // With a pipeline, its mixin and scrape target are there.
    const collecting = render(stack([alloy(), api()]));
    expect(Object.keys(collecting.sections.mixins)).toEqual(['alloy']);
    expect(collecting.sections.scrapeTargets.alloy).toBeDefined();
    expect(collecting.sections.notices).toEqual({});
  });

  test('through the API: Pod Security restricted as Alloy’s user, in the stack’s namespace, no host path', () => {
    const ds = rendered([alloy(), api()], 'alloy-daemonSet.yaml');
    expect(ds.metadata.namespace).toBe('monitoring');
    const pod = ds.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 473,
      runAsGroup: 473,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'alloy' } },
      { name: 'tmp', emptyDir: {} },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/alloy', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod.containers[0].args).toContain('--storage.path=/tmp/alloy');
    expect(pod.containers[0].env).toEqual([
      { name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(alloyFiles([alloy(), api()])).not.toContain('setup/alloy-namespace.yaml');
  });

  test('from the node’s files: its own privileged namespace with a default deny, /var/log/pods read-only, as root', () => {
    const parts = () => [alloy(), files(), scraper];
    expect(alloyFiles(parts())).toEqual(
      expect.arrayContaining(['setup/alloy-namespace.yaml', 'alloy-networkPolicyDefaultDeny.yaml']),
    );
    const namespace = rendered(parts(), 'setup/alloy-namespace.yaml');
    expect(namespace.metadata.name).toBe('monitoring-alloy');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(rendered(parts(), 'alloy-networkPolicyDefaultDeny.yaml').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress', 'Ingress'],
    });
    const ds = rendered(parts(), 'alloy-daemonSet.yaml');
    expect(ds.metadata.namespace).toBe('monitoring-alloy');
    const pod = ds.spec.template.spec;
    expect(pod.containers[0].securityContext).toMatchObject({
      runAsUser: 0,
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'pod-logs',
      mountPath: '/var/log/pods',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({
      name: 'pod-logs',
      hostPath: { path: '/var/log/pods', type: 'Directory' },
    });
    // Prometheus finds it in its own namespace.
    expect(render(stack(parts())).sections.scrapeTargets.alloy?.namespace).toBe('monitoring-alloy');
    expect(
      rendered([alloy({ namespace: 'logs-agent' }), files()], 'alloy-daemonSet.yaml').metadata.namespace,
    ).toBe('logs-agent');
  });

  test('files mode needs the named exceptions: without them the checks refuse the DaemonSet', () => {
    const bare = { ...alloy.definition, exceptions: [] };
    const withoutExceptions = defineComponent(bare);
    const codes = validateStack(stack([withoutExceptions(), files()])).map((p) => [
      p.code,
      p.address,
      p.reason ?? '',
    ]);
    expect(codes.map(([code, address]) => `${code} ${address}`)).toEqual(
      expect.arrayContaining(['SAFETY alloy/daemonSet']),
    );
    expect(validateStack(stack([withoutExceptions(), api()]))).toEqual([]);
  });

  test('a new configuration rolls the pods: the template’s checksum follows config.alloy', () => {
    const checksum = (parts: Part[]) =>
      rendered(parts, 'alloy-daemonSet.yaml').spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    const one = checksum([alloy(), api()]);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([alloy(), api()])).toBe(one);
    expect(checksum([alloy(), withPipeline('logs', logsPipeline({ staticLabels: { x: 'y' } }))])).not.toBe(
      one,
    );
  });

  test('RBAC: exactly what the pipelines read, read-only, no wildcard', () => {
    const rules = (parts: Part[]) => rendered(parts, 'alloy-clusterRole.yaml').rules;
    expect(rules([alloy(), api()])).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(rules([alloy(), files()])).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = rendered([alloy(), files()], 'alloy-clusterRoleBinding.yaml');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'alloy', namespace: 'monitoring-alloy' },
    ]);
    expect(rendered([alloy(), api()], 'alloy-serviceAccount.yaml').automountServiceAccountToken).toBe(true);
  });

  test('egress: DNS, the API server, and the pods of each pipeline’s destination on its port', () => {
    const policy = rendered(
      [
        alloy(),
        api(),
        withPipeline('audit', logsPipeline({ destination: storeService('audit', 'security') })),
      ],
      'alloy-networkPolicy.yaml',
    );
    expect(
      policy.spec.egress.filter((rule: { ports: { port: number }[] }) => rule.ports[0]!.port === 3100),
    ).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'security' } },
            podSelector: { matchLabels: storeService('audit').podLabels },
          },
        ],
        ports: [{ port: 3100, protocol: 'TCP' }],
      },
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: storeService('loki').podLabels },
          },
        ],
        ports: [{ port: 3100, protocol: 'TCP' }],
      },
    ]);
    expect(policy.metadata.annotations['mixstack.dev/egress']).toContain(
      'the logs pipeline "audit" (security/audit',
    );
  });

  test('other packages adjust it through its contracts: resources by container, enabled', () => {
    const adjust: Part = (s) => adjustResources(s, platform, 'alloy', 'alloy', { limits: { memory: '1Gi' } });
    const pod = rendered([alloy(), api(), adjust], 'alloy-daemonSet.yaml').spec.template.spec;
    expect(pod.containers[0].resources.limits).toEqual({ memory: '1Gi' });
    const off: Part = (s) => setComponentEnabled(s, platform, 'alloy', false);
    const result = render(stack([alloy(), api(), off]));
    expect([...result.files.keys()].filter((file) => file.includes('alloy'))).toEqual([]);
    expect(result.sections.mixins).toEqual({});
    expect(result.sections.scrapeTargets).toEqual({});
    expect(result.sections.notices).toEqual({});
  });

  test('it plays metrics and collector, and every ingest component admits its pods, wherever they run', () => {
    const result = render(stack([alloy(), testStore()]));
    expect(result.stack.components.alloy).toMatchObject({
      roles: ['metrics', 'collector'],
      containers: { alloy: { limits: { memory: '512Mi' } } },
    });
    const pods = {
      'app.kubernetes.io/component': 'collector',
      'app.kubernetes.io/name': 'alloy',
      'app.kubernetes.io/part-of': 'mixstack',
    };
    expect(result.stack.components.store?.networkClients).toEqual({
      alloy: { namespace: 'monitoring', podLabels: pods },
      'alloy-node-logs': { namespace: 'monitoring-alloy', podLabels: pods },
      // The eBPF profiler's pods, in their own namespace, push to a profile store.
      'alloy-profiler': {
        namespace: 'monitoring-profiler',
        podLabels: { ...pods, 'app.kubernetes.io/component': 'profiler' },
      },
    });
    expect(result.sections.scrapeTargets.alloy).toMatchObject({
      namespace: 'monitoring',
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [{ port: 'http-metrics', path: '/metrics' }],
    });
  });

  test('the order of the parts does not change a byte', () => {
    const parts = () => [
      alloy(),
      withPipeline('logs', defaultPipeline),
      withPipeline(
        'audit',
        logsPipeline({ destination: storeService('audit', 'security'), source: 'files' }),
      ),
      scraper,
    ];
    const files = (order: number[]) => {
      const all = parts();
      return [...render(stack(order.map((i) => all[i]!))).files];
    };
    const first = files([0, 1, 2, 3]);
    for (const order of [
      [3, 2, 1, 0],
      [1, 0, 3, 2],
      [2, 3, 0, 1],
    ])
      expect(files(order)).toEqual(first);
  });

  test('logs and traces: one DaemonSet, one configuration with both chains', () => {
    const objects = render(stack([alloy(), api(), traces(), scraper])).objects.map(
      (o) => o.object as { kind: string; metadata: { name: string }; data?: Record<string, string> },
    );
    expect(objects.filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name)).toEqual(['alloy']);
    const configs = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alloy');
    expect(configs).toHaveLength(1);
    const config = configs[0]!.data!['config.alloy']!;
    expect(config).toContain('loki.write "logs"');
    expect(config).toContain('otelcol.receiver.otlp "apps"');
    expect(config).toContain('otelcol.exporter.otlp "traces"');
  });

  test('traces: OTLP ports on the pods and the Service alloy-otlp, served on the sender’s own node', () => {
    const ports = rendered([alloy(), traces()], 'alloy-daemonSet.yaml').spec.template.spec.containers[0]
      .ports;
    expect(ports).toEqual([
      { name: 'http-metrics', containerPort: 12345, protocol: 'TCP' },
      { name: 'otlp-grpc', containerPort: 4317, protocol: 'TCP' },
      { name: 'otlp-http', containerPort: 4318, protocol: 'TCP' },
    ]);
    const otlp = rendered([alloy(), traces()], 'alloy-otlpService.yaml');
    expect(otlp.metadata).toMatchObject({ name: 'alloy-otlp', namespace: 'monitoring' });
    expect(otlp.spec).toMatchObject({
      type: 'ClusterIP',
      internalTrafficPolicy: 'Local',
      ports: [
        { name: 'otlp-grpc', port: 4317, targetPort: 'otlp-grpc', protocol: 'TCP' },
        { name: 'otlp-http', port: 4318, targetPort: 'otlp-http', protocol: 'TCP' },
      ],
    });
    const ds = rendered([alloy(), traces()], 'alloy-daemonSet.yaml');
    expect(otlp.spec.selector).toEqual(ds.spec.selector.matchLabels);
    // The scraper does not find the pods through it too.
    const target = render(stack([alloy(), traces()])).sections.scrapeTargets.alloy!;
    expect(Object.entries(target.selector).every(([key, value]) => otlp.metadata.labels[key] === value)).toBe(
      false,
    );
    // Without traces, no OTLP port and no OTLP Service.
    expect(render(stack([alloy(), api()])).files.has('alloy-otlpService.yaml')).toBe(false);
    expect(
      rendered([alloy(), api()], 'alloy-daemonSet.yaml').spec.template.spec.containers[0].ports.map(
        (port: { name: string }) => port.name,
      ),
    ).toEqual(['http-metrics']);
  });

  test('traces: RBAC adds what k8sattributes reads (pods, namespaces, nodes, ReplicaSets), read-only, no wildcard', () => {
    const rules = (parts: Part[]) => rendered(parts, 'alloy-clusterRole.yaml').rules;
    const read = ['get', 'list', 'watch'];
    expect(rules([alloy(), traces()])).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: read },
      { apiGroups: [''], resources: ['namespaces'], verbs: read },
      { apiGroups: [''], resources: ['nodes'], verbs: read },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
    ]);
    expect(rules([alloy(), api(), traces()])).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: read },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: read },
      { apiGroups: [''], resources: ['nodes'], verbs: read },
      { apiGroups: [''], resources: ['events'], verbs: read },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
    ]);
    const all = JSON.stringify(rules([alloy(), api(), traces()]));
    expect(all).not.toContain('*');
  });

  test('traces: OTLP from every namespace, egress to each trace store’s pods on their OTLP port', () => {
    const policy = rendered(
      [
        alloy(),
        traces(),
        withPipeline(
          'dr',
          tracesPipeline({ ...traceStoreService('tempo-dr', 'dr'), port: 4317, podPort: 14317 }),
        ),
      ],
      'alloy-networkPolicy.yaml',
    );
    expect(policy.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: {} } }],
      ports: [
        { port: 4317, protocol: 'TCP' },
        { port: 4318, protocol: 'TCP' },
      ],
    });
    expect(policy.spec.egress).toContainEqual({
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dr' } },
          podSelector: { matchLabels: traceStoreService('tempo-dr').podLabels },
        },
      ],
      // The pods' port when the Service maps one.
      ports: [{ port: 14317, protocol: 'TCP' }],
    });
    expect(policy.metadata.annotations['mixstack.dev/egress']).toContain(
      'the traces pipeline "traces" (monitoring/tempo, OTLP gRPC tempo.monitoring.svc:4317)',
    );
    // Logs only: no OTLP ingress at all.
    const logsOnly = rendered([alloy(), api()], 'alloy-networkPolicy.yaml');
    expect(JSON.stringify(logsOnly.spec.ingress)).not.toMatch(/4317|4318/);
  });

  test('with events, the pods form an Alloy cluster, so that one of them gathers the events', () => {
    expect(render(stack([alloy(), files()])).files.has('alloy-clusterService.yaml')).toBe(false);
    const withoutEvents = rendered([alloy(), files()], 'alloy-daemonSet.yaml').spec.template.spec
      .containers[0].args;
    expect(withoutEvents.filter((arg: string) => arg.startsWith('--cluster'))).toEqual([]);
    const parts = () => [
      alloy(),
      withPipeline('logs', logsPipeline({ source: 'files', events: true })),
      scraper,
    ];
    const args = rendered(parts(), 'alloy-daemonSet.yaml').spec.template.spec.containers[0].args;
    expect(args.filter((arg: string) => arg.startsWith('--cluster'))).toEqual([
      '--cluster.enabled=true',
      '--cluster.join-addresses=alloy-cluster.monitoring-alloy.svc:12345',
    ]);
    const headless = rendered(parts(), 'alloy-clusterService.yaml');
    expect(headless.metadata).toMatchObject({ name: 'alloy-cluster', namespace: 'monitoring-alloy' });
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    // The scraper selects Services by the pods' labels: not this one, or it would scrape every pod twice.
    const target = render(stack(parts())).sections.scrapeTargets.alloy!;
    const matches = (labels: Record<string, string>) =>
      Object.entries(target.selector).every(([key, value]) => labels[key] === value);
    expect(matches(headless.metadata.labels)).toBe(false);
    expect(matches(rendered(parts(), 'alloy-service.yaml').metadata.labels)).toBe(true);
  });

  test('profiles, scraped: the collector reads the pods, reaches the pods of every namespace on any port, and no profiler', () => {
    expect(rendered([alloy(), profiles()], 'alloy-clusterRole.yaml').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const policy = rendered([alloy(), profiles()], 'alloy-networkPolicy.yaml');
    // Every pod of every namespace, no port: each pod names its own in its annotations.
    expect(policy.spec.egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: {} } }] });
    expect(policy.metadata.annotations['mixstack.dev/egress']).toContain(
      'the pods that profiles pipelines scrape (annotated profiles.grafana.com/<type>.scrape), in every namespace on any port',
    );
    expect(policy.metadata.annotations['mixstack.dev/egress']).toContain(
      'the profiles pipeline "profiles" (monitoring/pyroscope, http://pyroscope.monitoring.svc:4040)',
    );
    expect(alloyFiles([alloy(), profiles()]).filter((file) => file.includes('profiler'))).toEqual([]);
    // Without a profiles pipeline that scrapes, no such rule.
    expect(
      JSON.stringify(rendered([alloy(), api(), traces()], 'alloy-networkPolicy.yaml').spec.egress),
    ).not.toContain('"matchLabels":{}');
    const pod = rendered([alloy(), profiles()], 'alloy-daemonSet.yaml').spec.template.spec;
    expect(pod.hostPID).toBeUndefined();
    expect(pod.securityContext.runAsUser).toBe(473);
  });

  test('eBPF: a DaemonSet of its own, in its own privileged namespace, host PID, root with exactly the listed capabilities, not privileged', () => {
    const parts = () => [alloy(), ebpf(), scraper];
    expect(alloyFiles(parts()).filter((file) => file.includes('profiler'))).toEqual([
      'setup/alloy-profilerNamespace.yaml',
      'alloy-profilerClusterRole.yaml',
      'alloy-profilerClusterRoleBinding.yaml',
      'alloy-profilerConfigMap.yaml',
      'alloy-profilerDaemonSet.yaml',
      'alloy-profilerNetworkPolicy.yaml',
      'alloy-profilerNetworkPolicyDefaultDeny.yaml',
      'alloy-profilerService.yaml',
      'alloy-profilerServiceAccount.yaml',
    ]);
    const namespace = rendered(parts(), 'setup/alloy-profilerNamespace.yaml');
    expect(namespace.metadata.name).toBe('monitoring-profiler');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(rendered(parts(), 'alloy-profilerNetworkPolicyDefaultDeny.yaml').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress', 'Ingress'],
    });
    const ds = rendered(parts(), 'alloy-profilerDaemonSet.yaml');
    expect(ds.metadata).toMatchObject({ name: 'alloy-profiler', namespace: 'monitoring-profiler' });
    const pod = ds.spec.template.spec;
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.securityContext).toMatchObject({ runAsUser: 0 });
    const container = pod.containers[0];
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: {
        drop: ['ALL'],
        add: [
          'BPF',
          'PERFMON',
          'SYS_PTRACE',
          'CHECKPOINT_RESTORE',
          'SYS_RESOURCE',
          'DAC_READ_SEARCH',
          'SYSLOG',
        ],
      },
      readOnlyRootFilesystem: true,
      runAsNonRoot: false,
      runAsUser: 0,
      runAsGroup: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(JSON.stringify(ds)).not.toContain('privileged');
    expect(JSON.stringify(ds)).not.toContain('SYS_ADMIN');
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'alloy-profiler' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'kernel-tracing', hostPath: { path: '/sys/kernel/tracing', type: 'Directory' } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/alloy', readOnly: true },
      // Alloy's data (/tmp/alloy) and pyroscope.ebpf's symbol cache (/tmp/symb-cache).
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'kernel-tracing', mountPath: '/sys/kernel/tracing', readOnly: true },
    ]);
    expect(container.env).toEqual([
      { name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(rendered(parts(), 'alloy-profilerClusterRole.yaml').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(rendered(parts(), 'alloy-profilerClusterRoleBinding.yaml').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'alloy-profiler', namespace: 'monitoring-profiler' },
    ]);
    expect(rendered(parts(), 'alloy-profilerConfigMap.yaml').data['config.alloy']).toContain(
      'pyroscope.ebpf "node"',
    );
    expect(rendered(parts(), 'alloy-configMap.yaml').data['config.alloy']).not.toContain('pyroscope.ebpf');
    // The collector, which receives every application's OTLP, keeps Pod Security restricted.
    const collector = rendered(parts(), 'alloy-daemonSet.yaml').spec.template.spec;
    expect(collector.hostPID).toBeUndefined();
    expect(collector.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    // Its namespace can be named.
    const renamed = [alloy({ profiler: { namespace: 'ebpf' } }), ebpf()];
    expect(rendered(renamed, 'alloy-profilerDaemonSet.yaml').metadata.namespace).toBe('ebpf');
    expect(rendered(renamed, 'setup/alloy-profilerNamespace.yaml').metadata.name).toBe('ebpf');
  });

  test('eBPF needs the named exceptions host-access and pod-security-restricted, and no other', () => {
    const withoutExceptions = defineComponent({ ...alloy.definition, exceptions: [] });
    const problems = validateStack(stack([withoutExceptions(), ebpf(), scraper]));
    expect(
      new Set(problems.map((p) => `${p.code} ${p.address} ${p.message.match(/\[([a-z-]+)\]/)?.[1]}`)),
    ).toEqual(
      new Set([
        'SAFETY alloy/profilerDaemonSet host-access',
        'SAFETY alloy/profilerDaemonSet pod-security-restricted',
      ]),
    );
    expect(alloy.definition.exceptions?.filter((e) => e.key === 'profilerDaemonSet')).toEqual([
      { key: 'profilerDaemonSet', check: 'host-access', reason: EBPF_PROFILER_REASON },
      { key: 'profilerDaemonSet', check: 'pod-security-restricted', reason: EBPF_PROFILER_REASON },
    ]);
  });

  test('the exceptions’ reason names exactly the capabilities the profiler’s container adds', () => {
    const added = rendered([alloy(), ebpf()], 'alloy-profilerDaemonSet.yaml').spec.template.spec.containers[0]
      .securityContext.capabilities.add;
    expect(added).toEqual(PROFILER_CAPABILITY_NAMES);
    const listed = EBPF_PROFILER_REASON.match(/every capability dropped but ([A-Z_, ]+) \(/)?.[1]?.split(
      ', ',
    );
    expect(listed).toEqual(added);
    // No other capability is named anywhere in the reason (Linux's capabilities, capabilities(7)).
    const named = (EBPF_PROFILER_REASON.match(/\b[A-Z][A-Z_]+\b/g) ?? []).filter((word) =>
      LINUX_CAPABILITIES.includes(word),
    );
    expect(new Set(named)).toEqual(new Set(added));
  });

  test('eBPF: Prometheus scrapes the profiler in its own namespace as job alloy-profiler; the collector stays job alloy', () => {
    const result = render(stack([alloy(), ebpf(), scraper]));
    const profiler = result.sections.scrapeTargets['alloy-profiler']!;
    expect(profiler).toMatchObject({
      namespace: 'monitoring-profiler',
      role: 'service',
      endpoints: [{ port: 'http-metrics', path: '/metrics' }],
    });
    // No job label: the job is the Service's name, so that the mixin's job="alloy" means the collector only.
    expect(profiler.jobLabel).toBeUndefined();
    const service = rendered([alloy(), ebpf()], 'alloy-profilerService.yaml');
    expect(service.metadata).toMatchObject({ name: 'alloy-profiler', namespace: 'monitoring-profiler' });
    const selects = (labels: Record<string, string>) =>
      Object.entries(profiler.selector).every(([key, value]) => labels[key] === value);
    expect(selects(service.metadata.labels)).toBe(true);
    expect(selects(rendered([alloy(), ebpf()], 'alloy-service.yaml').metadata.labels)).toBe(false);
    expect(result.sections.scrapeTargets.alloy).toMatchObject({
      namespace: 'monitoring',
      jobLabel: 'app.kubernetes.io/name',
    });
    expect(Object.keys(result.sections.mixins)).toEqual(['alloy']);
    // Without eBPF, no profiler target.
    expect(render(stack([alloy(), profiles()])).sections.scrapeTargets['alloy-profiler']).toBeUndefined();
  });

  test('eBPF only: the profiler runs, the collector does not, and neither its scrape target nor its mixin stay', () => {
    const result = render(stack([alloy(), ebpfOnly(), scraper]));
    const files = [...result.files.keys()].filter((file) => file.includes('alloy'));
    expect(files.filter((file) => !file.includes('profiler'))).toEqual([]);
    expect(files).toContain('alloy-profilerDaemonSet.yaml');
    expect(Object.keys(result.sections.scrapeTargets)).toEqual(['alloy-profiler']);
    // AlloyDown would fire for collector pods that are not meant to run.
    expect(result.sections.mixins.alloy).toBeUndefined();
  });

  test('eBPF: other packages adjust the profiler’s resources by its container name, and the order of the parts changes nothing', () => {
    const adjust: Part = (s) =>
      adjustResources(s, platform, 'alloy', 'alloy-profiler', { limits: { memory: '2Gi' } });
    const containers = (parts: Part[]) =>
      rendered(parts, 'alloy-profilerDaemonSet.yaml').spec.template.spec.containers[0];
    expect(containers([alloy(), ebpf()]).resources).toEqual({
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { memory: '1Gi' },
    });
    expect(containers([alloy(), ebpf(), adjust]).resources.limits).toEqual({ memory: '2Gi' });
    expect(
      containers([alloy({ profiler: { resources: { requests: { cpu: '1' } } } }), ebpf()]).resources.requests,
    ).toEqual({
      cpu: '1',
      memory: '256Mi',
    });
    // The collector's container keeps its own.
    expect(
      rendered([alloy(), ebpf(), adjust], 'alloy-daemonSet.yaml').spec.template.spec.containers[0].resources
        .limits,
    ).toEqual({ memory: '512Mi' });
    const parts = () => [
      alloy(),
      ebpf(),
      withPipeline('dr', profilesPipeline({ scrape: false, ebpf: true })),
      api(),
      scraper,
    ];
    const files = (order: number[]) => {
      const all = parts();
      return [...render(stack(order.map((i) => all[i]!))).files];
    };
    const first = files([0, 1, 2, 3, 4]);
    for (const order of [
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
    ])
      expect(files(order)).toEqual(first);
  });
});
