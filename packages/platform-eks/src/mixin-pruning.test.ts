import { describeControlPlanePruning } from '@mixstack/testing';
import { CONTROL_PLANE_JOBS } from './eks.js';
import { eks } from './index.js';

// AWS runs the scheduler, the controller manager and etcd (with controlPlaneMetrics, only etcd
// stays out of reach: control-plane-metrics.test.ts).
describeControlPlanePruning({
  platform: () => eks(),
  jobs: CONTROL_PLANE_JOBS,
  noticeId: 'eks-unscraped-jobs',
});
