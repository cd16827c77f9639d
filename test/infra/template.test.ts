/**
 * The deployed stack, checked before anything is deployed. The functions are bundled once
 * (scripts/build.mjs, as `npm run package` does), then `osls package --stage ci` runs offline three
 * times: the public stack (the default), the private one (distributionMode=private with a key pair
 * made here), and a private one without its public key, which must not package. Both
 * templates are held against lib/routes.ts and the security rules of the service, and against
 * each other: private mode adds the CloudFront key and signed-URL settings, and nothing else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudFrontSignedUrls } from '../../lib/aws/url-signers.ts';
import { loadConfig } from '../../lib/config.ts';
import { queueConsumers, routes, visibilityTimeoutFor, type QueueConsumerDef, type RouteDef } from '../../lib/routes.ts';
import {
  PSEUDO,
  actionsOf,
  asArray,
  at,
  isObject,
  policyStatements,
  references,
  referencedId,
  render,
  resolveSecrets,
  resource,
  resourcesOfType,
  secretReferences,
  type Json,
  type JsonObject,
  type Resource,
  type Template,
} from './cfn.ts';
import { zipEntryNames } from './zip.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OSLS = path.join(ROOT, 'node_modules', '.bin', 'osls');
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const HTTP_INTEGRATION_TIMEOUT_SECONDS = 30;
const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

/** Private mode: a key pair of the kind the README tells deployers to make, and a non-default TTL. */
const SIGNING_KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const PRIVATE_URL_TTL_SECONDS = 3600;
/** The default of the cloudfrontPrivateKeySecret parameter for stage ci. */
const PRIVATE_KEY_SECRET = 'media-distribution/ci/cloudfront-private-key';
const API_TOKEN_SECRET = 'media-distribution/ci/api-token';
/** What CloudFormation would put in place of the dynamic references at deploy time. */
const SECRETS = { [API_TOKEN_SECRET]: 'f'.repeat(64), [PRIVATE_KEY_SECRET]: SIGNING_KEYS.privateKey };
const PRIVATE_VARIABLES = ['DISTRIBUTION_MODE', 'PRIVATE_URL_TTL_SECONDS', 'CLOUDFRONT_KEY_PAIR_ID', 'CLOUDFRONT_PRIVATE_KEY'];

/**
 * `osls package` needs no AWS account and no network (nothing in serverless.yml resolves against
 * AWS at package time: the API token and the CloudFront private key are dynamic references
 * CloudFormation resolves at deploy). Dummy credentials and a fixed region make that a guarantee:
 * should a lookup ever creep in, it fails here instead of quietly reading whatever account the
 * developer is logged in to.
 */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAOFFLINEPACKAGING',
    AWS_SECRET_ACCESS_KEY: 'offline-packaging-uses-no-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_DEPRECATION_DISABLE: '*',
  };
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE']) {
    delete env[name];
  }
  return env;
}

interface Run {
  status: number | null;
  output: string;
  /** Set when the command could not be started (not installed) or was killed. */
  error?: string;
}

/** A command run to its end without blocking the test process, so that several can overlap. */
function run(command: string, args: string[], timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: offlineEnv(), timeout });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ status: null, output, error: error.message }));
    child.on('close', (status, signal) => resolve(signal ? { status, output, error: `killed by ${signal}` } : { status, output }));
  });
}

const deployedRoutes = routes.filter((route) => !route.localOnly);
const routeKeyOf = (route: RouteDef) => (route.path === '$default' ? '$default' : `${route.method} ${route.path}`);

type Mode = 'public' | 'private';
interface Packaged {
  dir: string;
  template: Template;
  provider: { timeout: number; memorySize: number; runtime: string };
  lint: Run;
}

let workDir = '';
const packaged = {} as Record<Mode, Packaged>;
let withoutPublicKey: Run & { dir: string };

