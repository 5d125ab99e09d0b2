import {
  type AlertingRule,
  type Dashboard,
  describeValue,
  findSyntaxError,
  type InputFiles,
  isPlainObject,
  type Mixin,
  MixstackError,
  type MixstackErrorDetails,
  parseYamlDocuments,
  type QueryLanguage,
  type RecordingRule,
  type RuleGroup,
  throwProblems,
} from '@mixstack/core';

/**
 * The generated layout of a monitoring mixin, as `mixtool generate` and `mixstack mixins` write
 * it: the file of each kind of content, and the folder of the dashboards.
 */
export const MIXIN_FILES = {
  prometheusAlerts: 'prometheus_alerts.yaml',
  prometheusRules: 'prometheus_rules.yaml',
  logAlerts: 'loki_alerts.yaml',
  logRules: 'loki_rules.yaml',
} as const;

/** The folder of the dashboards in the generated layout: `dashboards_out/<file>.json`. */
export const DASHBOARDS_DIR = 'dashboards_out';

type RuleSection = keyof typeof MIXIN_FILES;

/** What each rule file holds: alerting or recording rules, over metrics (PromQL) or logs (LogQL). */
const SECTIONS: Record<RuleSection, { kind: 'alert' | 'record'; language: QueryLanguage }> = {
  prometheusAlerts: { kind: 'alert', language: 'promql' },
  prometheusRules: { kind: 'record', language: 'promql' },
  logAlerts: { kind: 'alert', language: 'logql' },
  logRules: { kind: 'record', language: 'logql' },
};

const GROUP_FIELDS = ['name', 'interval', 'limit', 'rules'];
const RULE_FIELDS = {
  alert: ['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'],
  record: ['record', 'expr', 'labels'],
};
const DASHBOARD_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;
const RULE_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The content of a mixin before it is checked: what each rule file and each dashboard file holds, parsed. */
export interface MixinContent {
  prometheusAlerts?: unknown;
  prometheusRules?: unknown;
  logAlerts?: unknown;
  logRules?: unknown;
  /** Dashboards by file name (`nodes.json`). */
  grafanaDashboards?: Readonly<Record<string, unknown>>;
}

export interface MixinIdentity {
  /** The mixin's name in the stack (kebab-case): the first half of every problem's address. */
  name: string;
  title: string;
}

/** Collects the problems of one mixin: every one is reported, the first thrown carrying the others. */
class Collected {
  readonly list: MixstackError[] = [];
  add(details: MixstackErrorDetails): void {
    this.list.push(new MixstackError(details));
  }
  throwAny(): void {
    throwProblems(this.list);
  }
}

/**
 * Reads a mixin from the files of a folder in the generated layout (file name → text, the
 * dashboards as `dashboards_out/<file>.json`), as an input gives them. Other files are not part
 * of the layout and are left alone. Throws a MixstackError carrying every problem: YAML or JSON
 * that does not parse, a file not in the shape of Prometheus rule files or Grafana dashboards,
 * an expression that does not parse, a rule or group twice, a dashboard without uid.
 */
