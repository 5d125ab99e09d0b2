/**
 * Replaces the registry of an image reference with a mirror, keeping the repository path,
 * tag and digest: `quay.io/prometheus/prometheus:v3.13.2` with `registry.example.com/mirror`
 * becomes `registry.example.com/mirror/prometheus/prometheus:v3.13.2`. Docker Hub images
 * without a registry host (`grafana/grafana:13.0.0`) keep their whole path.
 */
export function withImageRegistry(image: string, registry: string | undefined): string {
  if (!registry) return image;
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : '';
  const hasRegistryHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const path = hasRegistryHost ? image.slice(slash + 1) : image;
  return `${registry.replace(/\/+$/, '')}/${path}`;
}
