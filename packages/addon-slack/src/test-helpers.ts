// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CommonOptions,
  createStack,
  type DeepPartial,
  type Part,
  type RenderResult,
  render,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { type AlertmanagerOptions, prometheus } from 'mixstack';
import { parse } from 'yaml';
import { SECRETS_DIR } from './config.js';

/** Where the operator mounts the configuration Secret's keys (the templates among them). */
export const CONFIG_DIR = '/etc/alertmanager/config';

/** The smallest prometheus() for these tests: the parts Alertmanager needs, nothing that scrapes nodes. */
export function metrics(alertmanager: DeepPartial<AlertmanagerOptions> = {}): Part {
  return prometheus({
    replicas: 1,
    nodeExporter: false,
    kubeStateMetrics: false,
    controlPlane: false,
    alertmanager,
  });
}

export function renderStack(parts: Part[], common: CommonOptions = {}): RenderResult {
  return render(createStack(common, parts));
}

export interface RenderedAlertmanager {
  /** `alertmanager.yaml` as rendered into the configuration Secret. */
  config: string;
  /** The notification templates of the Secret, by file name. */
  templates: Record<string, string>;
  /** The `Alertmanager` resource. */
  resource: { spec: { secrets?: string[] } };
}

export function renderedAlertmanager(result: RenderResult): RenderedAlertmanager {
  const secret = result.objects.find((o) => o.address === 'alertmanager/secret')?.object as
    | { stringData: Record<string, string> }
    | undefined;
  const resource = result.objects.find((o) => o.address === 'alertmanager/alertmanager')?.object;
  if (!secret || !resource) throw new Error('the stack renders no Alertmanager');
  const { 'alertmanager.yaml': config, ...templates } = secret.stringData;
  return { config: config!, templates, resource: resource as unknown as RenderedAlertmanager['resource'] };
}

export function parsedConfig(config: string): {
  route: { receiver: string; routes: { receiver: string; matchers: string[]; continue?: boolean }[] };
  receivers: ({ name: string } & Record<string, unknown>)[];
  inhibit_rules: unknown[];
  templates?: string[];
} {
  return parse(config);
}

/**
 * The rendered configuration made runnable outside Kubernetes. In the cluster the operator
 * mounts each Secret of `spec.secrets` at /etc/alertmanager/secrets/<secret>/<key> and the
 * configuration Secret's keys at /etc/alertmanager/config/; here both folders are replaced by
 * folders of the temporary directory the tools run in (the only change made to the rendered
 * file), and `files` holds their contents: the templates, and each webhook file with the URL
 * given for it (a local HTTP server standing in for Slack).
 */
export function localConfig(
  rendered: RenderedAlertmanager,
  webhookUrls: Readonly<Record<string, string>>,
): { config: string; files: Record<string, string> } {
  const config = rendered.config
    .replaceAll(`${SECRETS_DIR}/`, 'secrets/')
    .replaceAll(`${CONFIG_DIR}/`, 'config/');
  const files: Record<string, string> = {};
  for (const [file, content] of Object.entries(rendered.templates)) files[`config/${file}`] = content;
  for (const [secretFile, url] of Object.entries(webhookUrls)) files[`secrets/${secretFile}`] = `${url}\n`;
  return { config, files };
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);
