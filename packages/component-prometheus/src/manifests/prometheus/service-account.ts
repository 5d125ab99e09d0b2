import type { CommonValues } from '@mixstack/core';
import { serviceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { prometheusObjectLabels, prometheusObjectName } from './labels.js';

/** Prometheus discovers its targets through the API: its token is mounted. */
export function prometheusServiceAccount(
  values: PrometheusServerOptions,
  common: CommonValues,
): IServiceAccount {
  return serviceAccount(prometheusObjectName(values), common.namespace, prometheusObjectLabels(values), true);
}
