import { createStack, render, validateStack } from '@mixstack/core';
import { prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { GSA_ANNOTATION, gcloudCommands, gke, googleServiceAccountId } from './index.js';
import { archiver } from './test-helpers.js';

const project = 'acme-prod';
const wi = { bucketLocation: 'EU' } as const;

const serviceAccount = (files: ReadonlyMap<string, string>, name = 'archiver') =>
  files.get(`${name}-serviceAccount.yaml`)!;

describe('Workload Identity for the buckets components declare', () => {
  test('the declared ServiceAccount gets the Google service account annotation; nothing else changes', () => {
    const stack = createStack({}, [archiver(), gke({ project, workloadIdentity: wi })]);
    const { files } = render(stack);
    expect(serviceAccount(files)).toContain(
      `${GSA_ANNOTATION}: monitoring-archiver@acme-prod.iam.gserviceaccount.com`,
    );
    const plain = render(createStack({}, [archiver()])).files;
    expect(serviceAccount(plain)).not.toContain('iam.gke.io');
    // The only difference in the archiver's files is the annotation.
    expect(
      serviceAccount(files).replace(/\n {2}annotations:\n {4}iam\.gke\.io\/gcp-service-account: \S+/, ''),
    ).toBe(serviceAccount(plain));
  });

  test('the platform tells components which object storage to configure (common.objectStorage)', () => {
    const result = render(createStack({}, [archiver(), gke({ project, workloadIdentity: wi })]));
    expect(result.values.common.objectStorage).toBe('gcs');
    expect(
      render(createStack({}, [archiver(), gke({ project })])).values.common.objectStorage,
    ).toBeUndefined();
  });

  test('the buckets are read from what the components publish; a component turned off needs none', () => {
    const stack = (enabled: boolean) =>
      createStack({}, [
        archiver(),
        archiver({ name: 'reader', buckets: { chunks: 'acme-reader-chunks' }, enabled }),
        gke({ project, workloadIdentity: wi }),
      ]);
    const on = render(stack(true));
    expect(on.stack.components.reader!.buckets).toEqual({
      chunks: { bucket: 'acme-reader-chunks', serviceAccount: { name: 'reader' }, access: 'readWrite' },
    });
    expect(gcloudCommands(on).join('\n')).toContain('gs://acme-reader-chunks');
    expect(gcloudCommands(stack(false)).join('\n')).not.toContain('gs://acme-reader-chunks');
    expect(gcloudCommands(stack(false)).join('\n')).toContain('gs://acme-archiver-data');
  });

  test('gcloudCommands: buckets, a Google service account per ServiceAccount, its bindings', () => {
    const stack = createStack({ namespace: 'observability' }, [
      archiver({ buckets: { chunks: 'acme-logs-chunks', ruler: 'acme-logs-ruler' } }),
      archiver({ name: 'reader', buckets: { chunks: 'acme-logs-chunks' }, access: 'read' }),
      gke({ project, workloadIdentity: wi }),
    ]);
    expect(gcloudCommands(stack)).toEqual([
      '# Workload Identity must be on for the cluster (always on with Autopilot; Standard: --workload-pool=acme-prod.svc.id.goog).',
      'gcloud storage buckets create gs://acme-logs-chunks --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention',
      'gcloud storage buckets create gs://acme-logs-ruler --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention',
      'gcloud iam service-accounts create observability-archiver --project=acme-prod --display-name="mixstack observability/archiver"',
      'gcloud iam service-accounts add-iam-policy-binding observability-archiver@acme-prod.iam.gserviceaccount.com --project=acme-prod --role=roles/iam.workloadIdentityUser --member="serviceAccount:acme-prod.svc.id.goog[observability/archiver]"',
      'gcloud storage buckets add-iam-policy-binding gs://acme-logs-chunks --project=acme-prod --member="serviceAccount:observability-archiver@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectUser',
      'gcloud storage buckets add-iam-policy-binding gs://acme-logs-ruler --project=acme-prod --member="serviceAccount:observability-archiver@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectUser',
      'gcloud iam service-accounts create observability-reader --project=acme-prod --display-name="mixstack observability/reader"',
      'gcloud iam service-accounts add-iam-policy-binding observability-reader@acme-prod.iam.gserviceaccount.com --project=acme-prod --role=roles/iam.workloadIdentityUser --member="serviceAccount:acme-prod.svc.id.goog[observability/reader]"',
      'gcloud storage buckets add-iam-policy-binding gs://acme-logs-chunks --project=acme-prod --member="serviceAccount:observability-reader@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectViewer',
    ]);
    // The same commands are in the build summary.
    const notice = render(stack).summary.notices.find((n) => n.id === 'gke-workload-identity')!;
    expect(notice.message).toContain(gcloudCommands(stack).join('\n'));
  });

  test("principal mode: roles granted to the ServiceAccount's principal, nothing annotated", () => {
    const stack = createStack({}, [
      archiver(),
      gke({ project, workloadIdentity: { ...wi, mode: 'principal', projectNumber: '123456789012' } }),
    ]);
    expect(gcloudCommands(stack).slice(1)).toEqual([
      'gcloud storage buckets create gs://acme-archiver-data --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention',
      'gcloud storage buckets add-iam-policy-binding gs://acme-archiver-data --project=acme-prod --member="principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/subject/ns/monitoring/sa/archiver" --role=roles/storage.objectUser',
    ]);
    expect(serviceAccount(render(stack).files)).not.toContain('iam.gke.io');
  });

  test('no bucket declared, or Workload Identity off: no commands and no annotation', () => {
    expect(gcloudCommands(createStack({}, [prometheus(), gke({ project, workloadIdentity: true })]))).toEqual(
      [],
    );
    const off = createStack({}, [archiver(), gke({ project })]);
    expect(gcloudCommands(off)).toEqual([]);
    expect(serviceAccount(render(off).files)).not.toContain('iam.gke.io');
    expect(gcloudCommands(createStack({}, [archiver()]))).toEqual([]);
  });

  test('claims for ServiceAccounts the stack does not render are problems, every one', () => {
    const problems = validateStack(
      createStack({}, [
        archiver({ renderServiceAccount: false }),
        archiver({ name: 'reader', renderServiceAccount: false }),
        gke({ project, workloadIdentity: wi }),
      ]),
    ).filter((p) => p.address === 'gke/workloadIdentity');
    expect(problems.map((p) => [p.code, p.value])).toEqual([
      ['NOT_FOUND', 'monitoring/archiver'],
      ['NOT_FOUND', 'monitoring/reader'],
    ]);
    expect(problems[0]!.reason).toContain(
      'archiver declares buckets for the ServiceAccount monitoring/archiver',
    );
  });

  test('buckets without a location to create them in: a problem saying which option to set', () => {
    const problems = validateStack(createStack({}, [archiver(), gke({ project, workloadIdentity: true })]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'gke', 'workloadIdentity.bucketLocation'],
    ]);
    expect(problems[0]!.reason).toContain('acme-archiver-data');
  });

  test('invalid claims name the component, the claim and the field; the valid ones are granted', () => {
    const stack = createStack({}, [
      archiver({ buckets: { data: 'Not_A_Bucket!', logs: 'acme-archiver-logs' } }),
      archiver({ name: 'reader', buckets: { data: 'x' } }),
      gke({ project, workloadIdentity: wi }),
    ]);
    expect(validateStack(stack).map((p) => [p.code, p.address, p.path, p.value])).toEqual([
      ['INVALID_OPTION', 'archiver', 'buckets.data.bucket', 'Not_A_Bucket!'],
      ['INVALID_OPTION', 'reader', 'buckets.data.bucket', 'x'],
    ]);
  });

  test.each([
    ['monitoring', 'loki', /^monitoring-loki$/],
    ['a', 'b', /^a-b-gsa$/],
    ['observability', 'tempo-compactor-with-a-long-name', /^observability-tempo-c-[0-9a-f]{8}$/],
    ['9ns', 'x', /^sa-9ns-x$/],
  ])('Google service account id for %s/%s', (namespace, name, expected) => {
    const id = googleServiceAccountId(namespace, name);
    // What IAM accepts: 6 to 30 characters, a letter first, no hyphen last.
    expect(id).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(id).toMatch(expected);
  });

  test('long names stay distinct', () => {
    const a = googleServiceAccountId('observability', 'tempo-compactor-with-a-long-name');
    const b = googleServiceAccountId('observability', 'tempo-compactor-with-a-long-name-2');
    expect(a).not.toBe(b);
  });
});