// What the tests below look at: the public or the private stack (set per describe block).
let packageDir = '';
let template: Template;
let provider: Packaged['provider'];

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'osls-package-'));
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, env: offlineEnv(), encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) {
    throw new Error(`scripts/build.mjs failed (${build.status ?? build.signal ?? build.error?.message}):\n${build.stdout}\n${build.stderr}`);
  }
  const dirOf = (name: string) => path.join(workDir, name);
  const osls = (name: string, ...params: string[]) =>
    run(OSLS, ['package', '--stage', 'ci', '--package', dirOf(name), ...params.flatMap((param) => ['--param', param])], 150_000);
  // On one line, as the README says to pass it: osls keeps only the first line of a --param.
  const publicKeyParam = `cloudfrontPublicKey=${SIGNING_KEYS.publicKey.replace(/\n/g, '')}`;
  const lint = (dir: string) => run('cfn-lint', ['--format', 'parseable', path.join(dir, TEMPLATE_FILE)], 60_000);
  const packageOrThrow = async (mode: Mode, ...params: string[]) => {
    const result = await osls(mode, ...params);
    if (result.status !== 0 || result.error) throw new Error(`osls package (${mode}) failed (${result.status ?? result.error}):\n${result.output}`);
    return lint(dirOf(mode));
  };
  // osls builds every artifact in <service>/.serverless/ and clears that folder when done, so two
  // packagings of this service must not overlap. The one that must fail stops while resolving
  // variables, before it touches .serverless/, so it runs alongside; each cfn-lint runs alongside
  // the next step too.
  const missingRun = osls('private-without-key', 'distributionMode=private');
  const publicLint = await packageOrThrow('public');
  const privateLint = packageOrThrow('private', 'distributionMode=private', publicKeyParam, `privateUrlTtlSeconds=${PRIVATE_URL_TTL_SECONDS}`);
  const lints = { public: await publicLint, private: await privateLint };
  withoutPublicKey = { ...(await missingRun), dir: dirOf('private-without-key') };

  for (const mode of ['public', 'private'] as const) {
    const dir = dirOf(mode);
    const state = JSON.parse(readFileSync(path.join(dir, 'serverless-state.json'), 'utf8')) as {
      service: { provider: Packaged['provider'] };
    };
    packaged[mode] = {
      dir,
      template: JSON.parse(readFileSync(path.join(dir, TEMPLATE_FILE), 'utf8')) as Template,
      provider: state.service.provider,
      lint: lints[mode],
    };
  }
}, 180_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Makes `mode`'s stack the one the lookups and tests of the enclosing describe block read. */
function useStack(mode: Mode): void {
  beforeAll(() => {
    ({ dir: packageDir, template, provider } = packaged[mode]);
  });
}

// ── Lookups ──────────────────────────────────────────────────────────────────────────────────

/** The Lambda function whose handler is dist/<name>/index.handler. */
function lambdaFor(name: string): [string, Resource] {
  const found = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties.Handler === `dist/${name}/index.handler`,
  );
  expect(found, `exactly one function with handler dist/${name}/index.handler`).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** The queue named `<stack>-<queue>` (and its dead-letter queue `<stack>-<queue>-dlq`). */
function queueNamed(queue: string): [string, Resource] {
  const found = resourcesOfType(template, 'AWS::SQS::Queue').filter(([, q]) =>
    render(template, q.Properties.QueueName).endsWith(`-${queue}`),
  );
  expect(found, `exactly one queue named <stack>-${queue}`).toHaveLength(1);
  return found[0] as [string, Resource];
}

function consumerQueues(consumer: QueueConsumerDef) {
  const [queueId, queue] = queueNamed(consumer.queue);
  const [dlqId, dlq] = queueNamed(`${consumer.queue}-dlq`);
  return { queueId, queue, dlqId, dlq };
}

/** The logical id a Lambda environment variable points at (the same for every function). */
function environmentTarget(variable: string): string {
  const [, fn] = lambdaFor(deployedRoutes[0]!.name);
  const id = referencedId(at(fn.Properties, `Environment.Variables.${variable}`));
  if (!id) throw new Error(`${variable} does not reference a resource.`);
  return id;
}

/**
 * A function's environment as the deployed function would see it: intrinsics rendered (a Ref is
 * the logical id), and Secrets Manager references replaced by stand-ins for the secrets.
 */
function deployedEnvironment(name: string): Record<string, string> {
  const [, fn] = lambdaFor(name);
  const variables = at(fn.Properties, 'Environment.Variables');
  if (!isObject(variables)) throw new Error(`The function ${name} has no environment.`);
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolveSecrets(render(template, value), SECRETS)]));
}

/** Is this a statement that only refuses requests not made over TLS? */
function isInsecureTransportDenial(statement: JsonObject): boolean {
  const flag = at(statement, 'Condition.Bool.aws:SecureTransport');
  return statement.Effect === 'Deny' && (flag === false || flag === 'false');
}

function rolePolicyStatements(): JsonObject[] {
  return policyStatements(template)
    .filter(({ owner, where }) => resource(template, owner).Type === 'AWS::IAM::Role' && !where.includes('AssumeRolePolicyDocument'))
    .map(({ statement }) => statement);
}

function resourcesOfStatement(statement: JsonObject): Json[] {
  return asArray(statement.Resource);
}

// ── Tests ────────────────────────────────────────────────────────────────────────────────────

