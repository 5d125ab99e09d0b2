/**
 * @mixstack/lib-rules: the overrides people reach for on day one, over any stack: drop or
 * patch alerts, drop rule groups and dashboards, set container resources, mirror images.
 */
export type { AlertPatch } from './intent.js';
export { applyMixinEdits, type EditedMixins } from './mixin-edits.js';
export { dropAlerts, dropDashboards, dropRuleGroups, imageRegistry, patchAlert } from './parts.js';
export { setResources } from './resources.js';
