import {
  ALERTMANAGER_SECRETS_DIR,
  alertmanagerSecretFile,
  DATASOURCE_UIDS,
  type DeepPartial,
  isPlainObject,
  MixstackError,
  options,
  throwProblems,
} from '@mixstack/core';

/** Package name: the `source` of everything this package adds to a stack. */
export const SOURCE = '@mixstack/addon-slack';

/** A key of a Secret you create in the stack's namespace (never its content). */
export interface SecretKeyRef {
  /** Name of the Secret. */
  name: string;
  /** Key inside the Secret whose value is the webhook URL. */
  key: string;
}

/** Where a notification goes: a channel, and the webhook that posts into it. */
export interface SlackTarget {
  /** Slack channel, such as `#alerts`. */
  channel: string;
  /**
   * The webhook of this channel. Slack apps' incoming webhooks post only into the channel they
   * were created for, so a channel other than the default usually needs its own webhook.
   * @default the top-level `webhookSecret`
   */
  webhookSecret?: SecretKeyRef;
}

/** Alerts whose labels equal all `matchers` go to `channel` (checked before severities, in list order). */
export interface SlackRoute extends SlackTarget {
  /** Label name → value, all of which must be equal: `{ team: 'payments' }`. */
  matchers: Record<string, string>;
  /**
   * Also go on to the severity and default channels after this one.
   * @default false
   */
  continue?: boolean;
}

export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** An Alertmanager inhibit rule in label equalities: while `source` fires, `target` is silenced. */
export interface SlackInhibitRule {
  source: Record<string, string>;
  target: Record<string, string>;
  /** Labels that must have the same value on both alerts. @default [] */
  equal?: string[];
}

/** The options of `slack()`, normalized: every field set. */
export interface SlackOptions {
  /**
   * The Secret key holding the incoming-webhook URL (`https://hooks.slack.com/services/...`).
   * Alertmanager mounts the Secret and reads the URL from the file (`api_url_file`); the URL
   * never appears in a rendered file. Required.
   */
  webhookSecret: SecretKeyRef;
  /** Channel of every alert no other route takes, such as `#alerts`. Required. */
  channel: string;
  /**
   * A channel per severity (`{ critical: '#alerts-critical' }`), or `false` to send alerts of
   * that severity nowhere. Severities left out go to `channel`.
   * @default {}
   */
  severityChannels: Partial<Record<Severity, SlackTarget | false>>;
  /** Channels by label matchers, matched first and in this order. @default [] */
  routes: SlackRoute[];
  /** How alerts are grouped into one message. @default ['namespace', 'alertname'] */
  groupBy: string[];
  /** How long to wait for more alerts of a new group before the first message. @default '30s' */
  groupWait: string;
  /** How long to wait before telling about changes in a group (new or resolved alerts). @default '5m' */
  groupInterval: string;
  /** How often a still-firing group is posted again. @default '12h' */
  repeatInterval: string;
  /**
   * Grafana's URL, for the "Grafana" link of each alert (Explore on the `ALERTS` series).
   * @default the external URL the stack's Grafana publishes (its `rootUrl`, or the one a platform
   * exposes it at), else no link
   */
  grafanaUrl?: string;
  /** Inhibit rules added to Alertmanager (they apply to every receiver). @default [] */
  inhibitRules: SlackInhibitRule[];
}

/** What `slack()` accepts: `webhookSecret` and `channel` are required, the rest optional. */
export type SlackInput = Pick<SlackOptions, 'webhookSecret' | 'channel'> &
  Partial<Omit<SlackOptions, 'webhookSecret' | 'channel' | 'severityChannels' | 'routes'>> & {
    /** A channel name is short for `{ channel }`. */
    severityChannels?: Partial<Record<Severity, string | SlackTarget | false>>;
    routes?: SlackRoute[];
  };

export function defaultSlackOptions(): Omit<SlackOptions, 'webhookSecret' | 'channel'> {
  return {
    severityChannels: {},
    routes: [],
    groupBy: ['namespace', 'alertname'],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '12h',
    inhibitRules: [],
  };
}

/** Where the Alertmanager resource mounts `spec.secrets` (core's section contract). */
export const SECRETS_DIR = ALERTMANAGER_SECRETS_DIR;

