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
export { eks, POD_IDENTITY_AGENT } from './eks.js';
export { awsCommands, ROLE_ARN_ANNOTATION } from './s3.js';
export { VPC_CNI_MIXIN } from './vpc-cni.js';
