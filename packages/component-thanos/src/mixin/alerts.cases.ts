// The promtool cases of the mixin's alerts (tests only): each alert fires when it should and
// stays silent when it should not.
import { type AlertCases, seriesWith } from '@mixstack/kit';

const up = seriesWith('job="thanos", namespace="monitoring"');
const down = {
  labels: { severity: 'critical' },
  summary: 'Thanos is down.',
  description: 'No Thanos target has answered a scrape for 5 minutes.',
};

export const thanosAlertCases: AlertCases = {
  ThanosDown: [
    { name: 'down for 10 minutes: fires', input: [up('up{pod="a"}', '0x15')], at: '10m', fires: [down] },
    { name: 'down for 2 minutes: not yet', input: [up('up{pod="a"}', '1x5 0x10')], at: '8m', fires: [] },
    {
      name: 'no target at all: fires',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [down],
    },
    {
      name: 'one of two pods up: silent',
      input: [up('up{pod="a"}', '0x15'), up('up{pod="b"}', '1x15')],
      at: '10m',
      fires: [],
    },
  ],
};
