import { options } from '@mixstack/core';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
export const SOURCE = '@mixstack/lib-sizing';

/** Labels an alert carries for itself: a lib must not change what the alert is. */
const OWN_LABELS = ['alertname', 'severity'];

/** The options of `sizing()`. */
export interface SizingOptions {
  /**
   * Labels added to every alert of every mixin in the stack, over the alert's own (route by
   * team in Alertmanager: `{ team: 'platform' }`). Required; `alertname` and `severity` are the
   * alert's own.
   */
  labels: Record<string, string>;
}

export const sizingSchema: options.Schema<SizingOptions> = options.object({
  labels: options.required(
    options.check(
      options.labels(),
      (labels) => {
        const own = Object.keys(labels).filter((label) => OWN_LABELS.includes(label));
        return own.length > 0 ? `${own.join(' and ')} belong to the alert` : undefined;
      },
      'pass labels such as { team: "platform" }; change a severity with the overrides of lib-rules',
    ),
  ),
});