/** The file Alertmanager reads a webhook URL from. */
export function secretFile(secret: SecretKeyRef): string {
  return alertmanagerSecretFile(secret.name, secret.key);
}

/** The Prometheus datasource uid Grafana links point at (core's fixed uid). */
export const PROMETHEUS_DATASOURCE_UID = DATASOURCE_UIDS.prometheus;

const WEBHOOK_URL = /hooks\.slack(-gov)?\.com/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

function webhookUrlError(path: string): MixstackError {
  return new MixstackError({
    code: 'INVALID_OPTION',
    message:
      'a Slack webhook URL was passed where a reference to a Kubernetes Secret belongs: the URL is a credential (anyone who has it can post into your Slack), and an option value ends up in the rendered manifests, which go to Git',
    address: 'slack',
    path,
    value: '<redacted webhook URL>',
    hint: `create a Secret with the URL, e.g. kubectl -n monitoring create secret generic alertmanager-slack --from-literal=url='https://hooks.slack.com/services/...', and pass ${path.endsWith('webhookSecret') ? path : 'webhookSecret'}: { name: 'alertmanager-slack', key: 'url' }`,
  });
}

/**
 * Every webhook URL anywhere in the options, found before anything else looks at them (so that
 * no other problem echoes one). Walks plain objects and arrays only, to a bounded depth.
 */
export function webhookUrlProblems(value: unknown, path: string[] = [], depth = 0): MixstackError[] {
  if (typeof value === 'string') {
    return WEBHOOK_URL.test(value) || (URL_LIKE.test(value) && path.some((p) => p === 'webhookSecret'))
      ? [webhookUrlError(path.join('.'))]
      : [];
  }
  if (depth > 6) return [];
  if (Array.isArray(value))
    return value.flatMap((entry, i) => webhookUrlProblems(entry, [...path, String(i)], depth + 1));
  if (isPlainObject(value))
    return Object.keys(value).flatMap((key) => webhookUrlProblems(value[key], [...path, key], depth + 1));
  return [];
}

/** Throws problems as one MixstackError carrying the others (which `partWithOptions` records, every one). */
export function throwAll(problems: readonly MixstackError[]): void {
  throwProblems(problems);
}

/** A URL in `webhookSecret` (of any scheme): the same mistake, said the same way. */
function secretRefSchema(): options.Schema<SecretKeyRef> {
  const shape = options.object(
    {
      name: options.required(options.secretName()),
      key: options.required(
        options.string({
          pattern: /^[-._a-zA-Z0-9]+$/,
          maxLength: 253,
          expected: 'a Secret key (letters, digits, "-", "_" and ".")',
          hint: 'use the key you gave kubectl create secret, such as "url"',
        }),
      ),
    },
    'a Secret reference { name, key }',
  ) as options.Schema<SecretKeyRef>;
  return {
    expected: shape.expected,
    parse(value, at) {
      if (typeof value === 'string') {
        throw new MixstackError({
          code: 'INVALID_OPTION',
          message: 'expected a reference to a Secret key, not a string',
          address: at.address,
          path: at.path.join('.'),
          value,
          hint: 'pass { name: "<Secret name>", key: "<key holding the webhook URL>" }, such as { name: "alertmanager-slack", key: "url" }',
        });
      }
      return shape.parse(value, at);
    },
  };
}

const CHANNEL = /^#[a-z0-9_][a-z0-9_-]{0,79}$/;

function channelSchema(): options.Schema<string> {
  const expected =
    'a Slack channel such as "#alerts" ("#", then at most 80 lower-case letters, digits, "-" and "_")';
  return {
    expected,
    parse(value, at) {
      if (typeof value === 'string' && CHANNEL.test(value)) return value;
      const candidate = typeof value === 'string' ? `#${value.replace(/^#/, '').toLowerCase()}` : undefined;
      const suggestion =
        candidate !== undefined && CHANNEL.test(candidate) && candidate !== value
          ? ` Did you mean "${candidate}"?`
          : '';
      throw options.invalidOption(at, value, expected, `pass the channel name with its "#".${suggestion}`);
    },
  };
}

const labelName = (): options.Schema<string> =>
  options.string({
    pattern: /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/,
    expected: 'an alert label name such as "team" or "severity"',
  });

const labelValue = (): options.Schema<string> =>
  options.string({
    pattern: /^[^\r\n]+$/,
    maxLength: 1024,
    expected: 'a label value (one line, not empty)',
  });

