import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { type IniSections, mergeIni, renderIni } from '../ini.js';
import { NAME } from '../labels.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';

/** Where the grafana.ini ConfigMap is mounted; `GF_PATHS_CONFIG` points the image's start script at it. */
export const CONFIG_DIR = '/etc/grafana-config';
export const CONFIG_FILE = 'grafana.ini';

/**
 * mixstack's settings, before the user's `config`:
 * - nothing calls out of the cluster: no usage reporting, update checks, news feed, Gravatar,
 *   external snapshots, plugin key retrieval or plugin preinstallation. The last one matters
 *   beyond privacy: Grafana 13 ships Prometheus, Loki, Tempo and other datasources as bundled
 *   plugins and, on start, replaces those with a newer catalog release; on a read-only root
 *   filesystem that replacement fails after unloading the plugin, and the datasource is gone.
 * - no sign-up, anonymous access only when asked for, logs to the console.
 */
export function baseSettings(context: GrafanaContext): IniSections {
  const { anonymous, rootUrl } = context.values;
  return {
    analytics: {
      reporting_enabled: false,
      check_for_updates: false,
      check_for_plugin_updates: false,
      feedback_links_enabled: false,
    },
    news: { news_feed_enabled: false },
    plugins: { preinstall_disabled: true, public_key_retrieval_disabled: true, plugin_admin_enabled: false },
    snapshots: { external_enabled: false },
    security: { disable_gravatar: true, ...(rootUrl?.startsWith('https://') ? { cookie_secure: true } : {}) },
    users: { allow_sign_up: false },
    'auth.anonymous': anonymous.enabled
      ? { enabled: true, org_name: 'Main Org.', org_role: anonymous.role }
      : { enabled: false },
    server: { http_port: HTTP_PORT, ...(rootUrl ? { root_url: rootUrl } : {}) },
    log: { mode: 'console' },
  };
}

/** The grafana.ini text: mixstack's settings, then the user's `config` over them. */
export function grafanaIni(context: GrafanaContext): string {
  return renderIni(mergeIni(baseSettings(context), context.values.config));
}

export function configMap(context: GrafanaContext, ini: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${NAME}-config`, namespace: context.namespace, labels: context.labels },
    data: { [CONFIG_FILE]: ini },
  };
}
