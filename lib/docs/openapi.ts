/**
 * GET /openapi.json: an OpenAPI 3.1 document of every route, generated from the route table
 * like the HTML page. Two things of API Gateway's that OpenAPI cannot say are translated:
 * a greedy `{name+}` becomes a plain `{name}` whose description says it may hold `/`, and a
 * route with human stand-in paths (`/jobs/{file}` → `/jobs/{id}.xml`, `/jobs/{id}.json`) is
 * documented under those paths, one operation each, so every OpenAPI path is a URL a client
 * can actually call.
 */
import packageJson from '../../package.json' with { type: 'json' };
import type { ParamDoc, ResponseDoc, RouteDef } from '../routes.ts';
import { documentedRoutes, exampleOf, groupOf, isBooleanParam, paramsIn, pathParamsOf, pathVariables, shownPaths } from './model.ts';
import { generalNotes } from './notes.ts';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  /** The service base the document describes: the stage URL as the client reached it. Default `/`. */
  serverUrl?: string;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
const SECURITY_SCHEME = 'bearerAuth';

/** An OpenAPI path for a route path: API Gateway's greedy `{name+}` has no OpenAPI spelling. */
export function openApiPath(path: string): string {
  return path.replace(/\{([^{}+]+)\+\}/g, '{$1}');
}

export function openApiDocument(routes: readonly RouteDef[], options: OpenApiOptions = {}): Json {
  const serverUrl = options.serverUrl ?? '/';
  const paths: Record<string, Json> = {};
  for (const route of documentedRoutes(routes)) {
    const shown = shownPaths(route);
    for (const [index, path] of shown.entries()) {
      const key = openApiPath(path);
      paths[key] = { ...paths[key], [route.method.toLowerCase()]: operation(route, path, shown.length > 1 ? index : undefined) };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Media distribution service',
      version: packageJson.version,
      summary: 'Opencast-compatible download distribution on AWS Lambda, S3 and SQS.',
      description: ['General notes:', '', ...generalNotes(routes).map((note) => `- ${note}`)].join('\n'),
      license: { name: 'ECL-2.0', identifier: 'ECL-2.0' },
    },
    servers: [{ url: serverUrl, description: 'This deployment' }],
    tags: [...new Set(documentedRoutes(routes).map(groupOf))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description: "The deployment's `API_TOKEN` (the local stack's default: `local-dev-token`).",
        },
      },
      schemas: {
        Error: {
          type: 'object',
          description: 'An error as JSON (with `Accept: application/json`): one sentence naming the problem.',
          required: ['status', 'message'],
          properties: {
            status: { type: 'integer', description: 'The HTTP status code again.' },
            message: { type: 'string', description: 'A 500 carries only the correlation id to report.' },
          },
        },
      },
    },
  };
}

function operation(route: RouteDef, path: string, variant: number | undefined): Json {
  const formParams = paramsIn(route, 'form');
  const pathParams = pathParamsOf(route, path);
  const notes = [
    route.description,
    route.localOnly ? 'Local stack only: in AWS the CDN serves this, and the route is not deployed.' : '',
  ].filter(Boolean);
  return {
    operationId: variant === undefined ? route.name : `${route.name}${suffixOf(path, variant)}`,
    summary: route.summary,
    description: notes.join('\n\n'),
    tags: [groupOf(route)],
    // An empty list overrides nothing globally but says so: these routes need no token.
    security: route.auth ? [{ [SECURITY_SCHEME]: [] }] : [],
    ...(route.localOnly ? { 'x-local-only': true } : {}),
    ...(pathParams.length > 0 ? { parameters: pathParams.map((param) => pathParameter(route, param)) } : {}),
    ...(formParams.length > 0 ? { requestBody: formBody(formParams) } : {}),
    responses: responses(route, path),
  };
}

/** `getJob` + `/jobs/{id}.xml` → `getJobXml`: stand-in paths differ by their suffix. */
function suffixOf(path: string, index: number): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1];
  return extension ? extension[0]!.toUpperCase() + extension.slice(1).toLowerCase() : String(index + 1);
}

function pathParameter(route: RouteDef, param: ParamDoc): Json {
  const greedy = pathVariables(route.path).some((v) => v.greedy && v.name === param.name);
  const example = exampleOf(param);
  return {
    name: param.name,
    in: 'path',
    required: true,
    description: greedy
      ? `${param.description} Greedy (\`{${param.name}+}\` in the route): it takes the rest of the path, \`/\` included.`
      : param.description,
    schema: { type: 'string' },
    ...(example !== undefined ? { example } : {}),
  };
}

function formBody(params: ParamDoc[]): Json {
  const schema = {
    type: 'object',
    required: params.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(params.map((param) => [param.name, formProperty(param)])),
  };
  return { required: true, content: Object.fromEntries(FORM_TYPES.map((type) => [type, { schema }])) };
}

function formProperty(param: ParamDoc): Json {
  const example = exampleOf(param);
  if (isBooleanParam(param)) {
    return { type: 'boolean', description: param.description, default: param.default === 'true' };
  }
  return {
    type: 'string',
    description: param.description,
    ...(param.default !== undefined ? { default: param.default } : {}),
    ...(example !== undefined ? { examples: [example] } : {}),
  };
}

function responses(route: RouteDef, path: string): Json {
  const result: Record<string, Json> = {};
  for (const response of route.responses) result[String(response.status)] = responseObject(route, path, response);
  // Every function answers an unexpected fault this way (lib/http/errors.ts), whatever the route.
  if (!route.localOnly && !result['500']) {
    result['500'] = responseObject(route, path, {
      status: 500,
      description: 'A bug: the body carries only a correlation id; please report it.',
    });
  }
  return result;
}

function responseObject(route: RouteDef, path: string, response: ResponseDoc): Json {
  const headers: Json = {};
  if (response.status === 401) headers['WWW-Authenticate'] = { description: '`Bearer`.', schema: { type: 'string' } };
  if (response.status === 503) headers['Retry-After'] = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } };
  return {
    description: response.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: response.status < 400 ? successContent(route, path) : errorContent(route),
  };
}

function successContent(route: RouteDef, path: string): Json {
  // A stand-in path's suffix picks the format (`.json` answers JSON whatever Accept says).
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1];
  const picked = route.docPaths ? route.produces.filter((type) => type.endsWith(`/${extension}`)) : [];
  const types = picked.length > 0 ? picked : route.produces;
  return Object.fromEntries(types.map((type) => [type, { schema: schemaOf(type) }]));
}

function schemaOf(type: string): Json {
  if (type === 'application/json') return { description: 'See the operation description.' };
  if (type === '*/*') return { description: 'The stored file, with its stored Content-Type.' };
  return { type: 'string' };
}

function errorContent(route: RouteDef): Json {
  const plain = { 'text/plain': { schema: { type: 'string', description: 'One sentence naming the problem.' } } };
  // The CDN stand-in answers plain text only; the functions answer JSON when asked.
  return route.localOnly ? plain : { ...plain, 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
}
