/**
 * @mixstack/platform-eks: Amazon EKS as the platform of a mixstack stack. It acts on the
 * contracts components publish (buckets, Services, network clients) and on common values, never on a
 * component's own values.
 */
export {
  type EksInput,
  type EksOptions,
  GP3_STORAGE_CLASS,
  type GrafanaExposureOptions,
  type S3Options,
  type VpcCniOptions,
} from './config.js';
export { CONTROL_PLANE_JOBS, EKS_COMPONENT, eks, POD_IDENTITY_AGENT } from './eks.js';
export { FARGATE_LEFT_OUT, fargateCheck } from './fargate.js';
export { LOAD_BALANCER_CLIENT } from './grafana-exposure.js';
export {
  awsCommands,
  OBJECT_ACTIONS,
  POLICY_NAME,
  type PolicyDocument,
  partitionOf,
  ROLE_ARN_ANNOTATION,
  type RoleGrant,
  roleName,
  type S3Plan,
  s3Plan,
} from './s3.js';
export { VPC_CNI_JOB, VPC_CNI_METRICS_PORT, VPC_CNI_MIXIN, vpcCniMixin } from './vpc-cni.js';
