import { describe, expect, test } from 'vitest';
import { selectsJobs, withoutJobMatchers } from './mixin-pruning.js';

/** The jobs of a managed control plane (GKE), and with etcd (EKS). */
const JOBS = ['kube-scheduler', 'kube-controller-manager'];
const WITH_ETCD = [...JOBS, 'etcd'];

describe('withoutJobMatchers', () => {
  test.each<[string, string | undefined]>([
    ['up{job="kube-scheduler"}', undefined],
    ["up{job='kube-scheduler'}", undefined],
    ['up{job = "kube-controller-manager", instance="a"}', undefined],
    ['up{job="kube-scheduler-extra"}', 'up{job="kube-scheduler-extra"}'],
    ['up{job!="kube-scheduler"}', 'up{job!="kube-scheduler"}'],
    ['up{job=~"kube-scheduler"}', undefined],
    ['up{job=~"kube-scheduler|kube-controller-manager"}', undefined],
    ['up{job=~"apiserver|kube-scheduler|kubelet"}', 'up{job=~"apiserver|kubelet"}'],
    ['up{job=~"kube-.*"}', undefined],
    ['up{job=~".+"}', 'up{job=~".+"}'],
    ['up{job=~"apiserver"}', 'up{job=~"apiserver"}'],
    ['sum(up{job="apiserver"}) + sum(up{job="kube-scheduler"})', undefined],
    ['up{myjob="kube-scheduler"}', 'up{myjob="kube-scheduler"}'],
  ])('%s', (expr, expected) => {
    expect(withoutJobMatchers(expr, JOBS)).toBe(expected);
    expect(selectsJobs(expr, JOBS)).toBe(expected === undefined);
  });

  test.each<[string, string | undefined]>([
    ['up{job="etcd"}', undefined],
    [
      'etcd_request_duration_seconds_count{job="apiserver"}',
      'etcd_request_duration_seconds_count{job="apiserver"}',
    ],
  ])('with etcd: %s', (expr, expected) => {
    expect(withoutJobMatchers(expr, WITH_ETCD)).toBe(expected);
    expect(selectsJobs(expr, WITH_ETCD)).toBe(expected === undefined);
  });
});
