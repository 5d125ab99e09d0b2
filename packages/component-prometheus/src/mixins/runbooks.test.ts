import { createStack, type Mixin, render } from '@mixstack/core';
import { describeRunbooks } from '@mixstack/testing';
import { prometheus } from '../prometheus.js';

/**
 * Every alert of this package links to `docs/runbooks/<AlertName>.md` of the repository, whose
 * header states the alert's mixin, group, severities and waits, and every runbook this package
 * owns (its header names the package) belongs to an alert it defines. Runbooks of other
 * packages are theirs to check; the mixstack package checks the whole folder against its
 * default stack. The mixins are those of the full stack: a managed control plane has fewer
 * alerts, none has more.
 */
describeRunbooks({
  mixins: render(createStack({}, [prometheus()])).sections.mixins as Record<string, Mixin>,
  packageName: '@mixstack/component-prometheus',
});
