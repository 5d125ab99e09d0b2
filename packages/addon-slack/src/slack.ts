import {
  addInhibitRule,
  addNotice,
  addReceiver,
  addRoute,
  addSecretMount,
  addTemplate,
  definePart,
  type Part,
  type Values,
  withValues,
} from '@mixstack/core';
import { parseSlackOptions, type SlackInput, type SlackOptions, SOURCE } from './config.js';
import { planRouting } from './routing.js';
import { slackTemplates, TEMPLATE_FILE } from './templates.js';

/** Grafana's public URL, when the stack's Grafana component has one (its documented `rootUrl` value). */
function grafanaRootUrl(values: Values): string | undefined {
  const rootUrl = (values.grafana as { rootUrl?: unknown } | undefined)?.rootUrl;
  return typeof rootUrl === 'string' && /^https?:\/\/[^\s"\\{}|<>`]+$/.test(rootUrl) ? rootUrl : undefined;
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
 * options, in the `addon` layer: what you pass to `alertmanager()` wins), the templates, and
 * the Secret mounts. Watchdog and InfoInhibitor are routed to `null` by the alertmanager part
 * before any of these routes, so they never reach Slack.
 *
 * ```ts
 * slack({ webhookSecret: { name: 'alertmanager-slack', key: 'url' }, channel: '#alerts' })
 * ```
 */
export function slack(userOptions: SlackInput): Part {
  const parsed = parseSlackOptions(userOptions);
  const routing = planRouting(parsed);
  return definePart('slack', (stack) => {
    let next = withValues(stack, SOURCE, 'addon', {
      alertmanager: {
        route: {
          receiver: routing.defaultReceiver,
          groupBy: [...parsed.groupBy],
          groupWait: parsed.groupWait,
          groupInterval: parsed.groupInterval,
          repeatInterval: parsed.repeatInterval,
        },
      },
    });
    for (const secret of routing.secrets) next = addSecretMount(next, SOURCE, secret, { secretName: secret });
    for (const [name, receiver] of Object.entries(routing.receivers))
      next = addReceiver(next, SOURCE, name, receiver);
    for (const [id, route] of Object.entries(routing.routes)) next = addRoute(next, SOURCE, id, route);
    for (const [id, rule] of Object.entries(routing.inhibitRules))
      next = addInhibitRule(next, SOURCE, id, rule);
    next = addTemplate(next, SOURCE, TEMPLATE_FILE, (values) =>
      slackTemplates(parsed.grafanaUrl ?? grafanaRootUrl(values)),
    );
    return addNotice(next, SOURCE, 'slack-webhook-secret', (values) => ({
      level: 'info',
      message: secretsNotice(parsed, routing.secrets, values),
    }));
  });
}
