// Model classes one by one: the package index of @kubernetes-models/gke loads hundreds of models.
import { BackendConfig } from '@kubernetes-models/gke/cloud.google.com/v1/BackendConfig';
import { ManagedCertificate } from '@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate';
import { FrontendConfig } from '@kubernetes-models/gke/networking.gke.io/v1beta1/FrontendConfig';
import { addKinds, type KindDefinition, kindFromModel, type ModelClass, type Stack } from '@mixstack/core';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { SOURCE } from './config.js';

/**
 * The kinds this package renders beyond core's built-in ones, validated with the schemas of
 * @kubernetes-models/gke (GKE's CRDs) and kubernetes-models (ResourceQuota).
 */
export function gkeKinds(): KindDefinition[] {
  return [
    kindFromModel(BackendConfig as ModelClass, { namespaced: true }),
    kindFromModel(ManagedCertificate as ModelClass, { namespaced: true }),
    kindFromModel(FrontendConfig as ModelClass, { namespaced: true }),
    kindFromModel(ResourceQuota as ModelClass, { namespaced: true }),
  ];
}

export function withGkeKinds(stack: Stack): Stack {
  return addKinds(stack, SOURCE, gkeKinds());
}