export function mixinFromFiles(files: InputFiles, mixin: MixinIdentity): Mixin {
  const problems = new Collected();
  const content: { -readonly [K in keyof MixinContent]: MixinContent[K] } = {};
  for (const [section, file] of Object.entries(MIXIN_FILES) as [RuleSection, string][]) {
    const text = files.get(file);
    if (text === undefined) continue;
    const parsed = parseYaml(text, `mixin/${mixin.name}/${file}`, problems);
    // An empty file (or a bare `null`) holds no groups.
    if (parsed.ok) content[section] = parsed.value ?? { groups: [] };
  }
  const dashboards: Record<string, unknown> = {};
  for (const [path, text] of files) {
    if (!path.startsWith(`${DASHBOARDS_DIR}/`)) continue;
    const file = path.slice(DASHBOARDS_DIR.length + 1);
    const address = `mixin/${mixin.name}/${path}`;
    if (file.includes('/') || !file.endsWith('.json')) {
      problems.add({
        code: 'INVALID_INPUT',
        message: `${path} is not a dashboard of the generated layout`,
        address,
        value: path,
        hint: `put each dashboard directly in ${DASHBOARDS_DIR}/ as <name>.json, or move the file out of ${DASHBOARDS_DIR}/`,
      });
      continue;
    }
    try {
      dashboards[file] = JSON.parse(text);
    } catch (error) {
      problems.add({
        code: 'INVALID_INPUT',
        message: `${path} is not valid JSON: ${(error as Error).message}`,
        address,
        hint: 'write the dashboard JSON model that Grafana exports (Share → Export → Save to file)',
      });
    }
  }
  if (Object.keys(dashboards).length > 0) content.grafanaDashboards = dashboards;
  if (
    problems.list.length === 0 &&
    Object.keys(MIXIN_FILES).every((section) => content[section as RuleSection] === undefined) &&
    content.grafanaDashboards === undefined
  ) {
    problems.add({
      code: 'INVALID_INPUT',
      message: `the folder of mixin "${mixin.name}" holds none of the files of the generated layout`,
      address: `mixin/${mixin.name}`,
      value: [...files.keys()],
      hint: `write ${Object.values(MIXIN_FILES).join(', ')} or ${DASHBOARDS_DIR}/*.json there: \`mixstack mixin import PATH -o DIR\` does, from a jsonnet mixin or mixtool's output`,
    });
  }
  problems.throwAny();
  return mixinFromContent(content, mixin, (section) =>
    section === 'grafanaDashboards' ? DASHBOARDS_DIR : MIXIN_FILES[section],
  );
}

/**
 * Checks the content of a mixin (rule files and dashboards as parsed data: what jsonnet gives for
 * `prometheusAlerts`, `prometheusRules` and `grafanaDashboards`) and returns it as a Mixin.
 * `where` names the origin of each section in problems (a file of the layout, or the jsonnet
 * field). Throws a MixstackError carrying every problem.
 */
export function mixinFromContent(
  content: MixinContent,
  mixin: MixinIdentity,
  where: (section: keyof MixinContent) => string = (section) => section,
): Mixin {
  const problems = new Collected();
  const result: { -readonly [K in keyof Mixin]: Mixin[K] } = { title: mixin.title };
  for (const section of Object.keys(SECTIONS) as RuleSection[]) {
    const value = content[section];
    if (value === undefined) continue;
    const groups = ruleGroups(value, SECTIONS[section], `mixin/${mixin.name}/${where(section)}`, problems);
    if (groups && groups.length > 0) (result as Record<string, unknown>)[section] = { groups };
  }
  if (content.grafanaDashboards !== undefined) {
    const dashboards = dashboardsOf(
      content.grafanaDashboards,
      `mixin/${mixin.name}/${where('grafanaDashboards')}`,
      problems,
    );
    if (Object.keys(dashboards).length > 0) result.grafanaDashboards = dashboards;
  }
  problems.throwAny();
  return result;
}

function parseYaml(
  text: string,
  address: string,
  problems: Collected,
): { ok: true; value: unknown } | { ok: false } {
  const documents = parseYamlDocuments(text).filter((doc) => doc.text.trim() !== '' || doc.error);
  const broken = documents.find((doc) => doc.error !== undefined);
  if (broken) {
    problems.add({
      code: 'INVALID_INPUT',
      message: `not valid YAML: ${broken.error}`,
      address,
      hint: 'fix the YAML (a Prometheus rule file: `groups:` with `name` and `rules` each), or write the folder again with `mixstack mixin import`',
    });
    return { ok: false };
  }
  if (documents.length > 1) {
    problems.add({
      code: 'INVALID_INPUT',
      message: `holds ${documents.length} YAML documents, a rule file holds one`,
      address,
      value: documents.length,
      hint: 'put every group under the one `groups:` of the file',
    });
    return { ok: false };
  }
  return { ok: true, value: documents[0]?.value ?? null };
}

const plural = (kind: 'alert' | 'record') => (kind === 'alert' ? 'alerting rules' : 'recording rules');

