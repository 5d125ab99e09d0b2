/**
 * Which receiver an alert reaches, decided as Alertmanager decides it (its `Route.Match`): a
 * route takes an alert when every matcher of the route matches the alert's labels; the alert
 * then goes down the route's children in order, stops at the first child that takes it unless
 * that child has `continue: true`, and stays with the route itself when no child takes it.
 * Only an alert's static labels are known here (its rule's labels and `alertname`); labels a
 * series carries at run time (`namespace`, `team` from the metric) can route it elsewhere.
 */

/** One route of the tree, in Alertmanager's configuration format (the root has no matchers). */
export interface RouteConfig {
  receiver?: string;
  matchers?: readonly string[];
  /** Alertmanager's older forms, still accepted by it: label → value, label → regex. */
  match?: Readonly<Record<string, string>>;
  match_re?: Readonly<Record<string, string>>;
  continue?: boolean;
  group_by?: readonly string[];
  routes?: readonly RouteConfig[];
}

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER = /^\s*([^\s=!~"]+|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Reads a matcher string (`severity = "critical"`, `alertname=~"Kube.*"`) as Alertmanager writes them. */
export function parseMatcher(text: string): Matcher | undefined {
  const found = MATCHER.exec(text.trim().replace(/^\{|\}$/g, ''));
  if (!found) return undefined;
  const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? JSON.parse(s) : s);
  let value: string;
  try {
    value = unquote(found[3]!) as string;
  } catch {
    value = found[3]!;
  }
  return { label: unquote(found[1]!) as string, op: found[2] as Matcher['op'], value };
}

/** The matchers of a route in every form Alertmanager accepts. */
export function matchersOf(route: RouteConfig): Matcher[] {
  const parsed = (route.matchers ?? []).map((text) => parseMatcher(text));
  const fromMatch = Object.entries(route.match ?? {}).map(([label, value]) => ({
    label,
    op: '=' as const,
    value,
  }));
  const fromRegex = Object.entries(route.match_re ?? {}).map(([label, value]) => ({
    label,
    op: '=~' as const,
    value,
  }));
  // An unreadable matcher matches nothing: better no receiver shown than a wrong one.
  return [
    ...parsed.map((m) => m ?? { label: '', op: '=' as const, value: '\u0000unreadable' }),
    ...fromMatch,
    ...fromRegex,
  ];
}

/** Alertmanager anchors regex matchers and treats a missing label as the empty string. */
export function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
    case '!~': {
      let found: boolean;
      try {
        found = new RegExp(`^(?:${matcher.value})$`, 'u').test(actual);
      } catch {
        return false;
      }
      return matcher.op === '=~' ? found : !found;
    }
  }
}

/**
 * The routes that take an alert with these labels, as Alertmanager's `Route.Match`: each with the
 * receiver it inherits from its parents when it names none.
 */
export function matchingRoutes(
  route: RouteConfig,
  labels: Readonly<Record<string, string>>,
  inherited = '',
): { route: RouteConfig; receiver: string }[] {
  if (!matchersOf(route).every((m) => matches(m, labels))) return [];
  const receiver = route.receiver ?? inherited;
  const all: { route: RouteConfig; receiver: string }[] = [];
  for (const child of route.routes ?? []) {
    const found = matchingRoutes(child, labels, receiver);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [{ route, receiver }];
}

/** The receivers an alert reaches, in routing order, each once. */
export function receiversOf(root: RouteConfig, labels: Readonly<Record<string, string>>): string[] {
  // The root takes every alert, whatever matchers it was given (Alertmanager refuses them).
  const { matchers: _m, match: _a, match_re: _b, ...unmatched } = root;
  return [...new Set(matchingRoutes(unmatched, labels).map((found) => found.receiver))];
}
