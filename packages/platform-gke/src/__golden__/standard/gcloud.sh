# Workload Identity must be on for the cluster (always on with Autopilot; Standard: --workload-pool=acme-prod.svc.id.goog).
gcloud storage buckets create gs://acme-prod-archive-chunks --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention
gcloud storage buckets create gs://acme-prod-archive-index --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention
gcloud iam service-accounts create monitoring-archiver --project=acme-prod --display-name="mixstack monitoring/archiver"
gcloud iam service-accounts add-iam-policy-binding monitoring-archiver@acme-prod.iam.gserviceaccount.com --project=acme-prod --role=roles/iam.workloadIdentityUser --member="serviceAccount:acme-prod.svc.id.goog[monitoring/archiver]"
gcloud storage buckets add-iam-policy-binding gs://acme-prod-archive-chunks --project=acme-prod --member="serviceAccount:monitoring-archiver@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectUser
gcloud storage buckets add-iam-policy-binding gs://acme-prod-archive-index --project=acme-prod --member="serviceAccount:monitoring-archiver@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectUser
