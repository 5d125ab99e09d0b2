import {
  canonicalize,
  type Dashboard,
  isLabelValue,
  MAX_OBJECT_BYTES,
  type Mixin,
  MixstackError,
  stableUid,
  toJson,
  toYaml,
} from '@mixstack/core';
import { pascalCase } from '@mixstack/kit';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { NAME } from '../labels.js';

/** Where the dashboards are mounted: one subfolder per mixin, one file per dashboard. */
export const DASHBOARDS_DIR = '/grafana-dashboards';

const DASHBOARD_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;
const DASHBOARD_UID = /^[a-zA-Z0-9_-]{1,40}$/;

/** A Grafana folder: the dashboards of one mixin. */
export interface DashboardFolder {
  mixin: string;
  /** The mixin's title. */
  title: string;
  /** Derived from the mixin name (the name itself when Grafana accepts it as a folder uid). */
  uid: string;
  /** Directory the folder's dashboards are mounted in. */
  path: string;
}

/** One dashboard, as a ConfigMap mounted into its mixin's folder. */
export interface DashboardFile {
  mixin: string;
  file: string;
  title: string;
  /** Object key in the component (`dashboard<Mixin><File>`). */
  key: string;
  /** Name of its ConfigMap. */
  configMapName: string;
  /** Canonical JSON, as written into the ConfigMap. */
  json: string;
}

export interface DashboardLayout {
  folders: DashboardFolder[];
  files: DashboardFile[];
}

const hash8 = (...parts: string[]): string => stableUid(...parts).slice(0, 8);

/** `k8s-resources-cluster.json` → `k8s-resources-cluster`; other characters become `-`, and a hash keeps it unique. */
function nameSlug(stem: string): string {
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug === stem && slug !== '' ? slug : `${slug ? `${slug}-` : ''}${hash8('file', stem)}`;
}

/** Folder uids are at most 40 characters of letters, digits, "-" and "_": the mixin name fits unless it is long. */
export function folderUid(mixin: string): string {
  return DASHBOARD_UID.test(mixin) ? mixin : stableUid('grafana-folder', mixin);
}

function configMapName(mixin: string, file: string): string {
  const name = `${NAME}-dashboard-${mixin}-${nameSlug(file.replace(/\.json$/, ''))}`;
  return name.length <= 253 ? name : `${name.slice(0, 244)}-${hash8('name', mixin, file)}`;
}

function dashboardAddress(mixin: string, file: string): string {
  return `mixin/${mixin}/${file}`;
}

/** The dashboard as provisioned: its uid set, without the database `id` Grafana assigns itself. */
function provisionedDashboard(mixin: string, file: string, dashboard: Dashboard): Dashboard {
  const { id: _id, ...rest } = dashboard;
  const uid = rest.uid ?? stableUid(mixin, file);
  if (typeof uid !== 'string' || !DASHBOARD_UID.test(uid)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: 'a dashboard uid is 1 to 40 letters, digits, "-" or "_"',
      address: dashboardAddress(mixin, file),
      path: 'uid',
      value: uid,
      hint: 'leave the uid out (mixstack derives a stable one from the mixin and file name) or shorten it',
    });
  }
  return { ...rest, uid };
}

/**
 * Kubernetes rejects objects over 1 MiB. The check measures what core's render measures (the
 * rendered YAML), but fails earlier and names the dashboard rather than its ConfigMap.
 */
function assertFits(file: DashboardFile, configMap: IConfigMap): void {
  const jsonBytes = Buffer.byteLength(file.json, 'utf8');
  // The YAML of a ConfigMap is only a little larger than its data: skip the exact measure for small dashboards.
  if (jsonBytes <= MAX_OBJECT_BYTES / 2) return;
  const bytes = Buffer.byteLength(toYaml(canonicalize(configMap)), 'utf8');
  if (bytes <= MAX_OBJECT_BYTES) return;
  throw new MixstackError({
    code: 'TOO_LARGE',
    message: `dashboard "${file.title}" makes a ConfigMap of ${bytes} bytes, over the 1 MiB Kubernetes object limit`,
    address: dashboardAddress(file.mixin, file.file),
    value: bytes,
    hint: 'split the dashboard into smaller ones (fewer panels, or rows moved to a second dashboard linked from the first)',
  });
}

/**
 * Folders and dashboard files for every mixin with dashboards: one folder per mixin (titled
 * like the mixin), one ConfigMap per dashboard. Fails on two mixins with the same title (Grafana
 * would merge their folders) and on two dashboards with the same uid.
 */
