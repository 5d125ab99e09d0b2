import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { APIService } from 'kubernetes-models/apiregistration.k8s.io/v1/APIService';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Endpoints } from 'kubernetes-models/v1/Endpoints';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type KindDefinition, kindFromModel, type ModelClass } from './kinds.js';

const namespaced = (model: ModelClass, extra: Partial<KindDefinition> = {}) =>
  kindFromModel(model, { namespaced: true, ...extra });
const cluster = (model: ModelClass, extra: Partial<KindDefinition> = {}) =>
  kindFromModel(model, { namespaced: false, ...extra });

/**
 * The Kubernetes kinds mixstack validates without registration. Each is imported on its own
 * (the whole kubernetes-models index takes over a second to load); a stack that renders
 * another built-in kind registers it with `addKinds`.
 */
export const builtinKinds: readonly KindDefinition[] = [
  cluster(Namespace as ModelClass, { setup: true, names: 'dns-label' }),
  cluster(CustomResourceDefinition as ModelClass, { setup: true }),
  cluster(ClusterRole as ModelClass, { names: 'path-segment' }),
  cluster(ClusterRoleBinding as ModelClass, { names: 'path-segment' }),
  cluster(StorageClass as ModelClass),
  cluster(PriorityClass as ModelClass),
  cluster(APIService as ModelClass),
  namespaced(ServiceAccount as ModelClass),
  namespaced(Service as ModelClass, { names: 'dns-label' }),
  namespaced(Endpoints as ModelClass),
  namespaced(ConfigMap as ModelClass),
  namespaced(Secret as ModelClass),
  namespaced(PersistentVolumeClaim as ModelClass),
  namespaced(Deployment as ModelClass),
  namespaced(DaemonSet as ModelClass),
  namespaced(StatefulSet as ModelClass),
  namespaced(Job as ModelClass),
  namespaced(CronJob as ModelClass),
  namespaced(HorizontalPodAutoscaler as ModelClass),
  namespaced(Role as ModelClass, { names: 'path-segment' }),
  namespaced(RoleBinding as ModelClass, { names: 'path-segment' }),
  namespaced(NetworkPolicy as ModelClass),
  namespaced(PodDisruptionBudget as ModelClass),
  namespaced(Ingress as ModelClass),
];
