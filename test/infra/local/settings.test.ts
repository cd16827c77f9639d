import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStackError } from '../../../infra/local/net.ts';
import { functionEnv, readSettings } from '../../../infra/local/settings.ts';

const runtime = {
  port: 8123,
  s3Endpoint: 'http://127.0.0.1:4569',
  sqsEndpoint: 'http://127.0.0.1:9324',
  jobsQueueUrl: 'http://127.0.0.1:9324/123456789012/distribution-jobs',
  retractEventsQueueUrl: 'http://127.0.0.1:9324/123456789012/retract-events',
  retractEventsDlqUrl: 'http://127.0.0.1:9324/123456789012/retract-events-dlq',
};

describe('readSettings', () => {
  it('takes the defaults of CONTRACT section 5 from an empty environment', () => {
    expect(readSettings({})).toEqual({
      port: 8080,
      s3Port: 4569,
      sqsPort: 9324,
      dataDir: path.resolve('.data'),
      s3Endpoint: undefined,
      sqsEndpoint: undefined,
      region: 'us-east-1',
      distributionBucket: 'distribution',
      workspaceBucket: 'workspace',
      stateBucket: 'distribution-state',
      apiToken: 'local-dev-token',
      apiTokenDefaulted: true,
      queueVisibilityTimeout: undefined,
      pollerConcurrency: 4,
    });
  });

  it('prefers explicit options to the environment', () => {
    const settings = readSettings({ PORT: '1', S3_PORT: '2', SQS_PORT: '3', DATA_DIR: 'x' }, { port: 0, s3Port: 0, dataDir: '/tmp/y' });
    expect(settings).toMatchObject({ port: 0, s3Port: 0, sqsPort: 3, dataDir: '/tmp/y' });
  });

  it('reads outside endpoints, token and visibility timeout', () => {
    const settings = readSettings({ S3_ENDPOINT: 'http://minio:9000/', API_TOKEN: 't', QUEUE_VISIBILITY_TIMEOUT: '2' });
    expect(settings).toMatchObject({ s3Endpoint: 'http://minio:9000', apiToken: 't', apiTokenDefaulted: false, queueVisibilityTimeout: 2 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ SQS_PORT: '70000' }, /SQS_PORT/],
    [{ S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT/],
    [{ QUEUE_VISIBILITY_TIMEOUT: '0' }, /QUEUE_VISIBILITY_TIMEOUT/],
  ])('refuses %o with a one-line error naming the variable', (env, name) => {
    expect(() => readSettings(env)).toThrow(LocalStackError);
    expect(() => readSettings(env)).toThrow(name);
  });
});

describe('functionEnv', () => {
  it('derives the public URLs from the actual port and the buckets', () => {
    const env = functionEnv({}, readSettings({}), runtime);
    expect(env).toMatchObject({
      PORT: '8123',
      DISTRIBUTION_BUCKET: 'distribution',
      WORKSPACE_BUCKET: 'workspace',
      STATE_BUCKET: 'distribution-state',
      DISTRIBUTION_BASE_URL: 'http://127.0.0.1:8123/static',
      SOURCE_BASE_URL: 's3://workspace/',
      SOURCE_ALLOWED_HOSTS: '127.0.0.1,localhost,[::1]',
      ORGANIZATION: 'mh_default_org',
      API_TOKEN: 'local-dev-token',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: runtime.s3Endpoint,
      SQS_ENDPOINT: runtime.sqsEndpoint,
      JOBS_QUEUE_URL: runtime.jobsQueueUrl,
      RETRACT_EVENTS_QUEUE_URL: runtime.retractEventsQueueUrl,
      RETRACT_EVENTS_DLQ_URL: runtime.retractEventsDlqUrl,
    });
  });

  it('keeps what the environment sets, an explicitly empty host list included', () => {
    const input = { WORKSPACE_BUCKET: 'ws', ORGANIZATION: 'org', SOURCE_ALLOWED_HOSTS: '', AWS_ACCESS_KEY_ID: 'AK' };
    const env = functionEnv(input, readSettings(input), runtime);
    expect(env).toMatchObject({ SOURCE_BASE_URL: 's3://ws/', ORGANIZATION: 'org', SOURCE_ALLOWED_HOSTS: '', AWS_ACCESS_KEY_ID: 'AK' });
  });
});
