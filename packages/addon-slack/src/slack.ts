import {
  addInhibitRule,
  addNotice,
  addReceiver,
  addRoute,
  addSecretMount,
  addTemplate,
  definePart,
  type Part,
  partWithOptions,
  type StackView,
  setRootRoute,
  type Values,
} from '@mixstack/core';
import { parseSlackOptions, type SlackInput, type SlackOptions, SOURCE } from './config.js';
import { planRouting } from './routing.js';
import { slackTemplates, TEMPLATE_FILE } from './templates.js';

/** Who sets Alertmanager's root route: this addon, below what the user passes to `alertmanager()`. */
const ADJUSTER = { source: SOURCE, layer: 'addon' } as const;

/**
 * Grafana's public URL, when the stack runs a Grafana that publishes one (its own `rootUrl`, or
 * the URL a platform exposes it at): read from its contract, never from its values. A URL that
 * would break out of the template text is left out.
 */
function grafanaExternalUrl(view: StackView): string | undefined {
  const url = view.has('grafana') ? view.components.grafana?.externalUrl : undefined;
  return typeof url === 'string' && /^https?:\/\/[^\s"\\{}|<>`]+$/.test(url) ? url : undefined;
}

function secretsNotice(options: SlackOptions, secrets: readonly string[], values: Values): string {
  const keys = new Map<string, Set<string>>();
  const refs = [
    options.webhookSecret,
    ...options.routes.map((route) => route.webhookSecret),
    ...Object.values(options.severityChannels).map((target) => (target ? target.webhookSecret : undefined)),
  ];
  for (const ref of refs) if (ref) keys.set(ref.name, (keys.get(ref.name) ?? new Set()).add(ref.key));
  const namespace = values.common.namespace;
  const commands = secrets.map(
    (name) =>
      `kubectl -n ${namespace} create secret generic ${name} ${[...(keys.get(name) ?? [])]
        .sort()
        .map((key) => `--from-literal=${key}='https://hooks.slack.com/services/...'`)
        .join(' ')}`,
  );
  const [these, it] = secrets.length > 1 ? ['the Secrets', 'them'] : ['the Secret', 'it'];
  return `Alertmanager reads the Slack webhook URLs from ${these} ${secrets.map((s) => `"${s}"`).join(', ')}, which it mounts (its pods do not start without ${it}); create ${it} before applying: ${commands.join(' && ')}`;
}

/**
 * Slack notifications for the stack's Alertmanager. Adds to the `alerting` section: one
 * receiver per channel (`send_resolved: true`, texts from our templates, the webhook URL read
 * from a mounted Secret with `api_url_file`), routes by label matchers (first, in order) and by
 * severity, the default channel as the root route's receiver (with the grouping of these
 * options, through core's `setRootRoute` in the `addon` layer: what you pass to
 * `alertmanager()` wins), the templates, and the Secret mounts. Watchdog and InfoInhibitor are
 * routed to `null` by the alertmanager part before any of these routes, so they never reach
 * Slack. The options are checked when the part is applied: every problem is recorded in the
 * stack, none thrown by the call.
 *
 * ```ts
 * slack({ webhookSecret: { name: 'alertmanager-slack', key: 'url' }, channel: '#alerts' })
 * ```
 */
export function slack(userOptions: SlackInput): Part {
  return partWithOptions(
    'slack',
    () => {
      const parsed = parseSlackOptions(userOptions);
      return { parsed, routing: planRouting(parsed) };
    },
    ({ parsed, routing }) =>
      definePart('slack', (stack) => {
        let next = setRootRoute(stack, ADJUSTER, {
          receiver: routing.defaultReceiver,
          groupBy: [...parsed.groupBy],
          groupWait: parsed.groupWait,
          groupInterval: parsed.groupInterval,
          repeatInterval: parsed.repeatInterval,
        });
        for (const secret of routing.secrets)
          next = addSecretMount(next, SOURCE, secret, { secretName: secret });
        for (const [name, receiver] of Object.entries(routing.receivers))
          next = addReceiver(next, SOURCE, name, receiver);
        for (const [id, route] of Object.entries(routing.routes)) next = addRoute(next, SOURCE, id, route);
        for (const [id, rule] of Object.entries(routing.inhibitRules))
          next = addInhibitRule(next, SOURCE, id, rule);
        next = addTemplate(next, SOURCE, TEMPLATE_FILE, (_values, view) =>
          slackTemplates(parsed.grafanaUrl ?? grafanaExternalUrl(view)),
        );
        return addNotice(next, SOURCE, 'slack-webhook-secret', (values) => ({
          level: 'info',
          message: secretsNotice(parsed, routing.secrets, values),
        }));
      }),
  );
}
