import {
  contentHash,
  type InhibitRule,
  MixstackError,
  type OrderedRoute,
  type Receiver,
} from '@mixstack/core';
import {
  SEVERITIES,
  type SecretKeyRef,
  type Severity,
  type SlackOptions,
  type SlackTarget,
  secretFile,
  throwAll,
} from './config.js';
import { TEMPLATE_NAMES } from './templates.js';

/**
 * Positions of the routes this addon adds among the root's child routes (lower first). The
 * alertmanager part routes Watchdog and InfoInhibitor to its `null` receiver at 0 and 1, so
 * they never reach Slack; routes of other parts without an order sit at 100, before these.
 */
export const ROUTE_ORDER = { matchers: 200, severities: 300 } as const;

/** The receiver that drops what is sent to it (severities switched off with `false`); the colon keeps it apart from every channel's receiver. */
export const MUTED_RECEIVER = 'slack:muted';

/** Everything `slack()` adds to the stack's `alerting` section, computed from its options alone. */
export interface SlackRouting {
  /** Receiver of alerts no child route takes: the default channel (the alertmanager root route's receiver). */
  defaultReceiver: string;
  receivers: Record<string, Receiver>;
  routes: Record<string, OrderedRoute>;
  inhibitRules: Record<string, InhibitRule>;
  /** Secrets Alertmanager must mount, by name. */
  secrets: string[];
}

/** `slack-payments-alerts` for `#payments-alerts`. */
export function receiverName(channel: string): string {
  return `slack-${channel.replace(/^#/, '')}`;
}

/** An Alertmanager matcher `name = "value"`, the value quoted as Alertmanager parses it. */
export function equalityMatcher(name: string, value: string): string {
  return `${name} = ${JSON.stringify(value)}`;
}

const matchersOf = (labels: Record<string, string>): string[] =>
  Object.keys(labels)
    .sort()
    .map((name) => equalityMatcher(name, labels[name]!));

/** One `slack_configs` entry; the texts are our templates (see templates.ts). */
export function slackConfig(channel: string, secret: SecretKeyRef): Record<string, unknown> {
  return {
    api_url_file: secretFile(secret),
    channel,
    send_resolved: true,
    title: `{{ template "${TEMPLATE_NAMES.title}" . }}`,
    title_link: `{{ template "${TEMPLATE_NAMES.titleLink}" . }}`,
    text: `{{ template "${TEMPLATE_NAMES.text}" . }}`,
    fallback: `{{ template "${TEMPLATE_NAMES.fallback}" . }}`,
    color: `{{ template "${TEMPLATE_NAMES.color}" . }}`,
  };
}

/**
 * Receivers, routes, inhibit rules and Secret mounts for the options. Pure; throws one
 * MixstackError carrying every contradiction of the options (`others`).
 */
export function planRouting(options: SlackOptions): SlackRouting {
  const problems: MixstackError[] = [];
  const receivers: Record<string, Receiver> = {};
  const secretsByReceiver = new Map<string, { secret: SecretKeyRef; path: string }>();
  const secrets = new Set<string>();

  const receiverFor = (target: SlackTarget, path: string): string => {
    const secret = target.webhookSecret ?? options.webhookSecret;
    const name = receiverName(target.channel);
    const known = secretsByReceiver.get(name);
    if (known && (known.secret.name !== secret.name || known.secret.key !== secret.key)) {
      problems.push(
        new MixstackError({
          code: 'INVALID_OPTION',
          message: `channel ${target.channel} is given two different webhooks (${known.path} and ${path})`,
          address: 'slack',
          path,
          value: secret,
          hint: 'a channel has one webhook: give the same webhookSecret to every route of that channel',
        }),
      );
    }
    if (!known) {
      secretsByReceiver.set(name, { secret, path });
      receivers[name] = { slack_configs: [slackConfig(target.channel, secret)] };
      secrets.add(secret.name);
    }
    return name;
  };

  const defaultReceiver = receiverFor({ channel: options.channel }, 'channel');
  const routes: Record<string, OrderedRoute> = {};

  options.routes.forEach((route, i) => {
    const receiver = receiverFor(route, `routes.${i}`);
    routes[`slack-match-${String(i + 1).padStart(2, '0')}`] = {
      order: ROUTE_ORDER.matchers + i,
      route: {
        receiver,
        matchers: matchersOf(route.matchers),
        ...(route.continue ? { continue: true } : {}),
      },
    };
  });

  SEVERITIES.forEach((severity: Severity, i) => {
    const target = options.severityChannels[severity];
    if (target === undefined) return;
    let receiver: string;
    if (target === false) {
      receivers[MUTED_RECEIVER] = {};
      receiver = MUTED_RECEIVER;
    } else {
      receiver = receiverFor(target, `severityChannels.${severity}`);
    }
    routes[`slack-severity-${severity}`] = {
      order: ROUTE_ORDER.severities + i,
      route: { receiver, matchers: [equalityMatcher('severity', severity)] },
    };
  });

  const inhibitRules: Record<string, InhibitRule> = {};
  for (const rule of options.inhibitRules) {
    const value: InhibitRule = {
      source_matchers: matchersOf(rule.source),
      target_matchers: matchersOf(rule.target),
      ...(rule.equal?.length ? { equal: [...rule.equal].sort() } : {}),
    };
    // Derived from the content: the same rule twice is one rule, whatever the order.
    inhibitRules[`slack-${contentHash(value).slice(0, 12)}`] = value;
  }

  throwAll(problems);
  return { defaultReceiver, receivers, routes, inhibitRules, secrets: [...secrets].sort() };
}
