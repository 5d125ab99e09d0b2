import type { Dashboard } from '@mixstack/core';
import { graph, httpPanels, rate, resourcesRow, targetsUp, thanosDashboard } from './panels.js';

/**
 * Thanos / Query Frontend: the queries it takes in, how it splits them, and its pods. Read only
 * here: `thanos_query_frontend_queries_total{op}` (queries by kind) and
 * `thanos_frontend_split_queries_total` (the queries sent to Query after splitting by
 * --query-range.split-interval), pkg/queryfrontend.
 */
export function queryFrontendDashboard(): Dashboard {
  return thanosDashboard(
    'Thanos / Query Frontend',
    'Thanos Query Frontend: the queries it takes in, how it splits them for Query, and its pods.',
    ['queryFrontend'],
    [
      {
        title: 'Overview',
        panels: [targetsUp('queryFrontend', 'Pods up')],
      },
      { title: 'Requests', panels: httpPanels('queryFrontend', 'Requests', '.+') },
      {
        title: 'Splitting',
        panels: [
          graph(
            {
              title: 'Queries by kind',
              description:
                'Queries per second passing the frontend, by kind (range queries, labels, series).',
              unit: 'reqps',
              stack: true,
              queries: [
                {
                  expr: `sum by (op) (${rate('queryFrontend', 'thanos_query_frontend_queries_total')})`,
                  legend: '{{op}}',
                },
              ],
            },
            12,
          ),
          graph(
            {
              title: 'Queries sent to Query after splitting',
              description:
                'Queries per second the frontend sends to Query once long ranges are split by day: many more than it takes in are long ranges.',
              unit: 'reqps',
              queries: [
                {
                  expr: `sum(${rate('queryFrontend', 'thanos_frontend_split_queries_total')})`,
                  legend: 'split',
                },
              ],
            },
            12,
          ),
        ],
      },
      resourcesRow('queryFrontend'),
    ],
  );
}