describe('the gcloud commands, as the real gcloud parses them', () => {
  /**
   * gcloud parses its arguments before it looks for credentials: without an account (an empty
   * configuration folder), a command it accepts stops at "no active account", one with a wrong
   * flag or value at a usage error. Nothing reaches Google Cloud.
   */
  async function parseWithGcloud(command: string): Promise<string> {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const config = mkdtempSync(join(tmpdir(), 'mixstack-gcloud-'));
    const args = [...command.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map((m) => m[0].replace(/"/g, '')).slice(1);
    try {
      return await new Promise((resolve, reject) => {
        const child = spawn('gcloud', args, {
          env: { ...process.env, CLOUDSDK_CONFIG: config, CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.on('error', reject);
        child.on('close', () => resolve(output));
      });
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  }

  test('every command of both modes is accepted; a wrong flag is not', async () => {
    const serviceAccountMode = gcloudCommands(
      createStack({}, [archiver(), gke({ project, workloadIdentity: wi })]),
    );
    const principalMode = gcloudCommands(
      createStack({}, [
        archiver(),
        gke({ project, workloadIdentity: { ...wi, mode: 'principal', projectNumber: '123456789012' } }),
      ]),
    );
    const commands = [...new Set([...serviceAccountMode, ...principalMode])].filter((c) =>
      c.startsWith('gcloud '),
    );
    expect(commands).toHaveLength(5);
    const outputs = await Promise.all(
      [...commands, 'gcloud storage buckets create gs://x --no-such-flag'].map(parseWithGcloud),
    );
    for (const [i, output] of outputs.slice(0, -1).entries()) {
      expect(output, commands[i]).toMatch(/active account/);
      expect(output, commands[i]).not.toMatch(/unrecognized arguments|ERROR: \(gcloud\.[^)]*\) argument/);
    }
    expect(outputs.at(-1)).toMatch(/unrecognized arguments/);
  });
});
