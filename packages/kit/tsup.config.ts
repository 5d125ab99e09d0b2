import { packageConfig } from '../../tsup.config.base.ts';

// grafana-foundation-sdk is bundled (so it is a devDependency): loading its ~220 CommonJS files
// one by one costs about 250 ms of every `mixstack build`; the few modules the dashboard builder
// uses, bundled, load in about 60 ms. kubernetes-models and the prometheus-operator models are
// used for their types only (the objects the kit returns): nothing of them is loaded at run time,
// and a component that types its own objects with them has them already (optional peers).
export default packageConfig({ bundle: [/^@grafana\/grafana-foundation-sdk/] });
