// The prod-us cluster of the fleet (see ../README.md). Build it from the repository root:
//   node packages/mixstack/dist/cli.js build examples/fleet/prod-us/stack.ts -o manifests-prod-us/
import { clusterStack } from '../cluster-stack.ts';

export default clusterStack('prod-us');
