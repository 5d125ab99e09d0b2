import { alloy } from '@mixstack/component-alloy';
import { grafana } from '@mixstack/component-grafana';
import { loki } from '@mixstack/component-loki';
import { prometheus } from '@mixstack/component-prometheus';
import { pyroscope } from '@mixstack/component-pyroscope';
import { tempo } from '@mixstack/component-tempo';
import { type CommonOptions, createStack, type Stack } from '@mixstack/core';

/** Options of the default stack: the common values of `createStack`. */
export interface DefaultStackOptions extends CommonOptions {}

/**
 * The stack `mixstack build` renders when no entry module is given. Each component package
 * adds itself here once it lands, so this is always "everything mixstack can deploy", in its
 * safe default configuration, and platform-neutral.
 */
export function defaultStack(options: DefaultStackOptions = {}): Stack {
  return createStack({ namespace: 'monitoring', ...options }, [
    grafana(),
    // The metrics stack of kube-prometheus; its CRDs are read with `mixstack build --crds DIR`.
    prometheus(),
    // Logs and traces: Loki and Tempo (monolithic, on their volumes), fed by the one collector
    // of the stack; Tempo's span metrics go to Prometheus with exemplars, and every datasource
    // links to the others.
    loki(),
    tempo(),
    // Profiles: Pyroscope, fed by the collector from the pods annotated
    // `profiles.grafana.com/<type>.scrape` (no privileged pods; eBPF is an option), and linked
    // from Tempo's spans.
    pyroscope(),
    alloy(),
  ]);
}
