import { PROMETHEUS_DATASOURCE_UID } from './config.js';

/** The file name of our templates in Alertmanager's configuration Secret. */
export const TEMPLATE_FILE = 'mixstack-slack.tmpl';

/** Names of the templates the Slack receivers use. */
export const TEMPLATE_NAMES = {
  title: 'mixstack.slack.title',
  titleLink: 'mixstack.slack.titlelink',
  text: 'mixstack.slack.text',
  fallback: 'mixstack.slack.fallback',
  color: 'mixstack.slack.color',
  filter: 'mixstack.slack.filter',
} as const;

/** How many alerts one message lists; the title counts them all and links to the rest. */
export const MAX_LISTED_ALERTS = 10;

/**
 * A Grafana Explore link on the `ALERTS` series of one alert name (when it fired, for how
 * long, with which labels), as Go template text: the alert name is inserted at notification time.
 */
export function grafanaExploreLink(grafanaUrl: string, alertName: string): string {
  const marker = 'MIXSTACKALERTNAME';
  const pane = {
    mixstack: {
      datasource: PROMETHEUS_DATASOURCE_UID,
      queries: [
        {
          refId: 'A',
          datasource: { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID },
          expr: `ALERTS{alertname="${marker}"}`,
        },
      ],
      range: { from: 'now-6h', to: 'now' },
    },
  };
  const [before, after] = encodeURIComponent(JSON.stringify(pane)).split(marker);
  return `${grafanaUrl.replace(/\/+$/, '')}/explore?schemaVersion=1&orgId=1&panes=${before}{{ urlquery ${alertName} }}${after}`;
}

/**
 * Our Slack templates (Go text/template, as Alertmanager renders them). One message per group
 * of alerts: the title says firing or resolved, how many, which alert, its severity, namespace
 * and cluster; the text lists each alert (up to ten) with its summary, description, namespace
 * and workload, and links to its runbook, to Grafana (when known), to a prefilled Alertmanager
 * silence and to the query in Prometheus.
 */
export function slackTemplates(grafanaUrl: string | undefined): string {
  const n = TEMPLATE_NAMES;
  const grafana = grafanaUrl ? ` · <${grafanaExploreLink(grafanaUrl, '$a.Labels.alertname')}|Grafana>` : '';
  return `{{/* Slack templates of @mixstack/addon-slack; generated, edit the addon's options instead. */}}

{{/* An Alertmanager UI filter (URL-encoded {name="value",...}) for a label set. */}}
{{ define "${n.filter}" }}%7B{{ range $i, $p := .SortedPairs }}{{ if $i }}%2C{{ end }}{{ $p.Name }}%3D%22{{ urlquery $p.Value }}%22{{ end }}%7D{{ end }}

{{ define "${n.title}" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ if .CommonLabels.alertname }}{{ .CommonLabels.alertname }}{{ else }}{{ len .Alerts }} alerts{{ end }}
{{- with .CommonLabels.severity }} ({{ . }}){{ end }}
{{- with .CommonLabels.namespace }} in {{ . }}{{ end }}
{{- with .CommonLabels.cluster }} on {{ . }}{{ end }}
{{- end }}

{{ define "${n.titleLink}" }}{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}&filter={{ template "${n.filter}" .CommonLabels }}{{ end }}

{{ define "${n.color}" }}{{ if eq .Status "resolved" }}good{{ else if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ end }}

{{ define "${n.fallback}" }}{{ template "${n.title}" . }}{{ with .CommonAnnotations.summary }}: {{ . }}{{ end }}{{ end }}

{{ define "${n.text}" -}}
{{ range $i, $a := .Alerts -}}
{{ if lt $i ${MAX_LISTED_ALERTS} -}}
{{ if eq $a.Status "resolved" }}:white_check_mark: {{ else if eq $a.Labels.severity "critical" }}:red_circle: {{ else }}:warning: {{ end }}*{{ $a.Labels.alertname }}*
{{- with $a.Labels.severity }} · severity \`{{ . }}\`{{ end }}
{{- if eq $a.Status "resolved" }} · resolved{{ end }}
{{- with $a.Labels.namespace }} · namespace \`{{ . }}\`{{ end }}
{{- if $a.Labels.deployment }} · deployment \`{{ $a.Labels.deployment }}\`
{{- else if $a.Labels.statefulset }} · statefulset \`{{ $a.Labels.statefulset }}\`
{{- else if $a.Labels.daemonset }} · daemonset \`{{ $a.Labels.daemonset }}\`
{{- else if $a.Labels.job_name }} · job \`{{ $a.Labels.job_name }}\`
{{- else if $a.Labels.workload }} · {{ with $a.Labels.workload_type }}{{ . }}{{ else }}workload{{ end }} \`{{ $a.Labels.workload }}\`{{ end }}
{{- with $a.Labels.pod }} · pod \`{{ . }}\`{{ end }}
{{- with $a.Labels.container }} · container \`{{ . }}\`{{ end }}
{{- with $a.Labels.node }} · node \`{{ . }}\`{{ end }}
{{ with $a.Annotations.summary }}{{ . }}
{{ end -}}
{{ with $a.Annotations.description }}>{{ . }}
{{ end -}}
{{ with $a.Annotations.runbook_url }}<{{ . }}|Runbook> · {{ end }}<{{ $.ExternalURL }}/#/silences/new?filter={{ template "${n.filter}" $a.Labels }}|Silence>${grafana}{{ with $a.GeneratorURL }} · <{{ . }}|Query>{{ end }}
{{ end -}}
{{ end -}}
{{ if gt (len .Alerts) ${MAX_LISTED_ALERTS} }}_{{ len .Alerts }} alerts in this group; the first ${MAX_LISTED_ALERTS} are listed, all of them are in <{{ template "${n.titleLink}" . }}|Alertmanager>._{{ end }}
{{- end }}
`;
}
