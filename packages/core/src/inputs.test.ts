import { describe, expect, test } from 'vitest';
import { addComponent, addInput, createStack } from './compose.js';
import type { InputFiles } from './inputs.js';
import { requestedInputs } from './inputs.js';
import type { KubeObject } from './kube.js';
import { render } from './render/render.js';
import type { BuildContext } from './stack.js';

const files: InputFiles = new Map([['a.yaml', 'kind: A\n']]);

function stackNeedingCrds(seen: BuildContext[] = []) {
  let stack = createStack({ createNamespace: false });
  stack = addInput(stack, 'pkg-operator', 'crds', (values) => ({
    path: `crds/${values.common.cluster}`,
    description: 'the operator CRDs',
    extensions: ['.yaml'],
  }));
  stack = addInput(stack, 'pkg-other', 'skipped', () => undefined);
  return addComponent(stack, {
    name: 'reader',
    source: 'pkg',
    build: (context) => {
      seen.push(context);
      return {} as Record<string, KubeObject>;
    },
  });
}

describe('inputs', () => {
  test('requestedInputs resolves lazy requests against the values and drops undefined ones', () => {
    expect(requestedInputs(stackNeedingCrds())).toEqual({
      crds: { path: 'crds/cluster', description: 'the operator CRDs', extensions: ['.yaml'] },
    });
  });

  test('render without a requested input is NOT_FOUND naming the input, its path and its source', () => {
    expect(() => render(stackNeedingCrds())).toThrow(
      expect.objectContaining({
        code: 'NOT_FOUND',
        address: 'pkg-operator',
        path: 'inputs.crds',
        value: 'crds/cluster',
      }),
    );
  });

  test('components see the contents of the inputs, only the requested ones', () => {
    const seen: BuildContext[] = [];
    render(stackNeedingCrds(seen), { inputs: { crds: files, unused: new Map() } });
    expect(seen[0]!.inputs).toEqual({ crds: files });
  });

  test('an input id is contributed once', () => {
    const again = () => addInput(stackNeedingCrds(), 'pkg-two', 'crds', { path: 'x', description: 'x' });
    expect(again).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_ADDRESS', related: ['pkg-operator', 'pkg-two'] }),
    );
  });
});
