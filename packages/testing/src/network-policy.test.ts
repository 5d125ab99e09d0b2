import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  type AddressEndpoint,
  type Connection,
  connectionVerdict,
  type NetworkModel,
  networkModel,
  type PodEndpoint,
  podOf,
  selectorMatches,
} from './network-policy.js';

/** Manifests as a user writes them (the examples of the Kubernetes documentation). */
const manifests = (text: string): Record<string, unknown>[] =>
  parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);

const pod = (
  namespace: string,
  labels: Record<string, string>,
  extra: Partial<PodEndpoint> = {},
): PodEndpoint => ({
  kind: 'pod',
  namespace,
  labels,
  ...extra,
});
const address = (ip: string): AddressEndpoint => ({ kind: 'address', ip });

const allowed = (model: NetworkModel, connection: Connection): boolean =>
  connectionVerdict(model, connection).allowed;

// The example of the documentation, with the namespace its namespaceSelector names.
const testNetworkPolicy = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
---
apiVersion: v1
kind: Namespace
metadata:
  name: myproject-ns
  labels:
    project: myproject
`;

describe('the test-network-policy example of the documentation', () => {
  const model = networkModel(manifests(testNetworkPolicy));
  const db = pod('default', { role: 'db' });
  const toDb = (from: Connection['from'], port = 6379): Connection => ({ from, to: db, port });

  test('ingress: the ipBlock admits addresses in the cidr, except the excepted block', () => {
    expect(allowed(model, toDb(address('172.17.0.5')))).toBe(true);
    expect(allowed(model, toDb(address('172.17.2.200')))).toBe(true);
    expect(allowed(model, toDb(address('172.17.1.9')))).toBe(false);
    expect(allowed(model, toDb(address('172.18.0.1')))).toBe(false);
  });

  test('ingress: any pod of a namespace labelled project=myproject, and frontend pods of default', () => {
    expect(allowed(model, toDb(pod('myproject-ns', { any: 'thing' })))).toBe(true);
    expect(allowed(model, toDb(pod('default', { role: 'frontend' })))).toBe(true);
    // role=frontend in another namespace: the podSelector alone means the policy's namespace.
    expect(allowed(model, toDb(pod('elsewhere', { role: 'frontend' })))).toBe(false);
    expect(allowed(model, toDb(pod('default', { role: 'backend' })))).toBe(false);
  });

  test('ingress: only TCP 6379', () => {
    const frontend = pod('default', { role: 'frontend' });
    expect(allowed(model, toDb(frontend, 6380))).toBe(false);
    expect(allowed(model, { from: frontend, to: db, port: 6379, protocol: 'UDP' })).toBe(false);
    expect(allowed(model, { from: frontend, to: db, port: 6379, protocol: 'TCP' })).toBe(true);
  });

  test('ipBlock never matches a pod: the egress to 10.0.0.0/24 admits no pod, whatever its port', () => {
    expect(allowed(model, { from: db, to: pod('default', {}), port: 5978 })).toBe(false);
    expect(connectionVerdict(model, { from: db, to: pod('default', {}), port: 5978 }).egress.reason).toBe(
      'not-admitted',
    );
  });

  test('egress: only TCP 5978 to 10.0.0.0/24', () => {
    expect(allowed(model, { from: db, to: address('10.0.0.7'), port: 5978 })).toBe(true);
    expect(allowed(model, { from: db, to: address('10.0.1.7'), port: 5978 })).toBe(false);
    expect(allowed(model, { from: db, to: address('10.0.0.7'), port: 443 })).toBe(false);
  });

  test('a pod the policy does not select is not isolated: everything is allowed', () => {
    const web = pod('default', { role: 'web' });
    const verdict = connectionVerdict(model, {
      from: web,
      to: address('8.8.8.8'),
      port: 53,
      protocol: 'UDP',
    });
    expect(verdict.allowed).toBe(true);
    expect(verdict.egress).toEqual({ allowed: true, selectedBy: [], admittedBy: [], reason: 'not-isolated' });
    expect(allowed(model, { from: address('1.2.3.4'), to: web, port: 1 })).toBe(true);
  });

  test('the verdict names the policies on each side', () => {
    const verdict = connectionVerdict(model, toDb(pod('default', { role: 'frontend' })));
    expect(verdict).toMatchObject({
      allowed: true,
      egress: { allowed: true, selectedBy: [], reason: 'not-isolated' },
      ingress: {
        allowed: true,
        selectedBy: ['default/test-network-policy'],
        admittedBy: ['default/test-network-policy'],
        reason: 'admitted',
      },
      hostNetwork: false,
    });
    const denied = connectionVerdict(model, toDb(address('9.9.9.9')));
    expect(denied.ingress).toEqual({
      allowed: false,
      selectedBy: ['default/test-network-policy'],
      admittedBy: [],
      reason: 'not-admitted',
    });
    expect(denied.explanation).toMatch(
      /9\.9\.9\.9 → pod default\/.* 6379\/TCP denied.*no rule of default\/test-network-policy/,
    );
  });

  test('both sides must allow: an isolated source denies although the destination admits', () => {
    // db → a frontend pod: the frontend is not isolated, but db's egress admits only 10.0.0.0/24.
    const verdict = connectionVerdict(model, {
      from: db,
      to: pod('default', { role: 'frontend' }),
      port: 80,
    });
    expect(verdict.ingress.allowed).toBe(true);
    expect(verdict.egress.allowed).toBe(false);
    expect(verdict.allowed).toBe(false);
  });
});

describe('namespaceSelector and podSelector: one peer (AND) or two peers (OR)', () => {
  const policy = (from: string) =>
    manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db, namespace: data }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress:
  - from:
${from}
---
apiVersion: v1
kind: Namespace
metadata: { name: clients, labels: { user: alice } }
`);
  const and = networkModel(
    policy(`    - namespaceSelector: { matchLabels: { user: alice } }
      podSelector: { matchLabels: { role: client } }`),
  );
  const or = networkModel(
    policy(`    - namespaceSelector: { matchLabels: { user: alice } }
    - podSelector: { matchLabels: { role: client } }`),
  );
  const db = pod('data', { role: 'db' });
  const cases: [string, PodEndpoint, boolean, boolean][] = [
    ['a client pod of alice', pod('clients', { role: 'client' }), true, true],
    ['another pod of alice', pod('clients', { role: 'other' }), false, true],
    ['a client pod of the policy namespace', pod('data', { role: 'client' }), false, true],
    ['a client pod of another namespace', pod('strangers', { role: 'client' }), false, false],
  ];
  test.each(cases)('%s: AND %s, OR %s', (_, from, viaAnd, viaOr) => {
    expect(allowed(and, { from, to: db, port: 5432 })).toBe(viaAnd);
    expect(allowed(or, { from, to: db, port: 5432 })).toBe(viaOr);
  });

  test('every namespace carries kubernetes.io/metadata.name, rendered or not', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-kube-system, namespace: data }
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }
`),
    );
    expect(allowed(model, { from: pod('kube-system', { k8s: 'dns' }), to: pod('data', {}), port: 1 })).toBe(
      true,
    );
    expect(allowed(model, { from: pod('kube-public', {}), to: pod('data', {}), port: 1 })).toBe(false);
    expect(model.namespaces.data).toEqual({ 'kubernetes.io/metadata.name': 'data' });
  });

  test('options.namespaces labels namespaces that are not rendered, and cannot relabel a rendered one', () => {
    const objects = policy(`    - namespaceSelector: { matchLabels: { user: alice } }`);
    const without = networkModel(objects);
    const labelled = networkModel(objects, { namespaces: { ingress: { user: 'alice' } } });
    const from = pod('ingress', { app: 'nginx' });
    expect(allowed(without, { from, to: db, port: 80 })).toBe(false);
    expect(allowed(labelled, { from, to: db, port: 80 })).toBe(true);
    expect(labelled.namespaces.ingress).toEqual({ user: 'alice', 'kubernetes.io/metadata.name': 'ingress' });
    expect(() => networkModel(objects, { namespaces: { clients: {} } })).toThrow(
      /namespace clients is rendered/,
    );
  });
});

describe('default policies', () => {
  const web = pod('app', { app: 'web' });
  const other = pod('app', { app: 'other' });

  test('default deny ingress: isolates every pod of the namespace for ingress, not for egress', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-ingress, namespace: app }
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`),
    );
    expect(allowed(model, { from: other, to: web, port: 80 })).toBe(false);
    expect(allowed(model, { from: address('1.1.1.1'), to: web, port: 80 })).toBe(false);
    expect(allowed(model, { from: web, to: address('1.1.1.1'), port: 443 })).toBe(true);
    // A pod of another namespace is not isolated by it.
    expect(allowed(model, { from: web, to: pod('elsewhere', { app: 'web' }), port: 80 })).toBe(true);
  });

  test('default deny all: neither ingress nor egress', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-all, namespace: app }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`),
    );
    expect(allowed(model, { from: web, to: address('1.1.1.1'), port: 443 })).toBe(false);
    const verdict = connectionVerdict(model, { from: pod('elsewhere', {}), to: web, port: 80 });
    expect(verdict.egress.reason).toBe('not-isolated');
    expect(verdict.ingress).toMatchObject({ allowed: false, selectedBy: ['app/default-deny-all'] });
  });

  test('allow all egress (egress: [{}]) is additive with a default deny all', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-all, namespace: app }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-all-egress, namespace: app }
spec:
  podSelector: {}
  egress:
  - {}
  policyTypes:
  - Egress
`),
    );
    const verdict = connectionVerdict(model, {
      from: web,
      to: address('203.0.113.9'),
      port: 12345,
      protocol: 'UDP',
    });
    expect(verdict.egress).toEqual({
      allowed: true,
      selectedBy: ['app/default-deny-all', 'app/allow-all-egress'],
      admittedBy: ['app/allow-all-egress'],
      reason: 'admitted',
    });
    // Egress to a pod of its own namespace is allowed, its ingress is still denied.
    const inside = connectionVerdict(model, { from: web, to: other, port: 80 });
    expect([inside.egress.allowed, inside.ingress.allowed, inside.allowed]).toEqual([true, false, false]);
  });

  test('namespaceSelector: {} admits every pod of every namespace, but no address', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-the-cluster, namespace: app }
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {}
`),
    );
    expect(allowed(model, { from: pod('anywhere', {}), to: web, port: 80 })).toBe(true);
    expect(allowed(model, { from: address('10.0.0.1'), to: web, port: 80 })).toBe(false);
  });

  test('allow all ingress (ingress: [{}]) opens every port from everywhere', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-all-ingress, namespace: app }
spec:
  podSelector: {}
  ingress:
  - {}
  policyTypes:
  - Ingress
`),
    );
    expect(allowed(model, { from: address('1.1.1.1'), to: web, port: 65535, protocol: 'SCTP' })).toBe(true);
    expect(allowed(model, { from: pod('x', {}), to: web, port: 1 })).toBe(true);
  });
});