describe.each(['public', 'private'] as const)('packaged %s stack (osls package --stage ci, offline)', (mode) => {
  useStack(mode);

  it('has no reference to a resource, parameter or condition it does not define', () => {
    const resources = new Set(Object.keys(template.Resources));
    const parameters = new Set(Object.keys(template.Parameters ?? {}));
    const conditions = new Set(Object.keys(template.Conditions ?? {}));
    const dangling = references(template).filter(({ to, kind }) =>
      kind === 'condition' ? !conditions.has(to) : !resources.has(to) && !parameters.has(to) && !(to in PSEUDO),
    );
    expect(dangling).toEqual([]);
  });

  describe('HTTP API', () => {
    it('routes every route of lib/routes.ts that is not local-only, and no other', () => {
      const routeKeys = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
      expect(routeKeys.sort()).toEqual(deployedRoutes.map(routeKeyOf).sort());
      expect(routeKeys).toContain('$default');
    });

    it.each(deployedRoutes.map((route) => [routeKeyOf(route), route] as const))(
      '%s reaches the function built from its handler, with payload 2.0',
      (routeKey, route) => {
        const [, apiRoute] = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)!;
        const target = at(apiRoute.Properties, 'Target');
        expect(at(target, 'Fn::Join.1.0')).toBe('integrations');
        const integration = resource(template, referencedId(at(target, 'Fn::Join.1.1'))!);
        expect(integration.Type).toBe('AWS::ApiGatewayV2::Integration');
        expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
        expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
        expect(Number(integration.Properties.TimeoutInMillis)).toBeLessThanOrEqual(HTTP_INTEGRATION_TIMEOUT_SECONDS * 1000);
        const [functionId] = lambdaFor(route.name);
        expect(referencedId(integration.Properties.IntegrationUri)).toBe(functionId);
      },
    );

    it('lets API Gateway invoke each HTTP function, from this API only', () => {
      for (const route of deployedRoutes) {
        const [functionId] = lambdaFor(route.name);
        const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(
          ([, p]) => referencedId(p.Properties.FunctionName) === functionId,
        );
        expect(permissions, route.name).toHaveLength(1);
        const [, permission] = permissions[0]!;
        expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
        expect(render(template, permission.Properties.SourceArn)).toMatch(/:execute-api:us-east-1:123456789012:HttpApi\/\*$/);
      }
    });

    it('answers CORS for GET and POST with the Authorization header, without credentials', () => {
      const [[, api] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
      expect(api?.Properties.ProtocolType).toBe('HTTP');
      const cors = api?.Properties.CorsConfiguration;
      expect(at(cors, 'AllowMethods')).toEqual(expect.arrayContaining(['GET', 'POST']));
      expect(at(cors, 'AllowHeaders')).toEqual(expect.arrayContaining(['Authorization', 'Content-Type']));
      expect(at(cors, 'AllowCredentials')).not.toBe(true);
    });
  });

  describe('functions', () => {
    const bundles = [...deployedRoutes, ...queueConsumers];

    it('deploys one function per non-local route and queue consumer, and nothing else', () => {
      const handlers = resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.Handler);
      expect(handlers.sort()).toEqual(bundles.map((def) => `dist/${def.name}/index.handler`).sort());
    });

    it.each(bundles.map((def) => [def.name, def] as const))(
      '%s runs on nodejs22.x with the timeout and memory of its table entry',
      (name, def) => {
        const [, fn] = lambdaFor(name);
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Timeout).toBe(def.timeout ?? provider.timeout);
        expect(fn.Properties.MemorySize).toBe(def.memorySize ?? provider.memorySize);
      },
    );

    it('keeps every HTTP function within the 30 s API Gateway integration timeout', () => {
      for (const route of deployedRoutes) {
        const [, fn] = lambdaFor(route.name);
        expect(Number(fn.Properties.Timeout), route.name).toBeLessThan(HTTP_INTEGRATION_TIMEOUT_SECONDS);
      }
    });

    it('packages each function alone: its zip holds only its own bundle and source map', () => {
      for (const def of bundles) {
        const [, fn] = lambdaFor(def.name);
        const artifact = path.join(packageDir, path.basename(String(at(fn.Properties, 'Code.S3Key'))));
        expect(existsSync(artifact), artifact).toBe(true);
        expect(zipEntryNames(artifact).sort()).toEqual([`dist/${def.name}/index.mjs`, `dist/${def.name}/index.mjs.map`]);
      }
    });

    it('gives every function an environment that lib/config.ts accepts', () => {
      for (const def of bundles) {
        const env = deployedEnvironment(def.name);
        const config = loadConfig({ ...env, AWS_REGION: PSEUDO['AWS::Region'] });
        // Private mode signs CloudFront URLs; public mode signs nothing.
        expect(config.privateUrlTtlSeconds !== undefined, def.name).toBe(mode === 'private');
        expect(config.cloudfrontKeyPairId !== undefined, def.name).toBe(mode === 'private');
        expect(env.NODE_OPTIONS).toContain('--enable-source-maps');
        expect(env).not.toHaveProperty('S3_ENDPOINT');
        expect(env).not.toHaveProperty('SQS_ENDPOINT');
      }
    });

    it('takes the API token from Secrets Manager at deploy time, never from the template', () => {
      const [, fn] = lambdaFor(deployedRoutes[0]!.name);
      expect(at(fn.Properties, 'Environment.Variables.API_TOKEN')).toMatch(/^\{\{resolve:secretsmanager:[^}]+\}\}$/);
    });

    it('points the functions at the stack\'s buckets, queues and CloudFront distribution', () => {
      expect(resource(template, environmentTarget('DISTRIBUTION_BUCKET')).Type).toBe('AWS::S3::Bucket');
      expect(resource(template, environmentTarget('STATE_BUCKET')).Type).toBe('AWS::S3::Bucket');
      expect(environmentTarget('JOBS_QUEUE_URL')).toBe(queueNamed('distribution-jobs')[0]);
      expect(environmentTarget('RETRACT_EVENTS_QUEUE_URL')).toBe(queueNamed('retract-events')[0]);
      expect(environmentTarget('RETRACT_EVENTS_DLQ_URL')).toBe(queueNamed('retract-events-dlq')[0]);
      expect(resource(template, environmentTarget('CLOUDFRONT_DISTRIBUTION_ID')).Type).toBe('AWS::CloudFront::Distribution');
      const [, fn] = lambdaFor(deployedRoutes[0]!.name);
      expect(render(template, at(fn.Properties, 'Environment.Variables.DISTRIBUTION_BASE_URL'))).toBe(
        `https://${environmentTarget('CLOUDFRONT_DISTRIBUTION_ID')}.DomainName`,
      );
    });
  });

  describe('IAM', () => {
    it('finds the policies to check (role, bucket and queue policies)', () => {
      const owners = new Set(policyStatements(template).map(({ owner }) => resource(template, owner).Type));
      expect([...owners].sort()).toEqual(['AWS::IAM::Role', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy']);
    });

    it('grants no wildcard action and no NotAction anywhere', () => {
      const offending = policyStatements(template)
        .filter(({ statement }) => !isInsecureTransportDenial(statement))
        .filter(({ statement }) => actionsOf(statement).some((action) => action.includes('*')) || 'NotAction' in statement)
        .map(({ owner, where }) => `${owner} ${where}`);
      expect(offending).toEqual([]);
    });

    it('uses a wildcard action only to deny requests that are not made over TLS', () => {
      for (const { owner, statement } of policyStatements(template)) {
        if (!actionsOf(statement).some((action) => action.includes('*'))) continue;
        expect(isInsecureTransportDenial(statement), owner).toBe(true);
        expect(actionsOf(statement), owner).toEqual(['s3:*']);
      }
    });

    it('names no `*` resource, and no resource whose whole name is a wildcard, in any statement', () => {
      const offending: string[] = [];
      for (const { owner, where, statement } of policyStatements(template)) {
        if ('NotResource' in statement) offending.push(`${owner} ${where}: NotResource`);
        for (const value of resourcesOfStatement(statement)) {
          const text = render(template, value);
          // arn:partition:service:region:account:resource — no part may be a bare wildcard.
          const parts = text.startsWith('arn:') ? text.split(':') : [];
          const resourcePart = parts.slice(5).join(':');
          if (text === '*' || parts.slice(1, 5).includes('*') || (parts.length > 0 && /^\*/.test(resourcePart))) {
            offending.push(`${owner} ${where}: ${text}`);
          }
        }
      }
      expect(offending).toEqual([]);
    });

    it('admits no anonymous principal except in TLS-only denials', () => {
      for (const { owner, statement } of policyStatements(template)) {
        if (statement.Effect !== 'Allow') continue;
        const principal = statement.Principal;
        expect(principal, owner).not.toBe('*');
        expect(at(principal, 'AWS'), owner).not.toBe('*');
      }
    });

    it('gives the functions only the S3, SQS and CloudFront actions they use, on this stack\'s resources', () => {
      const distribution = environmentTarget('DISTRIBUTION_BUCKET');
      const state = environmentTarget('STATE_BUCKET');
      const cdn = environmentTarget('CLOUDFRONT_DISTRIBUTION_ID');
      const jobs = queueNamed('distribution-jobs')[0];
      const retractEvents = queueNamed('retract-events')[0];
      const retractEventsDlq = queueNamed('retract-events-dlq')[0];
      const grants = new Map<string, Set<string>>();
      for (const statement of rolePolicyStatements()) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actionsOf(statement)) {
          const set = grants.get(action) ?? new Set<string>();
          for (const value of resourcesOfStatement(statement)) set.add(render(template, value));
          grants.set(action, set);
        }
      }
      const services = new Set([...grants.keys()].map((action) => action.split(':')[0]));
      expect([...services].sort()).toEqual(['cloudfront', 'logs', 's3', 'sqs']);
      const on = (action: string) => [...(grants.get(action) ?? [])].sort();

      expect(on('cloudfront:CreateInvalidation')).toEqual([`arn:aws:cloudfront::123456789012:distribution/${cdn}`]);
      for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']) {
        expect(on(action).every((arn) => arn === `${distribution}.Arn/*` || arn === `${state}.Arn/*`), action).toBe(true);
      }
      expect(on('s3:DeleteObject')).toEqual([`${distribution}.Arn/*`]);
      expect(on('s3:PutObject')).toEqual([`${distribution}.Arn/*`, `${state}.Arn/*`].sort());
      // Reads: the distribution bucket, the job records and the workspace (the stack's own here:
      // stage ci names no existing one).
      expect(on('s3:GetObject')).toEqual([`${distribution}.Arn/*`, `${state}.Arn/*`, 'arn:aws:s3:::WorkspaceBucket/*'].sort());
      expect(on('s3:ListBucket')).toEqual([`${distribution}.Arn`, `${state}.Arn`, 'arn:aws:s3:::WorkspaceBucket'].sort());
      // Jobs go to the jobs queue; malformed retract events straight to their dead-letter queue.
      expect(on('sqs:SendMessage')).toEqual([`${jobs}.Arn`, `${retractEventsDlq}.Arn`].sort());
      expect(on('sqs:GetQueueAttributes')).toEqual([`${jobs}.Arn`, `${retractEvents}.Arn`].sort());
      // Lambda's event source mappings poll exactly the consumed queues.
      const consumed = queueConsumers.map((consumer) => `${queueNamed(consumer.queue)[0]}.Arn`).sort();
      expect(on('sqs:ReceiveMessage')).toEqual(consumed);
      expect(on('sqs:DeleteMessage')).toEqual(consumed);
      const s3Actions = [...grants.keys()].filter((action) => action.startsWith('s3:')).sort();
      expect(s3Actions).toEqual(
        ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:ListMultipartUploadParts', 's3:PutObject'].sort(),
      );
    });
  });

  describe('queues', () => {
    it.each(queueConsumers.map((consumer) => [consumer.queue, consumer] as const))(
      '%s moves a message to its dead-letter queue after maxReceiveCount receives',
      (_queue, consumer) => {
        const { queue, dlqId } = consumerQueues(consumer);
        expect(at(queue.Properties, 'RedrivePolicy.maxReceiveCount')).toBe(consumer.maxReceiveCount);
        expect(referencedId(at(queue.Properties, 'RedrivePolicy.deadLetterTargetArn'))).toBe(dlqId);
      },
    );

    it.each(queueConsumers.map((consumer) => [consumer.queue, consumer] as const))(
      '%s hides a received message longer than its consumer may run',
      (_queue, consumer) => {
        const { queue } = consumerQueues(consumer);
        const [, fn] = lambdaFor(consumer.name);
        expect(queue.Properties.VisibilityTimeout).toBe(visibilityTimeoutFor(consumer));
        expect(Number(queue.Properties.VisibilityTimeout)).toBeGreaterThan(Number(fn.Properties.Timeout));
      },
    );

    it.each(queueConsumers.map((consumer) => [consumer.queue, consumer] as const))(
      '%s keeps dead letters 14 days and encrypts both queues at rest',
      (_queue, consumer) => {
        const { queue, dlq } = consumerQueues(consumer);
        expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
        expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
        expect(dlq.Properties.SqsManagedSseEnabled).toBe(true);
      },
    );

    it.each(queueConsumers.map((consumer) => [consumer.queue, consumer] as const))(
      '%s feeds its consumer in batches that report partial failures',
      (_queue, consumer) => {
        const { queueId } = consumerQueues(consumer);
        const [functionId] = lambdaFor(consumer.name);
        const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
          ([, m]) => referencedId(m.Properties.EventSourceArn) === queueId,
        );
        expect(mappings).toHaveLength(1);
        const [, mapping] = mappings[0]!;
        expect(referencedId(mapping.Properties.FunctionName)).toBe(functionId);
        expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
        expect(mapping.Properties.BatchSize).toBe(consumer.batchSize);
        expect(Number(mapping.Properties.MaximumBatchingWindowInSeconds)).toBeLessThanOrEqual(5);
        expect(mapping.Properties.Enabled).toBe(true);
      },
    );
  });

  describe('buckets', () => {
    it('blocks public access on every bucket of the stack and encrypts each at rest', () => {
      const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
      expect(buckets.length).toBeGreaterThanOrEqual(3);
      for (const [id, bucket] of buckets) {
        expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(at(bucket.Properties, 'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm'), id).toBeDefined();
      }
    });

    it('lets only the stack\'s CloudFront distribution read the distribution bucket', () => {
      const bucketId = environmentTarget('DISTRIBUTION_BUCKET');
      const cdn = environmentTarget('CLOUDFRONT_DISTRIBUTION_ID');
      const bucket = resource(template, bucketId);
      expect(at(bucket.Properties, 'OwnershipControls.Rules.0.ObjectOwnership')).toBe('BucketOwnerEnforced');
      const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, p]) => referencedId(p.Properties.Bucket) === bucketId);
      expect(policies).toHaveLength(1);
      const statements = asArray(at(policies[0]![1].Properties, 'PolicyDocument.Statement')).filter(isObject);
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      const [allow] = allows as [JsonObject];
      expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(actionsOf(allow)).toEqual(['s3:GetObject']);
      expect(asArray(allow.Resource).map((value) => render(template, value))).toEqual([`${bucketId}.Arn/*`]);
      expect(render(template, at(allow, 'Condition.StringEquals.AWS:SourceArn'))).toBe(`arn:aws:cloudfront::123456789012:distribution/${cdn}`);
      // Everything else in the policy only refuses plain-HTTP requests.
      expect(statements.filter((statement) => statement.Effect !== 'Allow').every(isInsecureTransportDenial)).toBe(true);
    });

    it('expires job records in the state bucket', () => {
      const state = resource(template, environmentTarget('STATE_BUCKET'));
      const rules = asArray(at(state.Properties, 'LifecycleConfiguration.Rules')).filter(isObject);
      const expiring = rules.filter((rule) => rule.Status === 'Enabled' && Number(rule.ExpirationInDays) > 0);
      expect(expiring).toHaveLength(1);
    });
  });

  describe('CloudFront', () => {
    function distribution(): JsonObject {
      const cdn = resource(template, environmentTarget('CLOUDFRONT_DISTRIBUTION_ID'));
      return cdn.Properties.DistributionConfig as JsonObject;
    }

    it('reads the distribution bucket through an Origin Access Control (SigV4, always signed)', () => {
      const origins = asArray(distribution().Origins).filter(isObject);
      expect(origins).toHaveLength(1);
      const [origin] = origins as [JsonObject];
      expect(referencedId(origin.DomainName)).toBe(environmentTarget('DISTRIBUTION_BUCKET'));
      expect(at(origin, 'S3OriginConfig.OriginAccessIdentity')).toBe('');
      const oac = resource(template, referencedId(origin.OriginAccessControlId)!);
      expect(oac.Type).toBe('AWS::CloudFront::OriginAccessControl');
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
    });

    it('redirects HTTP to HTTPS, caches with CachingOptimized and sends CORS headers to players', () => {
      const behavior = distribution().DefaultCacheBehavior as JsonObject;
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(behavior.CachePolicyId).toBe(CACHING_OPTIMIZED);
      const headers = resource(template, referencedId(behavior.ResponseHeadersPolicyId)!);
      expect(headers.Type).toBe('AWS::CloudFront::ResponseHeadersPolicy');
      const cors = at(headers.Properties, 'ResponseHeadersPolicyConfig.CorsConfig');
      expect(at(cors, 'AccessControlAllowOrigins.Items')).toEqual(['*']);
      expect(at(cors, 'AccessControlAllowMethods.Items')).toEqual(expect.arrayContaining(['GET', 'HEAD']));
      expect(at(cors, 'AccessControlExposeHeaders.Items')).toEqual(expect.arrayContaining(['Content-Range', 'Content-Length']));
    });
  });

  describe('EventBridge', () => {
    it('sends "Retract Distribution" events to the retract-events queue, and only that rule may', () => {
      const [queueId] = queueNamed('retract-events');
      const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, rule]) =>
        asArray(rule.Properties.Targets).some((target) => referencedId(at(target, 'Arn')) === queueId),
      );
      expect(rules).toHaveLength(1);
      const [ruleId, rule] = rules[0]!;
      expect(at(rule.Properties, 'EventPattern.detail-type')).toEqual(['Retract Distribution']);
      expect(asArray(at(rule.Properties, 'EventPattern.source')).length).toBeGreaterThan(0);
      expect(rule.Properties.State).toBe('ENABLED');

      const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, p]) =>
        asArray(p.Properties.Queues).some((queue) => referencedId(queue) === queueId),
      );
      expect(policies).toHaveLength(1);
      const statements = asArray(at(policies[0]![1].Properties, 'PolicyDocument.Statement')).filter(isObject);
      expect(statements).toHaveLength(1);
      const [statement] = statements as [JsonObject];
      expect(statement).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } });
      expect(actionsOf(statement)).toEqual(['sqs:SendMessage']);
      expect(referencedId(at(statement, 'Condition.ArnEquals.aws:SourceArn'))).toBe(ruleId);
    });
  });

  it('outputs the API URL, the CDN domain, the bucket names and the queue URLs', () => {
    const outputs = template.Outputs ?? {};
    for (const name of ['ApiUrl', 'DistributionDomain', 'DistributionBucketName', 'StateBucketName', 'WorkspaceBucketName']) {
      expect(outputs, name).toHaveProperty(name);
    }
    const queueUrls = Object.values(outputs).map((output) => referencedId(output.Value));
    for (const consumer of queueConsumers) {
      const { queueId, dlqId } = consumerQueues(consumer);
      expect(queueUrls).toContain(queueId);
      expect(queueUrls).toContain(dlqId);
    }
    expect(render(template, outputs.ApiUrl?.Value)).toBe('https://HttpApi.execute-api.us-east-1.amazonaws.com');
  });

  // cfn-lint comes with this machine kind's Python; a missing one fails here rather than passing silently.
  it('passes cfn-lint without errors', () => {
    const { lint } = packaged[mode];
    expect(lint.error, 'cfn-lint must be installed (pip install cfn-lint)').toBeUndefined();
    const errors = lint.output.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
  });
});

