/** Kubernetes quantities of the plan's numbers: whole cores without a unit, whole GiB as `Gi`. */
export const cpuQuantity = (millicores: number): string =>
  millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;

export const memoryQuantity = (mebibytes: number): string =>
  mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;

export const storageQuantity = (gibibytes: number): string => `${gibibytes}Gi`;
