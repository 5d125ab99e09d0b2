import { packageConfig } from '../../tsup.config.base.ts';

// grafana-foundation-sdk is bundled: loading its ~220 CommonJS files one by one costs about
// 250 ms of every `mixstack build`; the few modules we use, bundled, load in about 60 ms.
export default packageConfig({ bundle: ['@grafana/grafana-foundation-sdk'] });
