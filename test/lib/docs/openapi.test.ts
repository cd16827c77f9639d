import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { compileRoutes, matchRoute } from '../../../infra/local/gateway.ts';
import { openApiDocument } from '../../../lib/docs/openapi.ts';
import { routes } from '../../../lib/routes.ts';

type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};
interface Operation {
  parameters?: { name: string; example?: string; description: string }[];
  requestBody?: { content: Record<string, { schema: { properties: Record<string, { type: string; default?: unknown }> } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const build = () => openApiDocument(routes, { serverUrl: 'https://api.example.org/prod' }) as Doc;

// The parser dereferences in place; each check gets its own copy.
const check = (doc: unknown) => validate(structuredClone(doc) as Parameters<typeof validate>[0]);

describe('openApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = build();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await check(doc);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('is checked by a validator that does reject a broken document', async () => {
    // Without this, a validator that accepted anything would pass the test above.
    const doc = build();
    const [path, item] = Object.entries(doc.paths).find(([, i]) => Object.values(i).some((o) => o.parameters?.length))!;
    for (const operation of Object.values(item)) delete operation.parameters;
    expect((await check(doc)).valid, `${path} without its path parameters`).toBe(false);
  });

  it('describes the deployment it was asked for', () => {
    expect(build().servers).toEqual([expect.objectContaining({ url: 'https://api.example.org/prod' })]);
    expect((openApiDocument(routes) as Doc).servers[0]!.url).toBe('/');
  });

  it('has examples that, filled into each path, reach the route that path documents', () => {
    // The local gateway routes exactly as API Gateway does, by the same route table.
    const compiled = compileRoutes(routes);
    for (const [path, item] of Object.entries(build().paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const url = path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
          const example = operation.parameters?.find((p) => p.name === name)?.example;
          expect(example, `${method} ${path}: no example for ${name}`).toBeDefined();
          return example!;
        });
        const match = matchRoute(compiled, method.toUpperCase(), url);
        expect(match?.route.hidden, `${method.toUpperCase()} ${url} is not routed to a declared route`).toBeFalsy();
        const documented = match!.route.docPaths ?? [match!.route.path.replace('+}', '}')];
        expect(documented, `${method.toUpperCase()} ${url}`).toContain(path);
      }
    }
  });

  it('answers a stand-in path in the format its suffix names', () => {
    for (const route of routes.filter((r) => r.docPaths)) {
      for (const path of route.docPaths!) {
        const suffix = path.split('.').pop()!;
        const types = Object.keys(build().paths[path]![route.method.toLowerCase()]!.responses['200']!.content!);
        expect(types.length, path).toBeGreaterThan(0);
        for (const type of types) expect(type.endsWith(`/${suffix}`), `${path} answers ${type}`).toBe(true);
      }
    }
  });

  it('types flags with a boolean default as booleans', () => {
    const flags = routes.flatMap((route) => route.params.filter((p) => p.in === 'form' && /^(true|false)$/.test(p.default ?? '')).map((param) => ({ route, param })));
    expect(flags.length).toBeGreaterThan(0);
    for (const { route, param } of flags) {
      const body = build().paths[route.path]![route.method.toLowerCase()]!.requestBody!;
      const schema = body.content['multipart/form-data']!.schema.properties[param.name]!;
      expect(schema, `${route.name} ${param.name}`).toEqual(expect.objectContaining({ type: 'boolean', default: param.default === 'true' }));
    }
  });

  it('says where a greedy path parameter may hold slashes', () => {
    const greedyRoutes = routes.filter((r) => !r.hidden && !r.docPaths && /\+\}/.test(r.path));
    expect(greedyRoutes.length).toBeGreaterThan(0);
    for (const route of greedyRoutes) {
      const greedy = /\{([^{}]+)\+\}/.exec(route.path)![1]!;
      const path = route.path.replace(/\{([^{}]+)\+\}/g, '{$1}');
      const param = build().paths[path]![route.method.toLowerCase()]!.parameters!.find((p) => p.name === greedy)!;
      expect(param.description, route.name).toMatch(/rest of the path/);
    }
  });
});
