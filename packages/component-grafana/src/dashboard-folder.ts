import { addMixin, type Dashboard, definePart, MixstackError, type Part } from '@mixstack/core';

export interface DashboardFolderOptions {
  /** kebab-case name: the mixin's name and the folder's uid (`team-payments`). */
  name: string;
  /** The folder's title in Grafana (`Payments`). */
  title: string;
  /** Dashboards by file name (`checkout.json`), in Grafana's JSON model; uids are derived when left out. */
  dashboards: Record<string, Dashboard>;
}

/**
 * Your own dashboards, in their own Grafana folder: a mixin with dashboards only.
 *
 * ```ts
 * createStack({}, [grafana(), dashboardFolder({ name: 'payments', title: 'Payments', dashboards: { 'checkout.json': checkout } })])
 * ```
 */
export function dashboardFolder(folder: DashboardFolderOptions): Part {
  const address = 'dashboardFolder';
  const fail = (message: string, path: string, value: unknown, hint: string): never => {
    throw new MixstackError({ code: 'INVALID_OPTION', message, address, path, value, hint });
  };
  if (typeof folder !== 'object' || folder === null)
    fail('expected an options object', '', folder, 'pass { name, title, dashboards }');
  if (typeof folder.title !== 'string' || folder.title.trim() === '')
    fail(
      'the folder needs a title',
      'title',
      folder.title,
      'pass the title shown in Grafana, such as "Payments"',
    );
  if (typeof folder.dashboards !== 'object' || folder.dashboards === null || Array.isArray(folder.dashboards))
    fail(
      'expected dashboards by file name',
      'dashboards',
      folder.dashboards,
      'pass { "checkout.json": dashboard }',
    );
  for (const [file, dashboard] of Object.entries(folder.dashboards)) {
    if (typeof dashboard !== 'object' || dashboard === null || typeof dashboard.title !== 'string')
      fail(
        'a dashboard is an object with a title',
        `dashboards.${file}`,
        dashboard,
        "pass the dashboard JSON model (or the result of a foundation-sdk builder's build())",
      );
  }
  const name = folder.name;
  const mixin = { title: folder.title, grafanaDashboards: { ...folder.dashboards } };
  // addMixin checks the name (kebab-case) and that no other part uses it.
  return definePart(`dashboardFolder(${String(name)})`, (stack) => addMixin(stack, address, name, mixin));
}
