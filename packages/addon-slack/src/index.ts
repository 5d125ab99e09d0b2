/**
 * @mixstack/addon-slack: Slack notifications for the stack's Alertmanager, through the stack's
 * `alerting` section only.
 */
export {
  defaultSlackOptions,
  SECRETS_DIR,
  type SecretKeyRef,
  type Severity,
  type SlackInhibitRule,
  type SlackInput,
  type SlackOptions,
  type SlackRoute,
  type SlackTarget,
} from './config.js';
export { MUTED_RECEIVER, planRouting, ROUTE_ORDER, receiverName, type SlackRouting } from './routing.js';
export { slack } from './slack.js';
export { MAX_LISTED_ALERTS, slackTemplates, TEMPLATE_FILE, TEMPLATE_NAMES } from './templates.js';
