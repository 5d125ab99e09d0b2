/**
 * Test fixtures for the safety checks: a workload that passes every check, which a test then
 * breaks one field at a time, and helpers that run one check directly or a whole stack (to
 * see exceptions at work). Not exported from the package.
 */
import { expect, test } from 'vitest';
import {
  addComponent,
  addException,
  addKinds,
  type CommonOptions,
  createStack,
  definePart,
} from '../../compose.js';
import type { MixstackError } from '../../errors.js';
import type { KubeObject } from '../../kube.js';
import { RESTRICTED_NAMESPACE_LABELS } from '../../render/build.js';
import { validateStack } from '../../render/render.js';
import type { CheckException, Component, Stack } from '../../stack.js';
import type { KindDefinition } from '../kinds.js';
import { builtinWorkload } from './pods.js';
import type { CheckedObject, SafetyCheck, Violation } from './types.js';

export const NAMESPACE = 'monitoring';
export const APP_LABELS = { 'app.kubernetes.io/name': 'app' } as const;

export type Objects = Record<string, KubeObject>;

const containerSecurity = () => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
});

const resources = () => ({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });

function podTemplate() {
  return {
    metadata: { labels: { ...APP_LABELS } },
    spec: {
      serviceAccountName: 'app',
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        runAsGroup: 65534,
        fsGroup: 65534,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { ...APP_LABELS } },
        },
      ],
      initContainers: [
        {
          name: 'init',
          image: 'docker.io/library/busybox:1.36.1',
          command: ['sh', '-c', 'true'],
          resources: resources(),
          securityContext: containerSecurity(),
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'quay.io/example/app:v1.2.3',
          args: ['--config=/etc/app/app.yaml'],
          ports: [{ name: 'http', containerPort: 8080 }],
          env: [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'app', key: 'token' } } }],
          readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
          livenessProbe: { httpGet: { path: '/healthy', port: 'http' } },
          resources: resources(),
          securityContext: containerSecurity(),
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'app' } },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  };
}

const meta = (name = 'app') => ({ name, namespace: NAMESPACE, labels: { ...APP_LABELS } });

/**
 * A fully compliant set, by address: the stack's Namespace (as core renders it) and a
 * two-replica Deployment with its ServiceAccount, ConfigMap, Service, NetworkPolicy and
 * PodDisruptionBudget. Fresh objects on every call.
 */
export function compliantObjects(): Objects {
  return {
    'stack/namespace': {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NAMESPACE, labels: { ...RESTRICTED_NAMESPACE_LABELS } },
    },
    'app/serviceAccount': {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(),
      automountServiceAccountToken: false,
    } as KubeObject,
    'app/configMap': {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(),
      data: { 'app.yaml': 'listen: 0.0.0.0:8080\n' },
    } as KubeObject,
    'app/deployment': {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(),
      spec: { replicas: 2, selector: { matchLabels: { ...APP_LABELS } }, template: podTemplate() },
    } as KubeObject,
    'app/service': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(),
      spec: { selector: { ...APP_LABELS }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
    } as KubeObject,
    'app/networkPolicy': {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(),
      spec: {
        podSelector: { matchLabels: { ...APP_LABELS } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
            ports: [{ port: 'http', protocol: 'TCP' }],
          },
        ],
      },
    } as KubeObject,
    'app/podDisruptionBudget': {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(),
      spec: { maxUnavailable: 1, selector: { matchLabels: { ...APP_LABELS } } },
    } as KubeObject,
  };
}

/** The compliant set with the Deployment replaced by an equivalent StatefulSet that keeps its data. */
export function compliantStatefulObjects(): Objects {
  const { 'app/deployment': deployment, ...rest } = compliantObjects();
  const spec = (deployment as unknown as { spec: Record<string, unknown> }).spec;
  return {
    ...rest,
    'app/statefulSet': {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(),
      spec: {
        ...spec,
        serviceName: 'app',
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
          },
        ],
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
    } as KubeObject,
  };
}

/** A Role reading pods and its RoleBinding to the app's ServiceAccount (a workload that uses the API). */
export function compliantRbac(): Objects {
  return {
    'app/role': {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(),
      rules: [{ apiGroups: [''], resources: ['pods', 'endpoints'], verbs: ['get', 'list', 'watch'] }],
    } as KubeObject,
    'app/roleBinding': {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app' },
      subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: NAMESPACE }],
    } as KubeObject,
  };
}

/**
 * A copy of the objects with one field changed: `path` is dotted (list indexes as numbers),
 * `undefined` deletes the field. Missing intermediate objects are created.
 */
export function edit(objects: Objects, address: string, path: string, value: unknown): Objects {
  const copy = structuredClone(objects);
  const target = copy[address];
  if (!target) throw new Error(`fixture has no object ${address}`);
  const keys = path.split('.');
  let current = target as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    current[key] ??= {};
    current = current[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(current)) current.splice(Number(last), 1);
    else delete current[last];
  } else {
    current[last] = value;
  }
  return copy;
}