describe('policyTypes defaulting', () => {
  const policy = (spec: string) =>
    networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: app }
spec:
${spec}
`),
    );
  const web = pod('app', { app: 'web' });
  const out: Connection = { from: web, to: address('1.1.1.1'), port: 443 };

  test('without policyTypes and egress rules: Ingress only (egress stays open)', () => {
    const model = policy('  podSelector: {}');
    expect(model.policies[0]?.policyTypes).toEqual(['Ingress']);
    expect(allowed(model, out)).toBe(true);
    expect(allowed(model, { from: address('1.1.1.1'), to: web, port: 80 })).toBe(false);
  });

  test('without policyTypes but with egress rules: Ingress and Egress', () => {
    const model = policy(`  podSelector: {}
  egress:
  - to: [{ ipBlock: { cidr: 10.0.0.0/8 } }]`);
    expect(model.policies[0]?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(allowed(model, out)).toBe(false);
    expect(allowed(model, { ...out, to: address('10.1.2.3') })).toBe(true);
    expect(allowed(model, { from: address('10.1.2.3'), to: web, port: 80 })).toBe(false);
  });

  test('an empty egress list does not isolate for egress', () => {
    const model = policy(`  podSelector: {}
  egress: []`);
    expect(model.policies[0]?.policyTypes).toEqual(['Ingress']);
    expect(allowed(model, out)).toBe(true);
  });

  test('policyTypes [Egress] with ingress rules: the ingress rules are not applied', () => {
    const model = policy(`  podSelector: {}
  policyTypes: [Egress]
  ingress:
  - from: [{ ipBlock: { cidr: 10.0.0.0/8 } }]`);
    expect(allowed(model, { from: address('1.1.1.1'), to: web, port: 80 })).toBe(true);
    expect(allowed(model, out)).toBe(false);
  });
});

describe('ports', () => {
  test('endPort: a range of ports, ends included (the documentation example)', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: multi-port-egress
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
    - Egress
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/24
      ports:
        - protocol: TCP
          port: 32000
          endPort: 32768
`),
    );
    const db = pod('default', { role: 'db' });
    const to = (port: number) => allowed(model, { from: db, to: address('10.0.0.1'), port });
    expect([to(31999), to(32000), to(32500), to(32768), to(32769)]).toEqual([false, true, true, true, false]);
  });

  test('a named port resolves against the destination pod, with its protocol', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: named, namespace: app }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - ports: [{ port: http }]
  egress:
  - ports: [{ port: dns, protocol: UDP }]
