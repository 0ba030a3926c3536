/**
 * Recording stand-ins for the SST globals sst.config.ts and infra/ use ($config, $app,
 * $interpolate, sst.aws.*, sst.Secret, aws.*), so `run()` can be evaluated without Pulumi or AWS
 * and the resulting graph asserted. Outputs are opaque tokens like "<Table.name>", so a test can
 * tell which resource a value came from, and a value typed out by hand stands out.
 */

// Test doubles for SST's loosely typed args: `any` keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = any;

export class Component {
  readonly calls: { method: string; args: Args[] }[] = [];

  constructor(
    readonly graph: Graph,
    readonly type: string,
    /** The name given to the constructor: SST's logical name, and the link name in `Resource`. */
    readonly logicalName: string,
    readonly args: Args = {},
  ) {
    graph.components.push(this);
  }

  protected token(property: string): string {
    return `<${this.logicalName}.${property}>`;
  }

  // The outputs infra/ reads. A property not listed here is undefined, so the test notices it.
  get arn() {
    return this.token("arn");
  }
  get url() {
    return this.token("url");
  }
  get name() {
    return this.token("name");
  }
  get id() {
    return this.token("id");
  }
  get managementEndpoint() {
    return this.token("managementEndpoint");
  }
  get privateSubnets() {
    return this.token("privateSubnets");
  }
  get securityGroups() {
    return this.token("securityGroups");
  }
  get value() {
    return this.token("value");
  }
  /** A queue subscriber's nodes (QueueLambdaSubscriber.nodes.function is the Lambda it created). */
  get nodes() {
    return { function: { name: this.token("function.name"), arn: this.token("function.arn") } };
  }
}

export interface Subscription {
  queue: Component;
  subscriber: Args;
  args: Args;
  result: Component;
}

export interface HttpRoute {
  api: Component;
  key: string;
  handler: Args;
  args: Args;
}

export interface WsRoute {
  api: Component;
  route: string;
  handler: Args;
}

export class Graph {
  readonly components: Component[] = [];
  readonly subscriptions: Subscription[] = [];
  readonly httpRoutes: HttpRoute[] = [];
  readonly wsRoutes: WsRoute[] = [];

  /** The one component of this type and name; throws if there is none or several. */
  get(type: string, name: string): Component {
    const found = this.components.filter((c) => c.type === type && c.logicalName === name);
    if (found.length !== 1) throw new Error(`expected one ${type} "${name}", found ${found.length}`);
    return found[0]!;
  }

  ofType(type: string): Component[] {
    return this.components.filter((c) => c.type === type);
  }
}

/** Installs the stand-ins as globals (where SST's platform puts the real ones) and returns the graph. */
export function installSstGlobals(stage: string): Graph {
  const graph = new Graph();
  const make = (type: string) =>
    function (name: string, args?: Args) {
      return new Component(graph, type, name, args);
    } as unknown as new (
      name: string,
      args?: Args,
    ) => Component;

  const Queue = function (name: string, args?: Args) {
    const queue = new Component(graph, "sst.aws.Queue", name, args);
    return Object.assign(queue, {
      subscribe(subscriber: Args, subArgs: Args = {}) {
        const result = new Component(graph, "sst.aws.QueueLambdaSubscriber", `${name}Subscriber`, subscriber);
        graph.subscriptions.push({ queue, subscriber, args: subArgs, result });
        return result;
      },
    });
  };

  const CognitoUserPool = function (name: string, args?: Args) {
    const pool = new Component(graph, "sst.aws.CognitoUserPool", name, args);
    return Object.assign(pool, {
      addClient: (clientName: string, clientArgs?: Args) =>
        new Component(graph, "sst.aws.CognitoUserPoolClient", clientName, clientArgs),
    });
  };

  const ApiGatewayV2 = function (name: string, args?: Args) {
    const api = new Component(graph, "sst.aws.ApiGatewayV2", name, args);
    return Object.assign(api, {
      addAuthorizer: (authArgs: Args) =>
        new Component(graph, "sst.aws.ApiGatewayV2Authorizer", `${name}Authorizer${authArgs.name}`, authArgs),
      route(key: string, handler: Args, routeArgs: Args = {}) {
        graph.httpRoutes.push({ api, key, handler, args: routeArgs });
      },
    });
  };

  const ApiGatewayWebSocket = function (name: string, args?: Args) {
    const api = new Component(graph, "sst.aws.ApiGatewayWebSocket", name, args);
    return Object.assign(api, {
      route(route: string, handler: Args) {
        graph.wsRoutes.push({ api, route, handler });
      },
    });
  };

  const globals: Record<string, unknown> = {
    $app: { name: "code-remote", stage },
    $config: (config: unknown) => config,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), ""),
    sst: {
      Secret: make("sst.Secret"),
      aws: {
        Dynamo: make("sst.aws.Dynamo"),
        Bucket: make("sst.aws.Bucket"),
        Queue,
        CognitoUserPool,
        SnsTopic: make("sst.aws.SnsTopic"),
        Function: make("sst.aws.Function"),
        ApiGatewayV2,
        ApiGatewayWebSocket,
        StaticSite: make("sst.aws.StaticSite"),
      },
    },
    aws: {
      getRegionOutput: () => ({ name: "<region>" }),
      getAvailabilityZonesOutput: () => ({ names: ["<az1>", "<az2>", "<az3>"] }),
      ec2: { Vpc: make("aws.ec2.Vpc"), Subnet: make("aws.ec2.Subnet"), SecurityGroup: make("aws.ec2.SecurityGroup") },
      cloudwatch: { MetricAlarm: make("aws.cloudwatch.MetricAlarm") },
    },
  };
  Object.assign(globalThis, globals);
  return graph;
}

export function removeSstGlobals(): void {
  for (const name of ["$app", "$config", "$interpolate", "sst", "aws"]) {
    delete (globalThis as Record<string, unknown>)[name];
  }
}
