/**
 * Reading a packaged CloudFormation template in tests: typed access, a renderer that turns the
 * intrinsic functions osls and infra/ use into plain strings (so an ARN can be checked as text),
 * the stack's IAM policy statements wherever they sit, and every reference it makes.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Resource {
  Type: string;
  Properties: JsonObject;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: Json; Description?: string }>;
  Conditions?: Record<string, Json>;
  Parameters?: Record<string, Json>;
}

/** Stand-ins for the pseudo parameters, so rendered ARNs read like real ones. */
export const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'test-stack',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/test-stack/1',
  'AWS::NoValue': '',
  'AWS::NotificationARNs': '',
};

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: Json | undefined): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The value at a dotted path (array indexes as numbers), or undefined. */
export function at(value: Json | undefined, path: string): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export function resource(template: Template, id: string): Resource {
  const found = template.Resources[id];
  if (!found) throw new Error(`The template has no resource "${id}".`);
  return found;
}

/** `{Ref: X}` → X; `{Fn::GetAtt: [X, A]}` → X; anything else → undefined. */
export function referencedId(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

export function evaluateCondition(template: Template, condition: Json | undefined): boolean {
  if (typeof condition === 'string') {
    const named = template.Conditions?.[condition];
    if (named === undefined) throw new Error(`Unknown condition "${condition}".`);
    return evaluateCondition(template, named);
  }
  if (!isObject(condition)) throw new Error(`Cannot evaluate condition ${JSON.stringify(condition)}.`);
  if (typeof condition.Condition === 'string') return evaluateCondition(template, condition.Condition);
  const [fn, args] = Object.entries(condition)[0] ?? [];
  const list = Array.isArray(args) ? args : [];
  switch (fn) {
    case 'Fn::Equals':
      return render(template, list[0]) === render(template, list[1]);
    case 'Fn::Not':
      return !evaluateCondition(template, list[0]);
    case 'Fn::And':
      return list.every((item) => evaluateCondition(template, item));
    case 'Fn::Or':
      return list.some((item) => evaluateCondition(template, item));
    default:
      throw new Error(`Cannot evaluate condition function ${fn}.`);
  }
}

/**
 * A value as text: `Ref X` → `X` (pseudo parameters → PSEUDO), `GetAtt X.A` → `X.A`, Join and
 * Sub as CloudFormation does them, If by its condition. Throws on anything it does not know, so
 * a test never passes by misreading a template.
 */
export function render(template: Template, value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => render(template, item)).join(',');
  const [fn, args] = Object.entries(value)[0] ?? [];
  if (fn === 'Ref' && typeof args === 'string') return PSEUDO[args] ?? args;
  if (fn === 'Fn::GetAtt') {
    if (Array.isArray(args)) return args.map((item) => render(template, item)).join('.');
    return render(template, args);
  }
  if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
    return args[1].map((item) => render(template, item)).join(args[0]);
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(args) ? [args[0], args[1]] : [args, undefined];
    if (typeof text !== 'string') throw new Error(`Cannot render Fn::Sub ${JSON.stringify(args)}.`);
    return text.replace(/\$\{(?!!)([^}]+)\}/g, (_, name: string) => {
      const fromVars = isObject(vars) ? vars[name] : undefined;
      if (fromVars !== undefined) return render(template, fromVars);
      return PSEUDO[name] ?? name;
    });
  }
  if (fn === 'Fn::If' && Array.isArray(args)) {
    return render(template, evaluateCondition(template, args[0]) ? args[1] : args[2]);
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}.`);
}

export interface PolicyStatement {
  /** Logical id of the resource holding the policy, and where in it. */
  owner: string;
  where: string;
  statement: JsonObject;
}

/** Every statement of every policy document in the stack: roles, policies, bucket and queue policies. */
export function policyStatements(template: Template): PolicyStatement[] {
  const found: PolicyStatement[] = [];
  const visit = (owner: string, value: Json | undefined, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(owner, item, `${where}.${index}`));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'PolicyDocument' || key === 'AssumeRolePolicyDocument') && isObject(child)) {
        asArray(child.Statement).forEach((statement, index) => {
          if (!isObject(statement)) throw new Error(`${owner}: a statement that is not an object`);
          found.push({ owner, where: `${where}.${key}.Statement.${index}`, statement });
        });
      } else {
        visit(owner, child, `${where}.${key}`);
      }
    }
  };
  for (const [id, res] of Object.entries(template.Resources)) visit(id, res.Properties, 'Properties');
  return found;
}

export function actionsOf(statement: JsonObject): string[] {
  return asArray(statement.Action).map(String);
}

/** Every logical id the template points at: Ref, GetAtt, Sub variables, DependsOn, Conditions. */
export function references(template: Template): { from: string; to: string; kind: 'ref' | 'condition' }[] {
  const found: { from: string; to: string; kind: 'ref' | 'condition' }[] = [];
  const visit = (from: string, value: Json | undefined): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => visit(from, item));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'Ref' && typeof child === 'string') found.push({ from, to: child, kind: 'ref' });
      else if (key === 'Fn::GetAtt') {
        const id = referencedId({ [key]: child });
        if (id) found.push({ from, to: id, kind: 'ref' });
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(child) ? child[0] : child;
        const vars = Array.isArray(child) && isObject(child[1]) ? Object.keys(child[1]) : [];
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{(?!!)([^}.]+)[^}]*\}/g)) {
            const name = match[1] ?? '';
            if (!vars.includes(name)) found.push({ from, to: name, kind: 'ref' });
          }
        }
        if (Array.isArray(child)) visit(from, child[1]);
      } else if (key === 'Fn::If' && Array.isArray(child) && typeof child[0] === 'string') {
        found.push({ from, to: child[0], kind: 'condition' });
        visit(from, child.slice(1));
      } else if (key === 'Condition' && typeof child === 'string') {
        found.push({ from, to: child, kind: 'condition' });
      } else {
        visit(from, child);
      }
    }
  };
  for (const [id, res] of Object.entries(template.Resources)) {
    visit(id, res.Properties);
    if (res.Condition) found.push({ from: id, to: res.Condition, kind: 'condition' });
    for (const dependency of asArray(res.DependsOn)) found.push({ from: id, to: String(dependency), kind: 'ref' });
  }
  for (const [id, output] of Object.entries(template.Outputs ?? {})) visit(`Outputs.${id}`, output.Value);
  for (const [id, condition] of Object.entries(template.Conditions ?? {})) visit(`Conditions.${id}`, condition);
  return found;
}

const SECRETS_MANAGER_REFERENCE = /\{\{resolve:secretsmanager:([^}]+)\}\}/g;

/** The Secrets Manager secrets (name or ARN) that dynamic references in this text name. */
export function secretReferences(text: string): string[] {
  return [...text.matchAll(SECRETS_MANAGER_REFERENCE)].map((match) => match[1] ?? '');
}

/**
 * What CloudFormation makes of `{{resolve:secretsmanager:<id>}}` at deploy time, with stand-in
 * secret values; a reference to a secret not in `secrets` throws, so none slips through unnoticed.
 */
export function resolveSecrets(text: string, secrets: Record<string, string>): string {
  return text.replace(SECRETS_MANAGER_REFERENCE, (_, id: string) => {
    const value = secrets[id];
    if (value === undefined) throw new Error(`No stand-in for the secret "${id}".`);
    return value;
  });
}
