import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';

const complete = {
  API_TOKEN: 't',
  DISTRIBUTION_BUCKET: 'distribution',
  STATE_BUCKET: 'state',
  WORKSPACE_BUCKET: 'workspace',
  DISTRIBUTION_BASE_URL: 'https://cdn.example.org/',
  JOBS_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/1/distribution-jobs',
};

describe('loadConfig', () => {
  it('derives the defaults of the contract', () => {
    const config = loadConfig(complete);
    expect(config).toMatchObject({
      organization: 'mh_default_org',
      sourceBaseUrl: 's3://workspace/',
      sourceAllowedBuckets: ['workspace'],
      sourceAllowedHosts: [],
      distributionBaseUrl: 'https://cdn.example.org',
    });
  });

  it('fails fast, naming every missing variable at once', () => {
    let message = '';
    try {
      loadConfig({});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['API_TOKEN', 'DISTRIBUTION_BUCKET', 'STATE_BUCKET', 'DISTRIBUTION_BASE_URL', 'SOURCE_BASE_URL (or WORKSPACE_BUCKET)', 'JOBS_QUEUE_URL']) {
      expect(message).toContain(`${name} is not set`);
    }
    expect(message).not.toContain('must be an absolute URL');
  });

  it('refuses malformed values', () => {
    expect(() => loadConfig({ ...complete, COPY_CONCURRENCY: 'many' })).toThrow(/COPY_CONCURRENCY must be a whole number/);
    expect(() => loadConfig({ ...complete, DISTRIBUTION_BASE_URL: 'cdn' })).toThrow(/DISTRIBUTION_BASE_URL must be an absolute URL/);
  });

  it('takes multipart copy thresholds and part sizes down to 5 MiB (the smallest S3 part) and no lower', () => {
    const MiB = 1024 * 1024;
    const small = { MULTIPART_COPY_THRESHOLD: String(5 * MiB), MULTIPART_PART_SIZE: String(5 * MiB) };
    expect(loadConfig({ ...complete, ...small })).toMatchObject({ multipartCopyThreshold: 5 * MiB, multipartPartSize: 5 * MiB });
    expect(() => loadConfig({ ...complete, MULTIPART_PART_SIZE: String(5 * MiB - 1) })).toThrow(/MULTIPART_PART_SIZE must be a whole number from 5242880/);
    expect(() => loadConfig({ ...complete, MULTIPART_COPY_THRESHOLD: String(5 * MiB - 1) })).toThrow(/MULTIPART_COPY_THRESHOLD must be a whole number from 5242880/);
  });

  it('lowercases the allowed hosts and drops blanks', () => {
    expect(loadConfig({ ...complete, SOURCE_ALLOWED_HOSTS: ' Media.Example.org, ,[::1]' }).sourceAllowedHosts).toEqual(['media.example.org', '[::1]']);
  });
});
