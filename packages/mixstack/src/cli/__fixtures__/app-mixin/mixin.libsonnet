// A small monitoring mixin in the shape upstream publishes them (kubernetes-mixin, node-mixin),
// written for the tests of `mixstack mixin import`: a _config the fields read late, alerts,
// recording rules and a dashboard. Its helpers come from lib/ (-J lib).
local helpers = import 'helpers.libsonnet';

{
  _config+:: {
    selector: 'job="app"',
    errorRatioWarning: 0.05,
    errorRatioCritical: 0.2,
    dashboardPrefix: 'App / ',
    dashboardTags: ['app'],
  },

  prometheusAlerts+:: {
    groups+: [
      {
        name: 'app-alerts',
        rules: [
          {
            alert: 'AppDown',
            expr: 'up{%(selector)s} == 0' % $._config,
            'for': '5m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'App is down.',
              description: '{{ $labels.instance }} of job {{ $labels.job }} has been down for 5 minutes.',
            },
          },
        ] + [
          helpers.errorRatioAlert($._config, severity, threshold)
          for severity in ['warning', 'critical']
          for threshold in [$._config['errorRatio' + helpers.capitalize(severity)]]
        ],
      },
    ],
  },

  prometheusRules+:: {
    groups+: [
      {
        name: 'app.rules',
        interval: '1m',
        rules: [
          {
            record: 'job:app_requests:rate5m',
            expr: 'sum by (job) (rate(app_requests_total{%(selector)s}[5m]))' % $._config,
          },
          {
            record: 'job:app_request_errors:ratio_rate5m',
            expr: |||
              sum by (job) (rate(app_requests_total{%(selector)s, code=~"5.."}[5m]))
                /
              sum by (job) (rate(app_requests_total{%(selector)s}[5m]))
            ||| % $._config,
          },
        ],
      },
    ],
  },

  grafanaDashboards+:: {
    'app-overview.json': helpers.dashboard($._config, 'Overview', [
      helpers.panel(1, 'Requests', 'job:app_requests:rate5m{%(selector)s}' % $._config),
      helpers.panel(2, 'Errors', 'job:app_request_errors:ratio_rate5m{%(selector)s}' % $._config),
    ]),
  },
}
