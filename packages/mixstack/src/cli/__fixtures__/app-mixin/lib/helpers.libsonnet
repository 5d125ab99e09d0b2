// Helpers of the test mixin, found on the library path (-J lib) like jsonnet-bundler's vendor/.
{
  capitalize(word):: std.asciiUpper(word[0]) + word[1:],

  errorRatioAlert(config, severity, threshold):: {
    alert: 'AppHighErrorRate',
    expr: 'job:app_request_errors:ratio_rate5m{%s} > %g' % [config.selector, threshold],
    'for': if severity == 'critical' then '5m' else '10m',
    labels: { severity: severity },
    annotations: {
      summary: 'App answers more than %g%% of requests with errors.' % (threshold * 100),
    },
  },

  // Upstream mixins derive uids from the file name, so that they stay when titles change.
  dashboard(config, title, panels):: {
    uid: std.md5('app-' + std.asciiLower(title))[0:16],
    title: config.dashboardPrefix + title,
    tags: config.dashboardTags,
    schemaVersion: 39,
    time: { from: 'now-1h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus' }] },
    panels: panels,
  },

  panel(id, title, expr):: {
    id: id,
    type: 'timeseries',
    title: title,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: 8, w: 12, x: 12 * (id - 1), y: 0 },
    targets: [{ refId: 'A', expr: expr }],
  },
}