export function dashboardLayout(
  mixins: Readonly<Record<string, Mixin>>,
  namespace: string,
  labels: Record<string, string>,
): DashboardLayout & {
  configMaps: Map<string, IConfigMap>;
} {
  const folders: DashboardFolder[] = [];
  const files: DashboardFile[] = [];
  const titles = new Map<string, string>();
  const uids = new Map<string, string>();
  for (const mixin of Object.keys(mixins).sort()) {
    const dashboards = mixins[mixin]!.grafanaDashboards ?? {};
    const names = Object.keys(dashboards).sort();
    if (names.length === 0) continue;
    const title = mixins[mixin]!.title;
    if (typeof title !== 'string' || title.trim() === '') {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: 'a mixin with dashboards needs a title: it names their Grafana folder',
        address: `mixin/${mixin}`,
        path: 'title',
        value: title,
        hint: 'give the mixin a title such as "Kubernetes"',
      });
    }
    const sameTitle = titles.get(title);
    if (sameTitle !== undefined) {
      throw new MixstackError({
        code: 'DUPLICATE_ADDRESS',
        message: `the mixins "${sameTitle}" and "${mixin}" have the same title "${title}", so their dashboards would share one Grafana folder`,
        address: `mixin/${mixin}`,
        path: 'title',
        value: title,
        related: [`mixin/${sameTitle}`],
        hint: 'give each mixin its own title',
      });
    }
    titles.set(title, mixin);
    folders.push({ mixin, title, uid: folderUid(mixin), path: `${DASHBOARDS_DIR}/${mixin}` });
    for (const file of names) {
      if (!DASHBOARD_FILE.test(file)) {
        throw new MixstackError({
          code: 'INVALID_NAME',
          message: 'invalid dashboard file name',
          address: `mixin/${mixin}`,
          path: `grafanaDashboards.${file}`,
          value: file,
          hint: 'use a file name such as "nodes.json": letters, digits, ".", "_" and "-", ending in .json',
        });
      }
      const dashboard = provisionedDashboard(mixin, file, dashboards[file]!);
      const uid = dashboard.uid!;
      const sameUid = uids.get(uid);
      if (sameUid !== undefined) {
        throw new MixstackError({
          code: 'DUPLICATE_ADDRESS',
          message: `two dashboards have the uid "${uid}"; Grafana would keep only one of them`,
          address: dashboardAddress(mixin, file),
          path: 'uid',
          value: uid,
          related: [sameUid],
          hint: 'give each dashboard its own uid, or leave the uids out to have them derived from the mixin and file name',
        });
      }
      uids.set(uid, dashboardAddress(mixin, file));
      files.push({
        mixin,
        file,
        title: String(dashboard.title),
        key: `dashboard${pascalCase(mixin)}${pascalCase(file.replace(/\.json$/, ''))}`,
        configMapName: configMapName(mixin, file),
        json: toJson(dashboard, { address: dashboardAddress(mixin, file) }),
      });
    }
  }
  // Keys derived from different names may coincide ("a-b.json" and "a_b.json"): disambiguate all of those.
  const count = new Map<string, number>();
  for (const file of files) count.set(file.key, (count.get(file.key) ?? 0) + 1);
  for (const file of files)
    if (count.get(file.key)! > 1) file.key = `${file.key}${hash8('key', file.mixin, file.file)}`;

  const configMaps = new Map<string, IConfigMap>();
  for (const file of files) {
    const configMap = dashboardConfigMap(file, namespace, labels);
    assertFits(file, configMap);
    configMaps.set(file.key, configMap);
  }
  return { folders, files, configMaps };
}

function dashboardConfigMap(
  file: DashboardFile,
  namespace: string,
  labels: Record<string, string>,
): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: file.configMapName,
      namespace,
      labels: {
        ...labels,
        'grafana.mixstack.dev/dashboard': 'true',
        ...(isLabelValue(file.mixin) ? { 'grafana.mixstack.dev/mixin': file.mixin } : {}),
      },
    },
    data: { [file.file]: file.json },
  };
}

/** The dashboard provider file: one provider per mixin, each loading its folder from its directory. */
export function providersFile(
  folders: readonly DashboardFolder[],
  settings: { allowUiUpdates: boolean; updateIntervalSeconds: number },
): string {
  return toYaml(
    canonicalize({
      apiVersion: 1,
      providers: folders.map((folder) => ({
        name: folder.mixin,
        orgId: 1,
        type: 'file',
        folder: folder.title.replaceAll('$', '$$$$'),
        folderUid: folder.uid,
        disableDeletion: false,
        allowUiUpdates: settings.allowUiUpdates,
        updateIntervalSeconds: settings.updateIntervalSeconds,
        options: { path: folder.path, foldersFromFilesStructure: false },
      })),
    }),
  );
}