function ruleGroups(
  file: unknown,
  section: (typeof SECTIONS)[RuleSection],
  address: string,
  problems: Collected,
): RuleGroup[] | undefined {
  const { kind, language } = section;
  if (!isPlainObject(file) || !Array.isArray(file.groups)) {
    problems.add({
      code: 'INVALID_INPUT',
      message: 'expected a Prometheus rule file: an object with a list of `groups`',
      address,
      path: 'groups',
      value: isPlainObject(file) ? file.groups : file,
      hint: 'write `groups: [{ name: ..., rules: [...] }]`, as `promtool check rules` reads',
    });
    return undefined;
  }
  const groups: RuleGroup[] = [];
  const groupNames = new Map<string, number>();
  // A rule is the same rule when its name and its labels are: Prometheus would evaluate both into
  // the same series. The same alert with other labels (a warning and a critical severity) is not.
  const rules = new Map<string, string>();
  file.groups.forEach((group: unknown, g: number) => {
    const at = `groups.${g}`;
    if (!isPlainObject(group)) {
      problems.add({
        code: 'INVALID_INPUT',
        message: 'a rule group is an object',
        address,
        path: at,
        value: group,
        hint: 'write `{ name: ..., rules: [...] }`',
      });
      return;
    }
    for (const field of Object.keys(group).filter((key) => !GROUP_FIELDS.includes(key))) {
      problems.add({
        code: 'INVALID_INPUT',
        message: `unknown field "${field}" of rule group ${describeValue(group.name)}`,
        address,
        path: `${at}.${field}`,
        value: group[field],
        hint: `a mixin's rule group has ${GROUP_FIELDS.join(', ')}: remove "${field}"`,
      });
    }
    if (typeof group.name !== 'string' || group.name === '') {
      problems.add({
        code: 'INVALID_INPUT',
        message: 'a rule group needs a name',
        address,
        path: `${at}.name`,
        value: group.name,
        hint: 'give the group a name, unique in the mixin (lib-rules addresses groups by it)',
      });
      return;
    }
    const name = group.name;
    const first = groupNames.get(name);
    if (first !== undefined) {
      problems.add({
        code: 'DUPLICATE_ADDRESS',
        message: `rule group "${name}" appears twice (groups.${first} and ${at})`,
        address,
        path: `${at}.name`,
        value: name,
        hint: 'rename one of the groups, or merge their rules into one',
      });
      return;
    }
    groupNames.set(name, g);
    for (const field of ['interval'] as const) {
      if (group[field] !== undefined && typeof group[field] !== 'string')
        problems.add({
          code: 'INVALID_INPUT',
          message: `the ${field} of rule group "${name}" is not a duration`,
          address,
          path: `${at}.${field}`,
          value: group[field],
          hint: 'write a Prometheus duration such as "1m"',
        });
    }
    if (group.limit !== undefined && !Number.isInteger(group.limit))
      problems.add({
        code: 'INVALID_INPUT',
        message: `the limit of rule group "${name}" is not a whole number`,
        address,
        path: `${at}.limit`,
        value: group.limit,
        hint: 'write a number of alerts or series, such as 100, or remove the limit',
      });
    if (!Array.isArray(group.rules)) {
      problems.add({
        code: 'INVALID_INPUT',
        message: `rule group "${name}" has no list of rules`,
        address,
        path: `${at}.rules`,
        value: group.rules,
        hint: 'write `rules: [...]` (an empty list for no rules)',
      });
      return;
    }
    const checked = group.rules.flatMap((rule: unknown, r: number) => {
      const one = ruleOf(rule, kind, language, address, `${at}.rules.${r}`, problems);
      if (!one) return [];
      const identity = JSON.stringify([
        kind === 'alert' ? (one as AlertingRule).alert : (one as RecordingRule).record,
        Object.entries(one.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)),
      ]);
      const seen = rules.get(identity);
      if (seen !== undefined) {
        const ruleName = kind === 'alert' ? (one as AlertingRule).alert : (one as RecordingRule).record;
        problems.add({
          code: 'DUPLICATE_ADDRESS',
          message: `${kind === 'alert' ? 'alert' : 'recording rule'} ${ruleName} appears twice with the same labels (${seen} and ${at}.rules.${r})`,
          address,
          path: `${at}.rules.${r}.${kind}`,
          value: ruleName,
          hint:
            kind === 'alert'
              ? 'remove one, or tell them apart by a label (a warning and a critical severity)'
              : 'remove one, or tell them apart by a label: both would record the same series',
        });
        return [];
      }
      rules.set(identity, `${at}.rules.${r}`);
      return [one];
    });
    groups.push({
      name,
      ...(typeof group.interval === 'string' ? { interval: group.interval } : {}),
      ...(Number.isInteger(group.limit) ? { limit: group.limit as number } : {}),
      rules: checked,
    });
  });
  return groups;
}