/**
 * Label matchers: at least one. The emptiness is checked on what was given, not on what parsed:
 * matchers whose only entry is wrong are reported for that entry, not as "none".
 */
function matchersSchema(): options.Schema<Record<string, string>> {
  const record = options.record(labelValue(), labelName());
  return {
    expected: record.expected,
    parse(value, at) {
      if (isPlainObject(value) && Object.keys(value).length === 0) {
        throw new MixstackError({
          code: 'INVALID_OPTION',
          message: 'a route needs at least one label matcher',
          address: at.address,
          path: at.path.join('.') || undefined,
          value,
          hint: 'pass labels such as { team: "payments" }; for alerts without a matching route use the default channel',
        });
      }
      return record.parse(value, at);
    },
  };
}

const targetSchema = (): options.Schema<SlackTarget> =>
  options.object(
    { channel: options.required(channelSchema()), webhookSecret: secretRefSchema() },
    'a target { channel, webhookSecret? }',
  ) as options.Schema<SlackTarget>;

/** A channel string is short for `{ channel }`; `false` sends the severity nowhere. */
function severityTargetSchema(): options.Schema<SlackTarget | false> {
  const target = targetSchema();
  const channel = channelSchema();
  return {
    expected: `false, ${channel.expected}, or ${target.expected}`,
    parse(value, at) {
      if (value === false) return false;
      if (typeof value === 'string') return { channel: channel.parse(value, at) };
      return target.parse(value, at);
    },
  };
}

const routeSchema = options.object(
  {
    matchers: options.required(matchersSchema()),
    channel: options.required(channelSchema()),
    webhookSecret: secretRefSchema(),
    continue: options.boolean(),
  },
  'a route { matchers, channel, webhookSecret?, continue? }',
) as options.Schema<SlackRoute>;

const inhibitRuleSchema = options.object(
  {
    source: options.required(matchersSchema()),
    target: options.required(matchersSchema()),
    equal: options.array(labelName(), { unique: true }),
  },
  'an inhibit rule { source, target, equal? }',
) as options.Schema<SlackInhibitRule>;

const GRAFANA_URL = /^https?:\/\/[^\s/?#"\\{}|<>`]+(\/[^\s"\\{}|<>`]*)?$/;

export const slackOptionsSchema = options.object({
  webhookSecret: options.required(secretRefSchema()),
  channel: options.required(channelSchema()),
  severityChannels: options.object(
    {
      critical: severityTargetSchema(),
      warning: severityTargetSchema(),
      info: severityTargetSchema(),
    },
    'channels by severity, such as { critical: "#alerts-critical" }',
  ),
  routes: options.array(routeSchema),
  groupBy: options.array(
    options.string({
      pattern: /^([a-zA-Z_][a-zA-Z0-9_]*|\.\.\.)$/,
      expected: 'a label name such as "namespace" (or "..." to group by all labels)',
    }),
    { unique: true },
  ),
  groupWait: options.duration(),
  groupInterval: options.duration(),
  repeatInterval: options.duration(),
  grafanaUrl: options.string({
    pattern: GRAFANA_URL,
    expected: 'an http(s) URL such as "https://grafana.example.com"',
  }),
  inhibitRules: options.array(inhibitRuleSchema),
}) as options.Schema<DeepPartial<SlackInput>>;

/**
 * Validates and normalizes what the user passed. Throws one MixstackError carrying every
 * problem of the options (`others`); a webhook URL given as an option stops there, so that no
 * other problem repeats it.
 */
export function parseSlackOptions(input: unknown): SlackOptions {
  throwAll(webhookUrlProblems(input));
  const { value, problems } = options.parseOptionsCollecting(slackOptionsSchema, input, 'slack');
  throwAll(problems);
  const parsed = value as SlackInput;
  const severityChannels: SlackOptions['severityChannels'] = {};
  for (const severity of SEVERITIES) {
    const target = parsed.severityChannels?.[severity];
    if (target !== undefined)
      severityChannels[severity] = typeof target === 'string' ? { channel: target } : target;
  }
  return {
    ...defaultSlackOptions(),
    ...parsed,
    severityChannels,
    routes: parsed.routes ?? [],
    inhibitRules: parsed.inhibitRules ?? [],
  } as SlackOptions;
}
