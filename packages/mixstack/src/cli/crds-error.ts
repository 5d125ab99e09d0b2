/** A CRD download or checksum failure; nothing was written. Its own module so the CLI need not load the download code to recognise it. */
export class CrdDownloadError extends Error {}