/** Objects as the checks see them (built-in workload facts, sorted by address), as render does. */
export function checkedOf(objects: Objects): CheckedObject[] {
  return Object.keys(objects)
    .sort()
    .map((address) => {
      const object = objects[address]!;
      return { address, object, workload: builtinWorkload(object as unknown as Record<string, unknown>) };
    });
}

export function runCheck(check: SafetyCheck, objects: Objects): Violation[] {
  return check.run(checkedOf(objects));
}

/** `{ address, path }` of each violation, to compare with `toEqual`. */
export function locations(violations: readonly Violation[]): { address: string; path: string }[] {
  return violations.map(({ address, path }) => ({ address, path }));
}

export interface FixtureStackOptions {
  /** Stack-level exceptions (addException). */
  exceptions?: readonly Omit<CheckException, 'source'>[];
  /** Component-level exceptions, by component name. */
  componentExceptions?: Readonly<Record<string, Component['exceptions']>>;
  /** Kinds to register (custom resources the objects use). */
  kinds?: readonly KindDefinition[];
  /** Common options besides the namespace (labels, cluster, ...). */
  common?: CommonOptions;
}

/**
 * A stack whose components render exactly the given objects: one component per address
 * prefix; `stack/namespace` is left to core (createNamespace), so it must be what core renders.
 */
export function stackOf(objects: Objects, options: FixtureStackOptions = {}): Stack {
  const byComponent = new Map<string, Record<string, KubeObject>>();
  for (const [address, object] of Object.entries(objects)) {
    const [component, key] = address.split('/') as [string, string];
    if (component === 'stack') continue;
    byComponent.set(component, { ...byComponent.get(component), [key]: object });
  }
  const part = definePart('fixture', (stack) => {
    let next = stack;
    for (const [name, built] of byComponent) {
      next = addComponent(next, {
        name,
        source: `fixture-${name}`,
        build: () => structuredClone(built),
        exceptions: options.componentExceptions?.[name],
      });
    }
    if (options.kinds) next = addKinds(next, 'fixture', options.kinds);
    for (const exception of options.exceptions ?? []) {
      next = addException(next, { ...exception, source: 'fixture' });
    }
    return next;
  });
  return createStack(
    { namespace: NAMESPACE, createNamespace: 'stack/namespace' in objects, ...options.common },
    [part],
  );
}

/** The SAFETY errors one check raises when the stack is validated. */
export function safetyErrors(stack: Stack, check: SafetyCheck): MixstackError[] {
  return validateStack(stack).filter(
    (error) => error.code === 'SAFETY' && error.reason.startsWith(`[${check.name}]`),
  );
}

/**
 * The exception tests every check shares: given objects that break `check` at `address` (and
 * nothing else the check's exceptions could not cover), a named exception for that check and
 * address, at stack or component level, suppresses exactly those violations.
 */
export function exceptionTests(
  check: SafetyCheck,
  broken: () => Objects,
  address: string,
  base: Pick<FixtureStackOptions, 'kinds'> = {},
): void {
  const [component, key] = address.split('/') as [string, string];
  const reason = 'the fixture breaks it on purpose';
  const stackWith = (objects: Objects, options: FixtureStackOptions = {}) =>
    stackOf(objects, { ...base, ...options });

  test('the violation is reported through render validation, with address and path', () => {
    const errors = safetyErrors(stackWith(broken()), check);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.address).toBe(address);
      expect(error.path).toBeTruthy();
      expect(error.hint).toContain('addException');
    }
  });

  test.each([
    ['stack-level, by address', { exceptions: [{ check: check.name, address, reason }] }],
    [
      'stack-level, for the whole component',
      { exceptions: [{ check: check.name, address: `${component}/*`, reason }] },
    ],
    [
      'component-level, by key',
      { componentExceptions: { [component]: [{ key, check: check.name, reason }] } },
    ],
    [
      'component-level, for all keys',
      { componentExceptions: { [component]: [{ key: '*', check: check.name, reason }] } },
    ],
  ] as [string, FixtureStackOptions][])('an exception (%s) suppresses it', (_name, options) => {
    expect(safetyErrors(stackWith(broken(), options), check)).toEqual([]);
  });

  test('an exception for another object or another check suppresses nothing', () => {
    const other = check.name === 'probes' ? 'resources' : 'probes';
    const before = safetyErrors(stackWith(broken()), check).map((e) => e.message);
    expect(before.length).toBeGreaterThan(0);
    const options: FixtureStackOptions = {
      exceptions: [
        { check: check.name, address: `${component}/${key}Other`, reason },
        { check: check.name, address: `other/${key}`, reason },
        { check: other, address, reason },
      ],
    };
    expect(safetyErrors(stackWith(broken(), options), check).map((e) => e.message)).toEqual(before);
  });

  test('an exception naming an unknown check is an error that suggests the right name', () => {
    const typo = `${check.name.slice(0, -1)}x`;
    const problems = validateStack(stackWith(broken(), { exceptions: [{ check: typo, address, reason }] }));
    const notFound = problems.filter((error) => error.code === 'NOT_FOUND');
    expect(notFound).toHaveLength(1);
    expect(notFound[0]).toMatchObject({ address, value: typo });
    expect(notFound[0]!.hint).toContain(`"${check.name}"`);
  });
}
