/**
 * The reading of lib/routes.ts that both generated documents share, so the page and the
 * OpenAPI document cannot disagree about which routes and parameters exist.
 */
import type { ParamDoc, RouteDef } from '../routes.ts';
import { SAMPLE_VALUES } from './sample.ts';

/** Every route a client may call: the catch-all 404 is not one. */
export function documentedRoutes(routes: readonly RouteDef[]): RouteDef[] {
  return routes.filter((route) => !route.hidden);
}

/** The paths shown for a route: its human stand-ins when it has them (`/jobs/{id}.xml`). */
export function shownPaths(route: RouteDef): string[] {
  return route.docPaths && route.docPaths.length > 0 ? route.docPaths : [route.path];
}

export function paramsIn(route: RouteDef, where: ParamDoc['in']): ParamDoc[] {
  return route.params.filter((param) => param.in === where);
}

export function exampleOf(param: ParamDoc): string | undefined {
  return param.example ?? SAMPLE_VALUES[param.name];
}

export interface PathVariable {
  name: string;
  /** `{name+}`: takes the rest of the path, `/` included. */
  greedy: boolean;
}

export function pathVariables(path: string): PathVariable[] {
  return [...path.matchAll(/\{([^{}+]+)(\+?)\}/g)].map((m) => ({ name: m[1]!, greedy: m[2] === '+' }));
}

/** `form` params travel in the body; only POST routes have a body. */
export const isWrite = (route: RouteDef): boolean => route.method === 'POST';

/**
 * Routes behind the token get a testing form, because a browser cannot add the header to a
 * plain link; the open routes are links.
 */
export const hasTestingForm = (route: RouteDef): boolean => route.auth;

/** A form param whose default is a boolean literal is a boolean flag. */
export function isBooleanParam(param: ParamDoc): boolean {
  return param.default === 'true' || param.default === 'false';
}

/** The page's and the OpenAPI document's grouping, after Opencast's REST docs. */
export function groupOf(route: RouteDef): 'Write methods' | 'Read methods' {
  return isWrite(route) ? 'Write methods' : 'Read methods';
}

/**
 * The path parameters of one of a route's shown paths. The route's own parameters, except in
 * a human stand-in path: there a variable (`{id}` in `/jobs/{id}.xml`) is part of one route
 * variable (`{file}`), inherits its description and has its example cut from that variable's
 * example (`1234567890.xml` → `1234567890`) by whichever stand-in path fits it.
 */
export function pathParamsOf(route: RouteDef, shownPath: string): ParamDoc[] {
  const examples = new Map<string, string>();
  for (const path of shownPaths(route)) {
    for (const part of partsOf(route, path)) {
      const match = part.source?.example?.match(part.pattern);
      if (!match) continue;
      part.names.forEach((name, i) => {
        if (!examples.has(name)) examples.set(name, match[i + 1]!);
      });
    }
  }
  return partsOf(route, shownPath).flatMap((part) =>
    part.names.map((name): ParamDoc => {
      const own = route.params.find((p) => p.in === 'path' && p.name === name);
      if (own) return own;
      const source = part.source;
      return {
        name,
        in: 'path',
        required: true,
        description: source ? `Part of the \`${source.name}\` segment. ${source.description}` : `Part of \`${part.segment}\`.`,
        example: examples.get(name),
      };
    }),
  );
}

interface PathPart {
  segment: string;
  names: string[];
  /** Matches a value of the whole segment, capturing each variable. */
  pattern: RegExp;
  /** The route's own variable at the same place. */
  source?: ParamDoc;
}

function partsOf(route: RouteDef, path: string): PathPart[] {
  const routeSegments = route.path.split('/');
  return path.split('/').flatMap((segment, index) => {
    const names = pathVariables(segment).map((v) => v.name);
    if (names.length === 0) return [];
    const sourceName = pathVariables(routeSegments[index] ?? '')[0]?.name;
    const source = route.params.find((p) => p.in === 'path' && p.name === sourceName);
    const pattern = new RegExp(
      `^${segment
        .split(/\{[^{}]+\}/)
        .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('(.+?)')}$`,
    );
    return [{ segment, names, pattern, ...(source ? { source } : {}) }];
  });
}
