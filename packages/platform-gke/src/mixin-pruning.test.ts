import { describeControlPlanePruning } from '@mixstack/testing';
import { CLUSTER_DNS_JOB, CONTROL_PLANE_JOBS, gke } from './index.js';

// Google runs the scheduler and the controller manager, and GKE's kube-dns has no metrics port:
// the pruning reaches all three jobs.
describeControlPlanePruning({
  platform: () => gke({ project: 'acme-prod' }),
  jobs: [...CONTROL_PLANE_JOBS, CLUSTER_DNS_JOB],
  noticeId: 'gke-unscraped-jobs',
});
