/**
 * The one declaration of the service's interface. serverless.yml deploys from it
 * (infra/functions.cjs), the local gateway routes by it, and /docs and /openapi.json are
 * generated from it, so none of them can drift from the others.
 */

export type HttpMethod = 'GET' | 'POST' | 'ANY';

export interface ParamDoc {
  name: string;
  in: 'form' | 'path' | 'header';
  required: boolean;
  description: string;
  default?: string;
  example?: string;
}

export interface ResponseDoc {
  status: number;
  description: string;
}

export interface RouteDef {
  /** Function name in serverless.yml and the bundle folder under dist/. */
  name: string;
  method: HttpMethod;
  /** API Gateway HTTP API route path; `{x+}` is greedy and must come last; `$default` catches the rest. */
  path: string;
  /** Lambda entry, relative to the repository root. */
  handler: string;
  /** Bearer token required. */
  auth: boolean;
  /** Served by the local stack only (in AWS the CDN does this). */
  localOnly?: boolean;
  /** Not a documented route: the catch-all that answers unknown paths with a clear 404. */
  hidden?: boolean;
  /** Fixed-id stand-ins of the path for humans: what /docs shows. */
  docPaths?: string[];
  summary: string;
  description: string;
  params: ParamDoc[];
  produces: string[];
  responses: ResponseDoc[];
  /** Seconds; the HTTP API integration caps this at 30. */
  timeout?: number;
  memorySize?: number;
}

export interface QueueConsumerDef {
  name: string;
  handler: string;
  /** Logical queue name; the dead-letter queue is `${queue}-dlq`. */
  queue: string;
  batchSize: number;
  /** Receives before a message is moved to the dead-letter queue. */
  maxReceiveCount: number;
  timeout: number;
  memorySize?: number;
  description: string;
}

const FORM_MEDIAPACKAGE: ParamDoc = {
  name: 'mediapackage',
  in: 'form',
  required: true,
  description: 'The mediapackage XML (Opencast format, any namespace prefix).',
};
const FORM_CHANNEL: ParamDoc = {
  name: 'channelId',
  in: 'form',
  required: true,
  description: 'The publication channel id, e.g. `engage-player`.',
  example: 'engage-player',
};
const FORM_ELEMENT_ID: ParamDoc = {
  name: 'elementId',
  in: 'form',
  required: true,
  description:
    "The element to act on: one id (`track-1`) or several as a JSON array (`[\"a\",\"b\"]`, also `['a','b']`). Duplicates collapse; `[]` is an empty result.",
  example: 'track-1',
};
const FORM_CHECK_AVAILABILITY: ParamDoc = {
  name: 'checkAvailability',
  in: 'form',
  required: false,
  default: 'true',
  description: 'After copying, confirm every distributed file is served at the URL it is answered with (the signed one in private mode).',
};
const FORM_PRESERVE_REFERENCE: ParamDoc = {
  name: 'preserveReference',
  in: 'form',
  required: false,
  default: 'false',
  description: "Keep the element's `ref` attribute pointing at its source element, as Opencast does.",
};

const WRITE_ERRORS: ResponseDoc[] = [
  { status: 400, description: 'A parameter is missing or malformed, the XML is malformed or hostile, an element id is unknown or unsafe, or a source URL is not allowed or not found. The body names the problem.' },
  { status: 401, description: 'Missing or wrong `Authorization: Bearer <token>`.' },
  { status: 413, description: 'The request body is over 10 MiB.' },
  { status: 415, description: 'The body is neither `application/x-www-form-urlencoded` nor `multipart/form-data`.' },
  { status: 503, description: 'Storage or queue unreachable, or (checkAvailability) a copied file is not served yet. Retry after `Retry-After` seconds: a retry copies nothing twice.' },
];
const SOURCE_FAILED: ResponseDoc = {
  status: 502,
  description: 'An allowed source server failed (5xx or broke off).',
};
const ELEMENT_FORMATS = ['text/xml', 'application/json'];