`),
    );
    const server = pod('app', { app: 'server' }, { containerPorts: [{ name: 'http', containerPort: 8080 }] });
    const outside = address('1.1.1.1');
    expect(allowed(model, { from: outside, to: server, port: 8080 })).toBe(true);
    expect(allowed(model, { from: outside, to: server, port: 80 })).toBe(false);
    expect(allowed(model, { from: outside, to: server, port: 8080, protocol: 'UDP' })).toBe(false);
    // A pod without that port name is not reached by it.
    expect(allowed(model, { from: outside, to: pod('app', {}), port: 8080 })).toBe(false);

    // Egress: the name is the destination's port, not the source's.
    const dns = pod(
      'kube-system',
      { k8s: 'dns' },
      { containerPorts: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] },
    );
    expect(allowed(model, { from: server, to: dns, port: 53, protocol: 'UDP' })).toBe(true);
    expect(allowed(model, { from: server, to: dns, port: 53, protocol: 'TCP' })).toBe(false);
    // The name must be a port of the entry's protocol: a TCP port named dns is not the UDP one.
    const tcpDns = pod(
      'kube-system',
      {},
      { containerPorts: [{ name: 'dns', containerPort: 53, protocol: 'TCP' }] },
    );
    expect(allowed(model, { from: server, to: tcpDns, port: 53, protocol: 'UDP' })).toBe(false);
    const source = pod('app', {}, { containerPorts: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] });
    expect(allowed(model, { from: source, to: pod('other', {}), port: 53, protocol: 'UDP' })).toBe(false);
    // A named port never matches an address.
    expect(allowed(model, { from: server, to: address('8.8.8.8'), port: 53, protocol: 'UDP' })).toBe(false);
  });

  test('a port entry without a port matches every port of its protocol', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: udp, namespace: app }
spec:
  podSelector: {}
  ingress:
  - ports: [{ protocol: UDP }]
`),
    );
    const to = pod('app', {});
    expect(allowed(model, { from: address('1.1.1.1'), to, port: 5353, protocol: 'UDP' })).toBe(true);
    expect(allowed(model, { from: address('1.1.1.1'), to, port: 5353 })).toBe(false);
  });
});

