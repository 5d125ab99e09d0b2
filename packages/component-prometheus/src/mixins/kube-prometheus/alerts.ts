import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines } from '@mixstack/kit';
import { by, m, on } from '../promql.js';
import type { MixinSelectors } from '../selectors.js';

/** Alerts that belong to the whole stack rather than to one component. */
export function kubePrometheusAlerts(s: MixinSelectors): RuleGroup<AlertingRule>[] {
  return [
    alertGroup('general', [
      alert({
        alert: 'Watchdog',
        severity: 'info',
        // Always true: a dead man's switch outside the cluster expects it and raises the alarm when it stops.
        expr: 'vector(1)',
        for: '0s',
        summary: 'The alerting pipeline works: this alert always fires.',
        description:
          "Watchdog fires all the time. Route it to a dead man's switch outside the cluster (the alertmanager watchdogReceiver option): when its notifications stop, Prometheus, Alertmanager or the path between them is broken.",
      }),
      alert({
        alert: 'InfoInhibitor',
        severity: 'info',
        // Mirrors firing info alerts, which already waited their own `for`. It leaves out
        // itself and Watchdog (both info): counting them would keep it firing forever.
        expr: lines(
          `count ${by('namespace')} (${m('ALERTS', 'alertstate="firing"', 'severity="info"', 'namespace!=""', 'alertname!~"InfoInhibitor|Watchdog"')})`,
          `unless ${on('namespace')}`,
          `count ${by('namespace')} (${m('ALERTS', 'alertstate="firing"', 'severity=~"warning|critical"', 'namespace!=""')})`,
        ),
        for: '0s',
        summary: 'Info alerts fire in a namespace without any warning or critical alert.',
        description:
          'Namespace {{ $labels.namespace }} has {{ $value }} firing info alert(s) and no warning or critical one: Alertmanager holds those info alerts back until something more severe fires there.',
      }),
      alert({
        alert: 'TargetDown',
        severity: 'warning',
        expr: lines(
          `100 * count ${by('job', 'namespace', 'service')} (up == 0)`,
          `/ count ${by('job', 'namespace', 'service')} (up)`,
          '> 10',
        ),
        for: '10m',
        summary: 'More than a tenth of the targets of a scrape job are down.',
        description:
          '{{ printf "%.3g" $value }}% of the {{ $labels.job }} targets behind Service {{ $labels.namespace }}/{{ $labels.service }} cannot be scraped.',
      }),
    ]),
    alertGroup('node-network', [
      alert({
        alert: 'NodeNetworkInterfaceFlapping',
        severity: 'warning',
        expr: `max ${by('instance', 'device')} (changes(${m('node_network_up', s.nodeExporter, 'device!~"veth.+"')}[2m])) > 2`,
        for: '2m',
        summary: 'A network interface of a node keeps going up and down.',
        description:
          'Interface {{ $labels.device }} of node {{ $labels.instance }} changed its up/down state {{ $value }} times within 2 minutes.',
      }),
    ]),
  ];
}