// ── Public and private distribution ──────────────────────────────────────────────────────────

const lambdas = () => resourcesOfType(template, 'AWS::Lambda::Function');

/** The template without what private mode adds, and without the build timestamps in artifact keys. */
function withoutPrivateMode(stack: Template): Template {
  const copy = structuredClone(stack);
  for (const [id, res] of Object.entries(copy.Resources)) {
    if (res.Type === 'AWS::CloudFront::PublicKey' || res.Type === 'AWS::CloudFront::KeyGroup') delete copy.Resources[id];
    if (res.Type === 'AWS::CloudFront::Distribution') {
      delete (at(res.Properties, 'DistributionConfig.DefaultCacheBehavior') as JsonObject).TrustedKeyGroups;
    }
    if (res.Type === 'AWS::Lambda::Function') {
      const variables = at(res.Properties, 'Environment.Variables') as JsonObject;
      for (const name of PRIVATE_VARIABLES) delete variables[name];
      (res.Properties.Code as JsonObject).S3Key = '';
    }
  }
  delete copy.Outputs?.CloudFrontKeyPairId;
  return copy;
}

describe('public stack (the default): nothing signed', () => {
  useStack('public');

  it('has no CloudFront key or key group, and the distribution trusts no signer', () => {
    expect(resourcesOfType(template, 'AWS::CloudFront::PublicKey')).toEqual([]);
    expect(resourcesOfType(template, 'AWS::CloudFront::KeyGroup')).toEqual([]);
    const [[, cdn] = []] = resourcesOfType(template, 'AWS::CloudFront::Distribution');
    const behavior = at(cdn?.Properties, 'DistributionConfig.DefaultCacheBehavior') as JsonObject;
    expect(behavior).not.toHaveProperty('TrustedKeyGroups');
    expect(behavior).not.toHaveProperty('TrustedSigners');
    expect(template.Outputs).not.toHaveProperty('CloudFrontKeyPairId');
  });

  it('sets none of the private-mode variables on any function', () => {
    for (const [id, fn] of lambdas()) {
      const variables = at(fn.Properties, 'Environment.Variables') as JsonObject;
      expect(Object.keys(variables).filter((name) => PRIVATE_VARIABLES.includes(name)), id).toEqual([]);
    }
  });

  it('names no secret but the API token', () => {
    expect([...new Set(secretReferences(JSON.stringify(template)))]).toEqual([API_TOKEN_SECRET]);
  });
});