describe('selection', () => {
  test('a policy of another namespace does not affect the pod', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: other }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Ingress, Egress]
`),
    );
    const verdict = connectionVerdict(model, {
      from: pod('app', { app: 'web' }),
      to: pod('app', { app: 'web' }),
      port: 80,
    });
    expect(verdict).toMatchObject({ allowed: true, egress: { selectedBy: [] }, ingress: { selectedBy: [] } });
    expect(allowed(model, { from: pod('app', {}), to: pod('other', { app: 'web' }), port: 80 })).toBe(false);
  });

  test('matchExpressions: In, NotIn, Exists, DoesNotExist', () => {
    const labels = { env: 'prod', tier: 'web' };
    const expression = (operator: string, key: string, values?: string[]) =>
      selectorMatches({ matchExpressions: [{ key, operator, values } as never] }, labels);
    expect([
      expression('In', 'env', ['prod', 'dev']),
      expression('In', 'env', ['dev']),
      expression('In', 'x', ['prod']),
    ]).toEqual([true, false, false]);
    // NotIn holds for a label that is absent.
    expect([
      expression('NotIn', 'env', ['dev']),
      expression('NotIn', 'env', ['prod']),
      expression('NotIn', 'x', ['a']),
    ]).toEqual([true, false, true]);
    expect([expression('Exists', 'tier'), expression('Exists', 'x')]).toEqual([true, false]);
    expect([expression('DoesNotExist', 'x'), expression('DoesNotExist', 'tier')]).toEqual([true, false]);
    // matchLabels and matchExpressions together: both must hold.
    expect(
      selectorMatches(
        { matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] },
        labels,
      ),
    ).toBe(true);
    expect(
      selectorMatches(
        { matchLabels: { tier: 'db' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] },
        labels,
      ),
    ).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
  });

  test('matchExpressions in a policy: the podSelector and a namespaceSelector', () => {
    const model = networkModel(
      manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: expressions, namespace: app }
spec:
  podSelector:
    matchExpressions:
    - { key: tier, operator: In, values: [web, api] }
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - { key: team, operator: NotIn, values: [guests] }
`),
      { namespaces: { guests: { team: 'guests' }, ops: { team: 'ops' } } },
    );
    const api = pod('app', { tier: 'api' });
    expect(allowed(model, { from: pod('ops', {}), to: api, port: 80 })).toBe(true);
    expect(allowed(model, { from: pod('unlabelled', {}), to: api, port: 80 })).toBe(true);
    expect(allowed(model, { from: pod('guests', {}), to: api, port: 80 })).toBe(false);
    // tier=db is not selected: not isolated.
    expect(allowed(model, { from: pod('guests', {}), to: pod('app', { tier: 'db' }), port: 80 })).toBe(true);
  });

  test('a policy the API server would reject throws, naming where', () => {
    const bad = (spec: string) => () =>
      networkModel(
        manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: bad, namespace: app }
spec:
  podSelector: {}
${spec}
`),
      );
    expect(bad(`  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8 }, podSelector: {} }] }]`)).toThrow(
      /NetworkPolicy app\/bad: spec.ingress\[0\].from\[0\]: a peer is either an ipBlock or selectors/,
    );
    expect(bad(`  ingress: [{ ports: [{ port: http, endPort: 90 }] }]`)).toThrow(
      /endPort: needs a numeric port/,
    );
    expect(bad(`  ingress: [{ ports: [{ port: 80, protocol: ICMP }] }]`)).toThrow(
      /"ICMP" is not TCP, UDP or SCTP/,
    );
    expect(bad(`  podSelector: { matchExpressions: [{ key: a, operator: Equals, values: [b] }] }`)).toThrow(
      /unknown operator "Equals"/,
    );
    expect(bad(`  egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0 } }] }]`)).toThrow(/is not a CIDR block/);
  });
});

describe('addresses', () => {
  const model = networkModel(
    manifests(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: v6, namespace: app }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from:
    - ipBlock: { cidr: "2001:db8::/32", except: ["2001:db8:ff::/48"] }
    - ipBlock: { cidr: 0.0.0.0/0, except: [10.0.0.0/8] }
`),
  );
  const to = pod('app', {});
  const from = (ip: string) => allowed(model, { from: address(ip), to, port: 80 });

  test('IPv6 blocks and their exceptions', () => {
    expect(from('2001:db8::1')).toBe(true);
    expect(from('2001:db8:ff::1')).toBe(false);
    expect(from('2001:db9::1')).toBe(false);
    expect(from('::ffff:10.1.2.3')).toBe(false);
  });

  test('0.0.0.0/0 with an exception', () => {
    expect(from('198.51.100.7')).toBe(true);
    expect(from('10.200.0.1')).toBe(false);
  });

  test("the pod's own node is always allowed", () => {
    const verdict = connectionVerdict(model, {
      from: { kind: 'address', ip: '10.0.0.3', ownNode: true },
      to,
      port: 10250,
    });
    expect(verdict.ingress).toMatchObject({ allowed: true, reason: 'own-node', selectedBy: ['app/v6'] });
  });

  test('an address that is not one throws', () => {
    expect(() => from('10.0.0.300')).toThrow(/"10.0.0.300" is not an IP address/);
  });
});

