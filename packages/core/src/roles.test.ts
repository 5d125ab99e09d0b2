import { describe, expect, test } from 'vitest';
import type { ResolvedContracts, StackView } from './contracts.js';
import { componentsPlaying } from './roles.js';

const component = (name: string, roles: ResolvedContracts['roles'], enabled = true): ResolvedContracts => ({
  name,
  enabled,
  roles,
  containers: {},
  replicas: {},
  services: {},
  buckets: {},
  networkClients: {},
  networkClientRoles: {},
});

describe('componentsPlaying', () => {
  test('the running components of a role, in name order, whatever order they were added in', () => {
    const view = {
      components: {
        zeta: component('zeta', ['alerts']),
        off: component('off', ['alerts'], false),
        alpha: component('alpha', ['alerts', 'metrics']),
        other: component('other', ['metrics']),
      },
    } as unknown as StackView;
    expect(componentsPlaying(view, 'alerts').map((c) => c.name)).toEqual(['alpha', 'zeta']);
    expect(componentsPlaying(view, 'collector')).toEqual([]);
  });
});
