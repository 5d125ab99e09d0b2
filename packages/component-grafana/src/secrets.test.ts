import { problemsOfPart } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { credentialInSetting, type GrafanaOptions, isSensitiveSetting } from './config.js';
import { grafana } from './grafana.js';
import { renderParts } from './test-helpers.js';

const problemsOf = (options: unknown) => problemsOfPart(grafana(options as GrafanaOptions));

describe('grafana.ini credentials are refused in config, in every section (issue 10)', () => {
  test.each<[string, string, string, string | number]>([
    [
      'the key that signs sessions and encrypts datasource secrets',
      'security',
      'secret_key',
      'SW2YcwTIb9zpOOhoPsMm',
    ],
    ['the admin password', 'security', 'admin_password', 'hunter2'],
    ['a numeric admin password', 'security', 'admin_password', 123456],
    [
      'a Redis connection string with a password',
      'remote_cache',
      'connstr',
      'addr=redis:6379,db=0,password=hunter2',
    ],
    [
      'a MySQL connection string with a password',
      'remote_cache',
      'connstr',
      'grafana:hunter2@tcp(mysql:3306)/grafana',
    ],
    ['a database URL with a password', 'database', 'url', 'mysql://grafana:hunter2@mysql:3306/grafana'],
    ['the database password', 'database', 'password', 'hunter2'],
    ['the SMTP password', 'smtp', 'password', 'hunter2'],
    ['an OAuth client secret', 'auth.github', 'client_secret', 'abc'],
    ['an Azure storage account key', 'external_image_storage.azure_blob', 'account_key', 'abc'],
    ['an S3 secret key', 'external_image_storage.s3', 'secret_key', 'abc'],
    ['a SAML private key', 'auth.saml', 'private_key', 'LS0tLS1CRUdJTi'],
    ['a SAML certificate', 'auth.saml', 'certificate', 'LS0tLS1CRUdJTi'],
    ['the renderer token', 'rendering', 'renderer_token', 'abc'],
    ['an alerting Redis password', 'unified_alerting', 'ha_redis_password', 'abc'],
    ['a license text', 'enterprise', 'license_text', 'abc'],
    ['an encryption key', 'security.encryption', 'data_keys_encryption_key', 'abc'],
    ['a provider config', 'session', 'provider_config', 'user:pw@tcp(db)/grafana'],
    ['a plugin API token', 'plugin.example-app', 'api_token', 'abc'],
    ['a basic-auth password in a custom section', 'custom', 'basic_auth_password', 'abc'],
    ['a credential around an expansion', 'database', 'password', 'x$__env{DB_PASSWORD}'],
  ])('rejects %s (%s.%s), naming the way to pass it and never the value', (_name, section, key, value) => {
    const problems = problemsOf({ config: { [section]: { [key]: value } } });
    expect(problems.map((p) => [p.code, p.path])).toEqual([['INVALID_OPTION', `config.${section}.${key}`]]);
    const problem = problems[0]!;
    expect(problem.hint).toContain('secretEnv');
    expect(problem.hint).toContain('$__file{');
    expect(problem.hint).toContain('$__env{');
    const text = JSON.stringify(problem.toJSON?.() ?? problem) + problem.message + problem.hint;
    expect(text).not.toContain(String(value) === 'abc' ? 'value":"abc' : String(value));
  });

  test('the hint names the environment variable Grafana reads for the setting', () => {
    const [problem] = problemsOf({ config: { security: { secret_key: 'x' } } });
    expect(problem!.hint).toContain('GF_SECURITY_SECRET_KEY');
    const [oauth] = problemsOf({ config: { 'auth.generic_oauth': { client_secret: 'x' } } });
    expect(oauth!.hint).toContain('GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET');
  });

  test.each<[string, Record<string, Record<string, string | number | boolean>>]>([
    [
      'a secret key read from a mounted Secret',
      { security: { secret_key: '$__file{/etc/secrets/grafana/secret-key}' } },
    ],
    ['a password read from a secretEnv variable', { database: { password: '$__env{GF_DB_PASSWORD}' } }],
    ['a password from Vault', { database: { password: '$__vault{database:secret/grafana:password}' } }],
    [
      'a connection string whose password is read from a variable',
      { remote_cache: { connstr: 'addr=redis:6379,password=$__env{REDIS_PASSWORD}' } },
    ],
    ['a connection string without a password', { remote_cache: { connstr: 'memcached:11211' } }],
    [
      'a database URL whose password is read from a file',
      { database: { url: 'postgres://grafana:$__file{/s/db}@db:5432/grafana' } },
    ],
    ['a database URL without a password', { database: { url: 'postgres://grafana@db:5432/grafana' } }],
    ['a boolean password setting', { 'auth.basic': { password_policy: true } }],
    [
      'a path to a SAML key',
      { 'auth.saml': { private_key_path: '/etc/saml/key.pem', certificate_path: '/etc/saml/cert.pem' } },
    ],
    [
      'an OAuth client id and token URL',
      { 'auth.generic_oauth': { client_id: 'grafana', token_url: 'https://sso.example.com/token' } },
    ],
    ['an empty password', { smtp: { password: '' } }],
  ])('accepts %s', (_name, config) => {
    expect(problemsOf({ config })).toEqual([]);
  });

  test('an accepted indirection is written as is, for Grafana to expand', () => {
    const result = renderParts([
      grafana({ config: { security: { secret_key: '$__file{/etc/secrets/key}' } } }),
    ]);
    const ini = [...result.files.values()].find((text) => text.includes('grafana.ini'))!;
    expect(ini).toContain('secret_key = $__file{/etc/secrets/key}');
  });

  test("Grafana's sensitive names, matched on GF_<SECTION>_<KEY>", () => {
    expect(isSensitiveSetting('security', 'secret_key')).toBe(true);
    expect(isSensitiveSetting('auth', 'token')).toBe(true);
    expect(isSensitiveSetting('auth', 'token_rotation_interval_minutes')).toBe(false);
    expect(isSensitiveSetting('server', 'domain')).toBe(false);
    expect(credentialInSetting('server', 'root_url', 'https://u:p@grafana.example.com/')).toBeDefined();
  });
});

