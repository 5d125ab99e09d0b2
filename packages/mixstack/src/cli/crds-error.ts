/**
 * Why `crds pull` refused the CRD files, one code per kind of failure, so a script (and the
 * user) can tell being offline from a wrong mirror or a changed file:
 * - `CRD_DNS`: the host's name does not resolve (ENOTFOUND, EAI_AGAIN): offline, or a mistyped host.
 * - `CRD_CONNECTION_REFUSED`: nothing listens at the host and port (ECONNREFUSED).
 * - `CRD_TIMEOUT`: the server did not answer in time.
 * - `CRD_NETWORK`: another network failure (TLS, reset connection, unreachable network).
 * - `CRD_HTTP`: the server answered with an HTTP error status.
 * - `CRD_CHECKSUM`: a file's SHA-256 is not the one the component ships.
 * - `CRD_NOT_UTF8`: a file is not UTF-8 text.
 * - `CRD_MISSING`: `--from DIR` lacks a file.
 */
export type CrdProblemCode =
  | 'CRD_DNS'
  | 'CRD_CONNECTION_REFUSED'
  | 'CRD_TIMEOUT'
  | 'CRD_NETWORK'
  | 'CRD_HTTP'
  | 'CRD_CHECKSUM'
  | 'CRD_NOT_UTF8'
  | 'CRD_MISSING';

/** One reason the CRD files were refused, in the shape of the CLI's other problems. */
export interface CrdProblem {
  code: CrdProblemCode;
  message: string;
  /** The URL or file concerned. */
  address?: string;
  hint: string;
}

/**
 * A CRD download or checksum failure; nothing was written. `problems` holds every cause (files
 * failing for the same cause are one problem). Its own module so the CLI need not load the
 * download code to recognise it.
 */
export class CrdDownloadError extends Error {
  constructor(
    message: string,
    readonly problems: readonly CrdProblem[] = [],
  ) {
    super(message);
  }
}