describe('networkModel: pods of workloads', () => {
  const model = networkModel(
    manifests(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: grafana, namespace: monitoring, labels: { ignored: "yes" } }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: grafana } }
  template:
    metadata: { labels: { app.kubernetes.io/name: grafana } }
    spec:
      containers:
      - name: grafana
        ports: [{ name: http, containerPort: 3000 }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter, namespace: monitoring }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: node-exporter } }
    spec:
      hostNetwork: true
      containers:
      - name: node-exporter
        ports: [{ name: metrics, containerPort: 9100 }]
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: { name: k8s, namespace: monitoring }
spec:
  podMetadata:
    labels: { team: sre, app.kubernetes.io/name: overridden }
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: { name: main }
spec: {}
---
apiVersion: v1
kind: Service
metadata: { name: grafana, namespace: monitoring }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: prometheus, namespace: monitoring }
spec:
  podSelector: { matchLabels: { prometheus: k8s } }
  ingress:
  - from: [{ podSelector: { matchLabels: { app.kubernetes.io/name: grafana } } }]
    ports: [{ port: web }]
`),
  );

  test('a Deployment: the template labels and container ports, in its namespace', () => {
    expect(podOf(model, { namespace: 'monitoring', name: 'grafana' })).toEqual({
      kind: 'pod',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'grafana' },
      name: 'grafana',
      workload: 'Deployment',
      hostNetwork: false,
      containerPorts: [{ name: 'http', containerPort: 3000, protocol: 'TCP' }],
    });
    expect(model.pods.map((p) => p.name)).toEqual(['grafana', 'node-exporter', 'k8s', 'main']);
  });

  test('a DaemonSet with hostNetwork: the verdict says so', () => {
    const exporter = podOf(model, { name: 'node-exporter' });
    expect(exporter.hostNetwork).toBe(true);
    const verdict = connectionVerdict(model, {
      from: podOf(model, { name: 'k8s' }),
      to: exporter,
      port: 9100,
    });
    expect(verdict).toMatchObject({ allowed: true, hostNetwork: true });
    expect(verdict.explanation).toMatch(/host-network pod/);
    expect(
      connectionVerdict(model, {
        from: address('1.1.1.1'),
        to: podOf(model, { name: 'grafana' }),
        port: 3000,
      }).hostNetwork,
    ).toBe(false);
  });

  test("a Prometheus: the operator's labels merged over podMetadata, its ports", () => {
    const prometheus = podOf(model, { name: 'k8s', kind: 'Prometheus' });
    expect(prometheus.labels).toEqual({
      team: 'sre',
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/instance': 'k8s',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      prometheus: 'k8s',
      'operator.prometheus.io/name': 'k8s',
      'operator.prometheus.io/shard': '0',
    });
    expect(prometheus.containerPorts?.map((p) => `${p.name}:${p.containerPort}`)).toEqual([
      'web:9090',
      'reloader-web:8080',
    ]);
    // Its policy selects it by the operator's label, and its named port `web` is 9090.
    const grafana = podOf(model, { name: 'grafana' });
    expect(allowed(model, { from: grafana, to: prometheus, port: 9090 })).toBe(true);
    expect(allowed(model, { from: grafana, to: prometheus, port: 8080 })).toBe(false);
    expect(allowed(model, { from: podOf(model, { name: 'main' }), to: prometheus, port: 9090 })).toBe(false);
  });

  test('an Alertmanager: in default when it names no namespace, with its mesh ports', () => {
    const alertmanager = podOf(model, { name: 'main' });
    expect(alertmanager).toMatchObject({
      namespace: 'default',
      workload: 'Alertmanager',
      labels: {
        'app.kubernetes.io/name': 'alertmanager',
        'app.kubernetes.io/instance': 'main',
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        alertmanager: 'main',
      },
    });
    expect(alertmanager.containerPorts).toContainEqual({
      name: 'mesh-udp',
      containerPort: 9094,
      protocol: 'UDP',
    });
    expect(model.namespaces.default).toEqual({ 'kubernetes.io/metadata.name': 'default' });
  });

  test('a Pod and a Job', () => {
    const jobs = networkModel(
      manifests(`
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: tools, labels: { run: debug } }
spec: { containers: [{ name: sh }] }
---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: tools }
spec:
  template:
    metadata: { labels: { app: migrate } }
    spec: { containers: [{ name: migrate }] }
`),
    );
    expect(podOf(jobs, { name: 'debug' }).labels).toEqual({ run: 'debug' });
    expect(podOf(jobs, { name: 'migrate' }).labels).toEqual({
      app: 'migrate',
      'batch.kubernetes.io/job-name': 'migrate',
      'job-name': 'migrate',
    });
  });

  test('podOf names the pods it has when the one asked for is absent, or ambiguous', () => {
    expect(() => podOf(model, { name: 'loki' })).toThrow(
      'no pods of workload loki; the model has: Alertmanager default/main, DaemonSet monitoring/node-exporter, Deployment monitoring/grafana, Prometheus monitoring/k8s',
    );
    expect(() => podOf(model, { namespace: 'default', name: 'grafana' })).toThrow(
      /no pods of workload default\/grafana/,
    );
    const twice = networkModel(
      manifests(`
kind: Deployment
metadata: { name: web, namespace: a }
---
kind: Deployment
metadata: { name: web, namespace: b }
`),
    );
    expect(() => podOf(twice, { name: 'web' })).toThrow(
      /several pods match workload web: Deployment a\/web, Deployment b\/web/,
    );
    expect(podOf(twice, { name: 'web', namespace: 'b' }).namespace).toBe('b');
  });
});
