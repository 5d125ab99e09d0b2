/** A mixin written for these tests: the lib acts on whatever mixins the stack has, by the section. */
import { addMixin, definePart, type Part } from '@mixstack/core';

export function testMixin(): Part {
  return definePart('testMixin', (stack) =>
    addMixin(stack, 'test', 'app', {
      title: 'App',
      prometheusAlerts: {
        groups: [
          {
            name: 'app',
            rules: [
              { alert: 'AppDown', expr: 'up{job="app"} == 0', for: '5m', labels: { severity: 'critical' } },
              { alert: 'AppSlow', expr: 'up{job="app"} < 1', labels: { severity: 'warning', team: 'app' } },
            ],
          },
        ],
      },
      prometheusRules: {
        groups: [{ name: 'app.rules', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }],
      },
    }),
  );
}