describe('private stack (--param distributionMode=private, cloudfrontPublicKey, privateUrlTtlSeconds)', () => {
  useStack('private');

  function signingKey(): [string, Resource] {
    const keys = resourcesOfType(template, 'AWS::CloudFront::PublicKey');
    expect(keys).toHaveLength(1);
    return keys[0]!;
  }

  function defaultBehavior(): JsonObject {
    const cdn = resource(template, environmentTarget('CLOUDFRONT_DISTRIBUTION_ID'));
    return at(cdn.Properties, 'DistributionConfig.DefaultCacheBehavior') as JsonObject;
  }

  it('holds the given public key in an AWS::CloudFront::PublicKey, the one key of a key group', () => {
    const [keyId, key] = signingKey();
    expect(at(key.Properties, 'PublicKeyConfig.EncodedKey')).toBe(SIGNING_KEYS.publicKey);
    const groups = resourcesOfType(template, 'AWS::CloudFront::KeyGroup');
    expect(groups).toHaveLength(1);
    expect(asArray(at(groups[0]![1].Properties, 'KeyGroupConfig.Items')).map(referencedId)).toEqual([keyId]);
  });

  it('names the key after its fingerprint: a new key is a new resource (CloudFront cannot change a key in place)', () => {
    const [keyId, key] = signingKey();
    const der = createPublicKey(SIGNING_KEYS.publicKey).export({ type: 'spki', format: 'der' });
    const fingerprint = createHash('sha256').update(der).digest('hex').slice(0, 16);
    expect(keyId).toBe(`DistributionSigningKey${fingerprint}`);
    expect(render(template, at(key.Properties, 'PublicKeyConfig.Name'))).toBe(`test-stack-signing-${fingerprint}`);
  });

  it('serves only signed URLs: the key group is trusted on the default and only cache behavior', () => {
    const [groupId] = resourcesOfType(template, 'AWS::CloudFront::KeyGroup')[0]!;
    const behavior = defaultBehavior();
    expect(asArray(behavior.TrustedKeyGroups).map(referencedId)).toEqual([groupId]);
    expect(behavior).not.toHaveProperty('TrustedSigners');
    const cdn = resource(template, environmentTarget('CLOUDFRONT_DISTRIBUTION_ID'));
    expect(at(cdn.Properties, 'DistributionConfig.CacheBehaviors')).toBeUndefined();
    // Players and the availability probe fetch with GET and HEAD, Range or not. CachingOptimized
    // keys no query string, so differently signed URLs of a file share one cached copy; CloudFront
    // checks the signature of every request before it looks at the cache.
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD']));
    expect(behavior.CachePolicyId).toBe(CACHING_OPTIMIZED);
  });

  it('gives every function DISTRIBUTION_MODE=private, the TTL, the key id and the private key from Secrets Manager', () => {
    const [keyId] = signingKey();
    expect(lambdas().length).toBe(deployedRoutes.length + queueConsumers.length);
    for (const [id, fn] of lambdas()) {
      const variables = at(fn.Properties, 'Environment.Variables') as JsonObject;
      expect(variables.DISTRIBUTION_MODE, id).toBe('private');
      expect(variables.PRIVATE_URL_TTL_SECONDS, id).toBe(String(PRIVATE_URL_TTL_SECONDS));
      expect(variables.CLOUDFRONT_KEY_PAIR_ID, id).toEqual({ Ref: keyId });
      expect(variables.CLOUDFRONT_PRIVATE_KEY, id).toBe(`{{resolve:secretsmanager:${PRIVATE_KEY_SECRET}}}`);
    }
    expect(referencedId(template.Outputs?.CloudFrontKeyPairId?.Value)).toBe(keyId);
  });

  it('keeps the private key out of the template and the package', () => {
    const body = SIGNING_KEYS.privateKey.split('\n')[1]!;
    for (const file of [TEMPLATE_FILE, 'serverless-state.json']) {
      const text = readFileSync(path.join(packageDir, file), 'utf8');
      expect(text, file).not.toContain('PRIVATE KEY');
      expect(text, file).not.toContain(body);
    }
  });

  it('answers URLs that the stack\'s CloudFront key verifies: lib/config.ts and the signer, given the deployed environment', async () => {
    const [keyId, key] = signingKey();
    const env = deployedEnvironment('distributeSync');
    // The CloudFront domain the stack will get, in place of its rendered `DistributionCdn.DomainName`.
    expect(env.DISTRIBUTION_BASE_URL).toBe(`https://${environmentTarget('CLOUDFRONT_DISTRIBUTION_ID')}.DomainName`);
    const config = loadConfig({ ...env, DISTRIBUTION_BASE_URL: 'https://d111111abcdef8.cloudfront.net', AWS_REGION: PSEUDO['AWS::Region'] });
    expect(config.privateUrlTtlSeconds).toBe(PRIVATE_URL_TTL_SECONDS);
    expect(config.cloudfrontKeyPairId).toBe(keyId);
    expect(config.cloudfrontPrivateKey).toBe(SIGNING_KEYS.privateKey.trim());

    const now = Date.UTC(2030, 0, 1);
    const unsigned = `${config.distributionBaseUrl}/mh_default_org/engage-player/10.0000/1/track-1/media.mov`;
    const signer = new CloudFrontSignedUrls(config.cloudfrontKeyPairId!, config.cloudfrontPrivateKey!, config.privateUrlTtlSeconds!, () => now);
    const signed = new URL(await signer.sign('mh_default_org/engage-player/10.0000/1/track-1/media.mov', unsigned));
    expect(`${signed.origin}${signed.pathname}`).toBe(unsigned);
    expect(signed.searchParams.get('Key-Pair-Id')).toBe(keyId);
    const expires = Number(signed.searchParams.get('Expires'));
    expect(expires).toBe(now / 1000 + PRIVATE_URL_TTL_SECONDS);
    // The canned policy CloudFront rebuilds from the URL, and the signature it checks against it.
    const policy = JSON.stringify({ Statement: [{ Resource: unsigned, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }] });
    const signature = Buffer.from(signed.searchParams.get('Signature')!.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
    const encodedKey = String(at(key.Properties, 'PublicKeyConfig.EncodedKey'));
    expect(verify('sha1', Buffer.from(policy), encodedKey, signature)).toBe(true);
    expect(verify('sha1', Buffer.from(policy.replace('media.mov', 'other.mov')), encodedKey, signature)).toBe(false);
  });

  it('keeps every function\'s environment within Lambda\'s 4 KB with a real 2048-bit private key', () => {
    for (const [id, fn] of lambdas()) {
      const variables = at(fn.Properties, 'Environment.Variables') as JsonObject;
      // Generously: a reference or a join as 128 characters (bucket names, queue URLs and the
      // CloudFront domain are shorter), a secret as the stand-in, the JSON quoting and escapes too.
      const sized = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? resolveSecrets(value, SECRETS) : 'x'.repeat(128)]),
      );
      expect(Buffer.byteLength(JSON.stringify(sized)), id).toBeLessThanOrEqual(4096);
    }
  });

  it('adds to the public stack only the key, the key group, TrustedKeyGroups, the four variables and an output', () => {
    expect(withoutPrivateMode(template)).toEqual(withoutPrivateMode(packaged.public.template));
  });
});

describe('a private stack without its public key', () => {
  it('is not packaged: osls stops before writing anything, naming the missing parameter', () => {
    expect(withoutPublicKey.status).not.toBe(0);
    expect(withoutPublicKey.error).toBeUndefined();
    expect(withoutPublicKey.output).toContain('distributionMode=private needs the CloudFront public key');
    expect(withoutPublicKey.output).toContain('--param "cloudfrontPublicKey=');
    expect(existsSync(path.join(withoutPublicKey.dir, TEMPLATE_FILE))).toBe(false);
  });
});
