// The promtool cases of the grafana mixin's alert (tests only): it fires when it should and
// stays silent when it should not.
import { type AlertCases, expectation, seriesWith } from '@mixstack/kit';

const HANDLER = '/api/dashboards/uid/:uid';

/** Requests of one handler and status, counted up by `perMinute` every minute for 30 minutes. */
const requests = (handler: string, status: string, perMinute: number, values = `0+${perMinute}x30`) =>
  seriesWith('namespace="monitoring", job="grafana", method="GET"')(
    `grafana_http_request_duration_seconds_count{handler="${handler}", status_code="${status}"}`,
    values,
  );

const failing = expectation('Grafana fails more than half of the requests to one of its handlers.', {
  namespace: 'monitoring',
  job: 'grafana',
});
const firing = failing(
  'warning',
  { handler: HANDLER },
  `monitoring/grafana answers 66.67% of the requests to ${HANDLER} with a server error (5xx).`,
);
const twoThirdsFail = [requests(HANDLER, '500', 60), requests(HANDLER, '200', 30)];
/** Errors for 15 minutes, then none. */
const errorsStop = [requests(HANDLER, '500', 60, '0+60x15 900x15'), requests(HANDLER, '200', 30)];

export const grafanaAlertCases: AlertCases = {
  GrafanaRequestsFailing: [
    {
      name: 'two thirds of the requests to a handler fail: not yet after 5 minutes',
      input: twoThirdsFail,
      at: '5m',
      fires: [],
    },
    {
      name: 'two thirds of the requests to a handler fail: fires',
      input: twoThirdsFail,
      at: '15m',
      fires: [firing],
    },
    {
      name: 'one request in ten fails: silent',
      input: [requests(HANDLER, '500', 6), requests(HANDLER, '200', 54)],
      at: '20m',
      fires: [],
    },
    {
      name: 'only datasource queries fail (the datasource is down): silent',
      input: [
        requests('/api/ds/query', '502', 60),
        requests('/api/datasources/proxy/uid/:uid/*', '502', 60),
        requests(HANDLER, '200', 30),
      ],
      at: '20m',
      fires: [],
    },
    { name: 'errors stop: still firing', input: errorsStop, at: '14m', fires: [firing] },
    { name: 'errors stop: the alert resolves', input: errorsStop, at: '28m', fires: [] },
  ],
};