function stringMap(
  value: unknown,
  what: string,
  address: string,
  path: string,
  problems: Collected,
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.add({
      code: 'INVALID_INPUT',
      message: `${what} are not a map of names to strings`,
      address,
      path,
      value,
      hint: 'write `name: "value"` pairs',
    });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      problems.add({
        code: 'INVALID_INPUT',
        message: `${what}: "${key}" is not a string`,
        address,
        path: `${path}.${key}`,
        value: item,
        hint: `quote it: ${key}: "${String(item)}"`,
      });
      continue;
    }
    out[key] = item;
  }
  return out;
}

function ruleOf(
  rule: unknown,
  kind: 'alert' | 'record',
  language: QueryLanguage,
  address: string,
  at: string,
  problems: Collected,
): AlertingRule | RecordingRule | undefined {
  if (!isPlainObject(rule)) {
    problems.add({
      code: 'INVALID_INPUT',
      message: 'a rule is an object',
      address,
      path: at,
      value: rule,
      hint: `write { ${kind}: ..., expr: ... }`,
    });
    return undefined;
  }
  const other = kind === 'alert' ? 'record' : 'alert';
  if (rule[kind] === undefined && rule[other] !== undefined) {
    problems.add({
      code: 'INVALID_INPUT',
      message: `${String(rule[other])} is a${kind === 'alert' ? ' recording' : 'n alerting'} rule in a file of ${plural(kind)}`,
      address,
      path: `${at}.${other}`,
      value: rule[other],
      hint: `move it to ${kind === 'alert' ? `${MIXIN_FILES.prometheusRules} (prometheusRules)` : `${MIXIN_FILES.prometheusAlerts} (prometheusAlerts)`}`,
    });
    return undefined;
  }
  const name = rule[kind];
  if (typeof name !== 'string' || !RULE_NAME.test(name)) {
    problems.add({
      code: 'INVALID_NAME',
      message: `invalid ${kind === 'alert' ? 'alert' : 'recording rule'} name`,
      address,
      path: `${at}.${kind}`,
      value: name,
      hint: 'alert and record names are metric-like names: letters, digits, "_" and ":"',
    });
    return undefined;
  }
  for (const field of Object.keys(rule).filter((key) => !RULE_FIELDS[kind].includes(key))) {
    problems.add({
      code: 'INVALID_INPUT',
      message: `unknown field "${field}" of rule ${name}`,
      address,
      path: `${at}.${field}`,
      value: rule[field],
      hint: `a${kind === 'alert' ? 'n alerting' : ' recording'} rule has ${RULE_FIELDS[kind].join(', ')}: remove "${field}"`,
    });
  }
  // jsonnet and YAML may give a number (`expr: 1`): Prometheus reads it as the expression's text.
  const expr = typeof rule.expr === 'number' ? String(rule.expr) : rule.expr;
  if (typeof expr !== 'string') {
    problems.add({
      code: 'INVALID_EXPRESSION',
      message: `rule ${name} has no expression`,
      address,
      path: `${at}.expr`,
      value: rule.expr,
      hint: `give the rule its ${language === 'logql' ? 'LogQL' : 'PromQL'} expression in expr`,
    });
    return undefined;
  }
  const syntax = findSyntaxError(language, expr);
  if (syntax) {
    problems.add({
      code: 'INVALID_EXPRESSION',
      message: `rule ${name}: ${syntax.message}`,
      address,
      path: `${at}.expr`,
      value: expr,
      hint: `fix the expression of ${name} where the mixin defines it (the ${language === 'logql' ? 'LogQL' : 'PromQL'} grammar of upstream rejects it)`,
    });
  }
  const labels = stringMap(rule.labels, `the labels of ${name}`, address, `${at}.labels`, problems);
  if (kind === 'record') return { record: name, expr, ...(labels ? { labels } : {}) };
  const annotations = stringMap(
    rule.annotations,
    `the annotations of ${name}`,
    address,
    `${at}.annotations`,
    problems,
  );
  for (const field of ['for', 'keep_firing_for'] as const) {
    if (rule[field] !== undefined && typeof rule[field] !== 'string')
      problems.add({
        code: 'INVALID_INPUT',
        message: `the ${field} of alert ${name} is not a duration`,
        address,
        path: `${at}.${field}`,
        value: rule[field],
        hint: 'write a Prometheus duration such as "5m"',
      });
  }
  return {
    alert: name,
    expr,
    ...(typeof rule.for === 'string' ? { for: rule.for } : {}),
    ...(typeof rule.keep_firing_for === 'string' ? { keep_firing_for: rule.keep_firing_for } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

function dashboardsOf(
  dashboards: Readonly<Record<string, unknown>>,
  address: string,
  problems: Collected,
): Record<string, Dashboard> {
  const out: Record<string, Dashboard> = {};
  const uids = new Map<string, string>();
  if (!isPlainObject(dashboards)) {
    problems.add({
      code: 'INVALID_INPUT',
      message: 'expected dashboards by file name',
      address,
      value: dashboards,
      hint: 'give grafanaDashboards as { "nodes.json": dashboard }',
    });
    return out;
  }
  for (const file of Object.keys(dashboards).sort()) {
    const dashboard = dashboards[file];
    const at = `${address}/${file}`;
    if (!DASHBOARD_FILE.test(file)) {
      problems.add({
        code: 'INVALID_NAME',
        message: 'invalid dashboard file name',
        address: at,
        value: file,
        hint: 'use a file name such as "nodes.json": letters, digits, ".", "_" and "-", ending in .json',
      });
      continue;
    }
    if (!isPlainObject(dashboard) || typeof dashboard.title !== 'string' || dashboard.title === '') {
      problems.add({
        code: 'INVALID_INPUT',
        message: 'a dashboard is a Grafana JSON model with a title',
        address: at,
        path: 'title',
        value: isPlainObject(dashboard) ? dashboard.title : dashboard,
        hint: 'write the dashboard JSON model that Grafana exports, with its "title"',
      });
      continue;
    }
    if (typeof dashboard.uid !== 'string' || !/^[a-zA-Z0-9_-]{1,40}$/.test(dashboard.uid)) {
      problems.add({
        code: 'INVALID_INPUT',
        message: `dashboard "${dashboard.title}" has ${dashboard.uid === undefined ? 'no uid' : 'an invalid uid'}`,
        address: at,
        path: 'uid',
        value: dashboard.uid,
        hint: 'set "uid" in the dashboard (1 to 40 letters, digits, "-" and "_"): links and bookmarks to an imported dashboard follow its uid, so it must not depend on where the mixin is added',
      });
      continue;
    }
    const other = uids.get(dashboard.uid);
    if (other !== undefined) {
      problems.add({
        code: 'DUPLICATE_ADDRESS',
        message: `dashboards ${other} and ${file} have the same uid`,
        address: at,
        path: 'uid',
        value: dashboard.uid,
        hint: 'give each dashboard its own uid: Grafana keeps one dashboard per uid',
      });
      continue;
    }
    uids.set(dashboard.uid, file);
    out[file] = dashboard as Dashboard;
  }
  return out;
}
