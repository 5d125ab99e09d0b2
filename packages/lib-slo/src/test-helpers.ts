/** The SLOs of these tests (the README's three kinds), and the package's golden folder. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDirectory } from '@mixstack/testing';
import { type SloSpec, spanMetrics } from './index.js';

/** An HTTP API by its status codes: the share of 5xx answers. */
export const HTTP_API: SloSpec = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 99.9,
  sli: {
    errors: 'http_requests_total{job="checkout", code=~"5.."}',
    total: 'http_requests_total{job="checkout"}',
  },
  team: 'payments',
};

/** A latency SLO on a histogram: 99% of the requests within 300 ms, over four weeks. */
export const LATENCY: SloSpec = {
  name: 'checkout-latency',
  service: 'checkout',
  objective: 99,
  window: '4w',
  sli: { histogram: 'http_request_duration_seconds_bucket{job="checkout"}', threshold: 0.3 },
  labels: { tier: 'frontend' },
  annotations: { dashboard: 'https://grafana.example.com/d/checkout' },
  severity: { ticket: 'info' },
};

/** An SLO from traces: server spans of `cart` that failed or took longer than 512 ms. */
export const FROM_TRACES: SloSpec = {
  name: 'cart-requests',
  service: 'cart',
  objective: 99.5,
  sli: spanMetrics({ service: 'cart', latency: 0.512 }),
};

export const EXAMPLES: readonly SloSpec[] = [HTTP_API, LATENCY, FROM_TRACES];

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

/** Every permutation of a short list (order-independence tests). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
