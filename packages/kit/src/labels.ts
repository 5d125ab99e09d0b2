import { type CommonValues, options, withImageRegistry } from '@mixstack/core';

/**
 * Labels of every object of one component, in the recommended-labels scheme kube-prometheus
 * uses, so that selectors, dashboards and `kubectl get -l` work the same for every component.
 */
export interface ComponentLabels {
  /** `app.kubernetes.io/name`: what runs (`prometheus`, `loki`). */
  name: string;
  /** `app.kubernetes.io/component`: its role (`exporter`, `alert-router`). */
  component: string;
  /**
   * `app.kubernetes.io/instance`, for components with named instances (Prometheus `k8s`).
   * @default undefined (no instance label)
   */
  instance?: string;
  /** The image whose tag sets `app.kubernetes.io/version`. */
  image: string;
}

/**
 * The labels that select the component's pods. They never carry the version: a Deployment's
 * selector is immutable, and an upgrade must not orphan the running pods.
 */
export function selectorLabels(labels: ComponentLabels): Record<string, string> {
  return {
    'app.kubernetes.io/name': labels.name,
    'app.kubernetes.io/component': labels.component,
    ...(labels.instance ? { 'app.kubernetes.io/instance': labels.instance } : {}),
    'app.kubernetes.io/part-of': 'mixstack',
  };
}

/** Metadata labels: the selector labels plus the version, when the image tag names one. */
export function objectLabels(labels: ComponentLabels): Record<string, string> {
  const version = imageVersion(labels.image);
  return { ...selectorLabels(labels), ...(version ? { 'app.kubernetes.io/version': version } : {}) };
}

/**
 * The version an image tag names (`v0.93.0` → `0.93.0`), or undefined for a tag that is not a
 * version (a digest-only reference, `main`): a label value must never be a guess.
 */
export function imageVersion(image: string): string | undefined {
  const tag = options.parseImage(image)?.tag;
  const match = tag ? /^v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/.exec(tag) : null;
  const version = match?.[1];
  return version && version.length <= 63 && /^[0-9A-Za-z]([0-9A-Za-z._-]*[0-9A-Za-z])?$/.test(version)
    ? version
    : undefined;
}

/** The image with the stack's `imageRegistry` applied (private mirrors): every image goes through here. */
export function image(reference: string, common: CommonValues): string {
  return withImageRegistry(reference, common.imageRegistry);
}
