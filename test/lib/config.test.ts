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

  it('lowercases the allowed hosts and drops blanks', () => {
    expect(loadConfig({ ...complete, SOURCE_ALLOWED_HOSTS: ' Media.Example.org, ,[::1]' }).sourceAllowedHosts).toEqual(['media.example.org', '[::1]']);
  });
});