export const routes: RouteDef[] = [
  {
    name: 'distribute',
    method: 'POST',
    path: '/',
    handler: 'functions/http/distribute.ts',
    auth: true,
    summary: 'Distribute elements (asynchronous job)',
    description:
      'Validates the request exactly as `/distributesync` does, records a job and queues the work. Poll the job at its `url` until it is `FINISHED` (its payload holds the distributed elements) or `FAILED` (it says why).',
    params: [FORM_MEDIAPACKAGE, FORM_CHANNEL, FORM_ELEMENT_ID, FORM_CHECK_AVAILABILITY, FORM_PRESERVE_REFERENCE],
    produces: ['text/xml', 'application/json'],
    responses: [{ status: 200, description: 'The job, status `QUEUED`.' }, ...WRITE_ERRORS],
  },
  {
    name: 'distributeSync',
    method: 'POST',
    path: '/distributesync',
    handler: 'functions/http/distribute-sync.ts',
    auth: true,
    summary: 'Distribute elements and wait',
    description:
      'Copies each element to `{organization}/{channelId}/{mediapackageId}/{elementId}/{fileName}` in the distribution bucket and answers the distributed elements: every field as given, only `url` changed to the public URL.',
    params: [FORM_MEDIAPACKAGE, FORM_CHANNEL, FORM_ELEMENT_ID, FORM_CHECK_AVAILABILITY, FORM_PRESERVE_REFERENCE],
    produces: ELEMENT_FORMATS,
    responses: [
      { status: 200, description: 'The distributed elements: XML documents joined by `###` (empty body for none), or a JSON array.' },
      ...WRITE_ERRORS,
      SOURCE_FAILED,
    ],
    timeout: 29,
    memorySize: 512,
  },
  {
    name: 'retract',
    method: 'POST',
    path: '/retract',
    handler: 'functions/http/retract.ts',
    auth: true,
    summary: 'Retract elements (asynchronous job)',
    description: 'Validates the request exactly as `/retractsync` does, records a job and queues the work.',
    params: [FORM_MEDIAPACKAGE, FORM_CHANNEL, FORM_ELEMENT_ID],
    produces: ['text/xml', 'application/json'],
    responses: [{ status: 200, description: 'The job, status `QUEUED`.' }, ...WRITE_ERRORS],
  },
  {
    name: 'retractSync',
    method: 'POST',
    path: '/retractsync',
    handler: 'functions/http/retract-sync.ts',
    auth: true,
    summary: 'Retract elements and wait',
    description:
      'Deletes every object under `{organization}/{channelId}/{mediapackageId}/{elementId}/` and answers the retracted elements as they were given. Retracting what was never distributed succeeds.',
    params: [FORM_MEDIAPACKAGE, FORM_CHANNEL, FORM_ELEMENT_ID],
    produces: ELEMENT_FORMATS,
    responses: [{ status: 200, description: 'The retracted elements, as given.' }, ...WRITE_ERRORS],
    timeout: 29,
  },
  {
    name: 'getJob',
    method: 'GET',
    path: '/jobs/{file}',
    docPaths: ['/jobs/{id}.xml', '/jobs/{id}.json'],
    handler: 'functions/http/get-job.ts',
    auth: true,
    summary: 'Poll a job',
    description:
      'The job in Opencast\'s `JaxbJob` form: `.xml` or `.json`. Status `QUEUED`, `RUNNING`, `FINISHED` (with the payload) or `FAILED` (with the reason).',
    params: [{ name: 'file', in: 'path', required: true, description: 'The job id followed by `.xml` or `.json`.', example: '1234567890.xml' }],
    produces: ['text/xml', 'application/json'],
    responses: [
      { status: 200, description: 'The job.' },
      { status: 401, description: 'Missing or wrong credentials.' },
      { status: 404, description: 'No job has that id.' },
      { status: 503, description: 'Storage unreachable.' },
    ],
  },
  {
    name: 'getDistribution',
    method: 'GET',
    path: '/distributions/{channelId}/{mediapackageId+}',
    handler: 'functions/http/get-distribution.ts',
    auth: true,
    summary: 'What is distributed for a mediapackage',
    description:
      'Lists the distributed files of one mediapackage in one channel: element ids, file names, sizes and public URLs. Use it to find and clean up leftovers.',
    params: [
      { name: 'channelId', in: 'path', required: true, description: 'The publication channel id.', example: 'engage-player' },
      { name: 'mediapackageId', in: 'path', required: true, description: 'The mediapackage id; may contain `/`.', example: '10.0000/1' },
    ],
    produces: ['application/json', 'text/xml'],
    responses: [
      { status: 200, description: 'The inventory (empty when nothing is distributed).' },
      { status: 400, description: 'An unsafe id.' },
      { status: 401, description: 'Missing or wrong credentials.' },
      { status: 503, description: 'Storage unreachable.' },
    ],
  },
  {
    name: 'docs',
    method: 'GET',
    path: '/docs',
    handler: 'functions/http/docs.ts',
    auth: false,
    summary: 'This documentation',
    description: 'HTML documentation of every route, with a testing form per write route.',
    params: [],
    produces: ['text/html'],
    responses: [{ status: 200, description: 'The page.' }],
  },
  {
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/http/openapi.ts',
    auth: false,
    summary: 'OpenAPI document',
    description: 'OpenAPI 3.1 description of every route.',
    params: [],
    produces: ['application/json'],
    responses: [{ status: 200, description: 'The document.' }],
  },
  {
    name: 'health',
    method: 'GET',
    path: '/health',
    handler: 'functions/http/health.ts',
    auth: false,
    summary: 'Health check',
    description: '200 when storage and queue answer, else 503 naming what is down.',
    params: [],
    produces: ['application/json'],
    responses: [
      { status: 200, description: 'Storage and queue answer.' },
      { status: 503, description: 'Storage or queue unreachable.' },
    ],
  },
  {
    name: 'static',
    method: 'GET',
    path: '/static/{key+}',
    handler: 'infra/local/static.ts',
    auth: false,
    localOnly: true,
    summary: 'Distributed files (local stack only)',
    description:
      'Stands in for the CDN on the local stack: serves the distribution bucket, with `Range` requests, `HEAD` and the stored `Content-Type`.',
    params: [{ name: 'key', in: 'path', required: true, description: 'The object key.', example: 'mh_default_org/engage-player/10.0000/1/track-1/media.mov' }],
    produces: ['*/*'],
    responses: [
      { status: 200, description: 'The file.' },
      { status: 206, description: 'The requested range.' },
      { status: 404, description: 'No such file.' },
      { status: 416, description: 'The range is outside the file.' },
    ],
  },
  {
    name: 'notFound',
    method: 'ANY',
    path: '$default',
    handler: 'functions/http/not-found.ts',
    auth: false,
    hidden: true,
    summary: 'Unknown route',
    description: 'Answers every request no other route takes with a 404 that points at /docs.',
    params: [],
    produces: ['text/plain', 'application/json'],
    responses: [{ status: 404, description: 'No such route.' }],
  },
];

export const queueConsumers: QueueConsumerDef[] = [
  {
    name: 'worker',
    handler: 'functions/queue/worker.ts',
    queue: 'distribution-jobs',
    batchSize: 5,
    maxReceiveCount: 3,
    timeout: 900,
    memorySize: 1024,
    description: 'Distributes and retracts the elements of queued jobs.',
  },
  {
    name: 'retractEvents',
    handler: 'functions/queue/retract-events.ts',
    queue: 'retract-events',
    batchSize: 10,
    maxReceiveCount: 3,
    timeout: 300,
    description: 'Retracts on queue events (plain messages or EventBridge events).',
  },
];

/** The queues' visibility timeout must exceed their consumer's timeout, or SQS redelivers work in progress. */
export function visibilityTimeoutFor(consumer: QueueConsumerDef): number {
  return consumer.timeout + 60;
}
