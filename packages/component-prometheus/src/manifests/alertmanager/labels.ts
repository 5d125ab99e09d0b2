import { type ComponentLabels, objectLabels, selectorLabels } from '@mixstack/kit';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';

export const ALERTMANAGER_WEB_PORT = 9093;
export const ALERTMANAGER_CLUSTER_PORT = 9094;
export const RELOADER_WEB_PORT = 8080;

/** `alertmanager-<name>`: the Service, ServiceAccount and config Secret of one Alertmanager. */
export const alertmanagerObjectName = (values: AlertmanagerOptions) => `alertmanager-${values.name}`;

export function alertmanagerLabels(values: AlertmanagerOptions): ComponentLabels {
  return { name: 'alertmanager', component: 'alert-router', instance: values.name, image: values.image };
}

export const alertmanagerObjectLabels = (values: AlertmanagerOptions) =>
  objectLabels(alertmanagerLabels(values));
export const alertmanagerSelector = (values: AlertmanagerOptions) =>
  selectorLabels(alertmanagerLabels(values));
