import {
  ALERTMANAGER_SECRETS_DIR,
  type AlertRoute,
  isPlainObject,
  MixstackError,
  type ResolvedAlerting,
} from '@mixstack/core';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';

/** Where the operator mounts the Secrets named in `spec.secrets`: `<dir>/<secret name>/<key>`. them there (core's section contract). */
export const SECRETS_DIR = ALERTMANAGER_SECRETS_DIR;
/** Where the operator mounts the keys of the configuration Secret (the templates among them). */
export const CONFIG_DIR = '/etc/alertmanager/config';

/**
 * Fields of Alertmanager's configuration whose values are credentials (`<secret>` in its
 * documentation). They must come from a mounted Secret through their `*_file` twin: the
 * rendered configuration ends up in Git.
 */
const SECRET_FIELDS = new Set([
  'api_key',
  'api_secret',
  'api_url',
  'app_token',
  'auth_password',
  'auth_secret',
  'bearer_token',
  'bot_token',
  'client_secret',
  'credentials',
  'password',
  'routing_key',
  'service_key',
  'token',
  'user_key',
  'webhook_url',
]);

const ADDRESS = 'alertmanager/secret';

/** Every route's receiver, with its path in the configuration. */
function routeReceivers(route: AlertRoute, path: string): { path: string; receiver: string }[] {
  return [
    { path: `${path}.receiver`, receiver: route.receiver },
    ...(route.routes ?? []).flatMap((child, i) => routeReceivers(child, `${path}.routes.${i}`)),
  ];
}

function* fields(value: unknown, path: string): Generator<{ key: string; path: string; value: unknown }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* fields(value[i], `${path}.${i}`);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      yield { key, path: `${path}.${key}`, value: value[key] };
      yield* fields(value[key], `${path}.${key}`);
    }
  }
}

/** Checks one receiver: no inline credentials, and every secret file it reads is mounted. */
function checkReceiver(name: string, receiver: Record<string, unknown>, mounted: ReadonlySet<string>): void {
  for (const field of fields(receiver, `receivers.${name}`)) {
    if (SECRET_FIELDS.has(field.key) && field.value !== undefined && field.value !== null) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: `receiver "${name}" writes the credential ${field.key} into the configuration`,
        address: ADDRESS,
        path: field.path,
        value: '<redacted>',
        hint: `reference a Secret instead: mount it with addSecretMount and set ${field.key}_file: ${SECRETS_DIR}/<secret>/<key>`,
      });
    }
    if (
      field.key.endsWith('_file') &&
      typeof field.value === 'string' &&
      field.value.startsWith(`${SECRETS_DIR}/`)
    ) {
      const secret = field.value.slice(SECRETS_DIR.length + 1).split('/')[0] ?? '';
      if (!mounted.has(secret)) {
        throw new MixstackError({
          code: 'NOT_FOUND',
          message: `receiver "${name}" reads ${field.value}, but no Secret "${secret}" is mounted`,
          address: ADDRESS,
          path: field.path,
          value: field.value,
          hint: `mount the Secret with addSecretMount(stack, source, "${secret}", { secretName: "${secret}" })`,
        });
      }
    }
  }
}

/** Template file names become keys of the configuration Secret. */
const TEMPLATE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.tmpl$/;

/**
 * The Alertmanager configuration, built at render time from the stack's `alerting` section:
 * the root route from the options, the section's child routes in their order, its receivers,
 * inhibit rules and templates. Credentials are never in it: receivers read them from mounted
 * Secrets (`*_file`). Throws a MixstackError for a route to an unknown receiver, an inline
 * credential, a secret file that is not mounted or a bad template name.
 */
export function alertmanagerConfig(
  values: AlertmanagerOptions,
  alerting: ResolvedAlerting,
): Record<string, unknown> {
  const receivers = alerting.receivers;
  const mounted = new Set(Object.values(alerting.secretMounts).map((mount) => mount.secretName));
  for (const name of Object.keys(receivers).sort()) {
    const receiver = receivers[name];
    if (!isPlainObject(receiver)) {
      throw new MixstackError({
        code: 'SCHEMA',
        message: `receiver "${name}" is not an object`,
        address: ADDRESS,
        path: `receivers.${name}`,
        value: receiver,
        hint: 'a receiver is an object of integrations, such as { slack_configs: [...] } ({} receives nothing)',
      });
    }
    if ('name' in receiver) {
      throw new MixstackError({
        code: 'SCHEMA',
        message: `receiver "${name}" sets its own name`,
        address: ADDRESS,
        path: `receivers.${name}.name`,
        value: receiver.name,
        hint: 'the name is the key the receiver was added under (addReceiver); remove the name field',
      });
    }
    checkReceiver(name, receiver, mounted);
  }
  const route: AlertRoute = {
    receiver: values.route.receiver,
    group_by: [...values.route.groupBy],
    group_wait: values.route.groupWait,
    group_interval: values.route.groupInterval,
    repeat_interval: values.route.repeatInterval,
    routes: alerting.routes.map((entry) => entry.route),
  };
  const references = [
    { path: 'route.receiver', receiver: route.receiver, id: 'the root route (alertmanager.route.receiver)' },
    ...alerting.routes.flatMap((entry, i) =>
      routeReceivers(entry.route, `route.routes.${i}`).map((found) => ({
        ...found,
        id: `route "${entry.id}"`,
      })),
    ),
  ];
  for (const reference of references) {
    if (!Object.hasOwn(receivers, reference.receiver)) {
      throw new MixstackError({
        code: 'NOT_FOUND',
        message: `${reference.id} sends to the receiver "${reference.receiver}", which no part adds`,
        address: ADDRESS,
        path: reference.path,
        value: reference.receiver,
        hint: `add the receiver (addReceiver) or route to one of: ${Object.keys(receivers).sort().join(', ')}`,
      });
    }
  }
  const templates = Object.keys(alerting.templates).sort();
  for (const file of templates) {
    if (!TEMPLATE_FILE.test(file)) {
      throw new MixstackError({
        code: 'INVALID_NAME',
        message: 'a notification template file name must end in .tmpl',
        address: ADDRESS,
        path: `templates.${file}`,
        value: file,
        hint: 'name the template such as "slack.tmpl" (letters, digits, ".", "_" and "-")',
      });
    }
  }
  return {
    global: { resolve_timeout: values.resolveTimeout },
    route,
    receivers: Object.keys(receivers)
      .sort()
      .map((name) => ({ name, ...receivers[name] })),
    inhibit_rules: Object.keys(alerting.inhibitRules)
      .sort()
      .map((id) => alerting.inhibitRules[id]),
    ...(templates.length > 0 ? { templates: [`${CONFIG_DIR}/*.tmpl`] } : {}),
  };
}
