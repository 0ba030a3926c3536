/**
 * The sandbox function: runs untrusted Python, so it gets nothing. No links and no permissions
 * (its role holds only what Lambda itself needs: logs and the VPC network interfaces), and it sits
 * in private subnets with no route out and a security group with no egress rule.
 */

// The Vpc component creates NAT only when `nat` is set; we leave it unset and, so that a later
// edit cannot quietly add a route out, pin the private route tables to "local only" as well.
export const vpc = new sst.aws.Vpc("SandboxVpc", {
  az: 2,
  transform: {
    privateRouteTable: (args) => {
      args.routes = [];
    },
  },
});

// The Vpc's default security group allows all egress; the sandbox uses its own with none.
// Lambda needs no ingress either: it is invoked through the Lambda API, not the network.
export const noEgress = new aws.ec2.SecurityGroup("SandboxNoEgress", {
  vpcId: vpc.id,
  description: "Code Remote sandbox: no ingress, no egress",
  ingress: [],
  egress: [],
});

export const sandbox = new sst.aws.Function("Sandbox", {
  // v3 Function has no `image` option: a Python container image is this pair. At deploy SST runs uv
  // in the workspace beside sst.config.ts (pyproject.toml), builds packages/sandbox/runner/Dockerfile
  // with Docker and sets the command from `handler` (packages.sandbox.runner.handler.handler); the
  // steps are in packages/sandbox/runner/pyproject.toml. 3.11: Debian 12's python3, as locally.
  runtime: "python3.11",
  python: { container: true },
  handler: "packages/sandbox/runner/handler.handler",
  // User code may use up to 1024 MB; the warm runner and the forked child's copy-on-write pages
  // come on top. Lambda also scales CPU with memory, which keeps wall-clock limits honest.
  memory: "1536 MB",
  // Longest wall limit (30 s) plus fork, clean-up and result serialisation.
  timeout: "40 seconds",
  // `sst dev` would otherwise run this function on the developer's machine, outside the VPC.
  dev: false,
  vpc: { privateSubnets: vpc.privateSubnets, securityGroups: [noEgress.id] },
});
