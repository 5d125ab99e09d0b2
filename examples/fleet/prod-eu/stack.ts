// The prod-eu cluster of the fleet (see ../README.md). Build it from the repository root:
//   node packages/mixstack/dist/cli.js build examples/fleet/prod-eu/stack.ts -o manifests-prod-eu/
import { clusterStack } from '../cluster-stack.ts';

export default clusterStack('prod-eu');