describe('anonymous access through config (issue 10)', () => {
  test.each(['Admin', 'admin', ' ADMIN '])('refuses org_role %j, as the typed option does', (role) => {
    const problems = problemsOf({ config: { 'auth.anonymous': { enabled: true, org_role: role } } });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['INVALID_OPTION', 'config.auth.anonymous.org_role'],
    ]);
    expect(problems[0]!.message).toContain('Admin');
  });

  test('refuses org_role Admin beside the typed option that turns anonymous access on', () => {
    const problems = problemsOf({
      anonymous: { enabled: true },
      config: { 'auth.anonymous': { org_role: 'Admin' } },
    });
    expect(problems.map((p) => p.path)).toEqual(['config.auth.anonymous.org_role']);
  });

  const warnings = (options: GrafanaOptions) =>
    renderParts([grafana(options)])
      .summary.notices.filter((n) => n.level === 'warning')
      .map((n) => n.id);

  test('no warning by default, nor for anonymous Viewers or a local http:// URL', () => {
    expect(warnings({})).toEqual([]);
    expect(warnings({ anonymous: { enabled: true } })).toEqual([]);
    expect(warnings({ rootUrl: 'http://localhost:3000/' })).toEqual([]);
    expect(warnings({ anonymous: { enabled: false, role: 'Editor' } })).toEqual([]);
  });

  test.each<[string, GrafanaOptions]>([
    ['the typed option', { anonymous: { enabled: true, role: 'Editor' } }],
    ['config', { config: { 'auth.anonymous': { enabled: true, org_role: 'Editor' } } }],
    [
      'config and the typed option',
      { anonymous: { enabled: true }, config: { 'auth.anonymous': { org_role: 'Editor' } } },
    ],
  ])('warns in the summary for anonymous Editors set by %s', (_name, options) => {
    const notices = renderParts([grafana(options)]).summary.notices;
    const notice = notices.find((n) => n.id === 'grafana-anonymous-role');
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toContain('Editor');
  });

  test.each<[string, GrafanaOptions]>([
    ['rootUrl', { rootUrl: 'http://grafana.example.com/' }],
    ['config', { config: { server: { root_url: 'http://grafana.example.com/' } } }],
  ])('warns in the summary for an http:// root URL set by %s', (_name, options) => {
    const notice = renderParts([grafana(options)]).summary.notices.find(
      (n) => n.id === 'grafana-http-root-url',
    );
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toContain('http://grafana.example.com/');
    expect(notice?.message).toContain('https://');
  });
});

describe('tolerations are checked as Kubernetes checks them (issue 10)', () => {
  test.each<[string, unknown, string]>([
    ['a key with a space', [{ key: 'bad key', operator: 'Exists' }], 'tolerations.0.key'],
    ['a key with two slashes', [{ key: 'a/b/c', operator: 'Exists' }], 'tolerations.0.key'],
    ['a key name over 63 characters', [{ key: 'x'.repeat(64), operator: 'Exists' }], 'tolerations.0.key'],
    [
      'a key prefix over 253 characters',
      [{ key: `${'a'.repeat(254)}/x`, operator: 'Exists' }],
      'tolerations.0.key',
    ],
    ['no key with operator Equal', [{ operator: 'Equal', value: 'x' }], 'tolerations.0'],
    ['an empty key without operator', [{ key: '', value: 'x' }], 'tolerations.0'],
    ['a value with operator Exists', [{ key: 'a', operator: 'Exists', value: 'x' }], 'tolerations.0'],
  ])('rejects %s', (_name, tolerations, path) => {
    expect(problemsOf({ tolerations }).map((p) => [p.code, p.path])).toEqual([['INVALID_OPTION', path]]);
  });

  test('accepts a toleration of every taint and a qualified key', () => {
    expect(
      problemsOf({
        tolerations: [
          { operator: 'Exists' },
          { key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ],
      }),
    ).toEqual([]);
  });
});
