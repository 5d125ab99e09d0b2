export {
  type LatencySli,
  type RatioSli,
  type Sli,
  type SloSpec,
  type SpanMetricsOptions,
  type SpanMetricsSli,
  spanMetrics,
  TEMPO_LATENCY_BUCKETS,
} from './config.js';
export { DASHBOARD_FILE, DASHBOARD_MIXIN, DASHBOARD_TITLE, DASHBOARD_UID } from './dashboard.js';
export {
  budgetConsumed,
  errorRatioRecord,
  META_RECORDS,
  SLO_ALERT,
  type SloRules,
  sloRules,
} from './rules.js';
export { mixinName, slo } from './slo.js';
export {
  BURN_RATE_ALERTS,
  BURN_RATE_WINDOWS,
  type BurnRateAlert,
  type BurnRateSeverity,
  DEFAULT_WINDOW,
} from './windows.js';
