import { SANDBOX_TIMEOUT_SECONDS } from "../packages/functions/src/worker-settings";
import { CAPACITY } from "./capacity";

/**
 * The sandbox function: runs untrusted Python, so it gets nothing. No links and no permissions
 * (its role holds only what Lambda itself needs: logs and the VPC network interfaces), in a VPC of
 * its own with no way out: no internet or NAT gateway, no route but the VPC's local one, a
 * security group with no rule, and DNS off (the VPC's resolver answers nothing, so no DNS
 * tunnelling either: a security group does not cover the resolver).
 *
 * A plain VPC rather than sst.aws.Vpc: that component turns DNS on, adds public subnets and an
 * internet gateway, and a Cloud Map namespace (a Route 53 private hosted zone) that needs DNS.
 */
export const vpc = new aws.ec2.Vpc("SandboxVpc", {
  cidrBlock: "10.0.0.0/16",
  enableDnsSupport: false,
  enableDnsHostnames: false,
  tags: { Name: `${$app.name}-${$app.stage} sandbox (no egress, no DNS)` },
});

const zones = aws.getAvailabilityZonesOutput({ state: "available" });

/** Two zones, so one zone's outage does not stop jobs. Their route table is the VPC's main one: local only. */
export const privateSubnets = [0, 1].map(
  (i) =>
    new aws.ec2.Subnet(`SandboxSubnet${i + 1}`, {
      vpcId: vpc.id,
      cidrBlock: `10.0.${i}.0/24`,
      availabilityZone: zones.names[i]!,
      mapPublicIpOnLaunch: false,
      tags: { Name: `${$app.name}-${$app.stage} sandbox ${i + 1}` },
    }),
);

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
  // A job's whole time budget (30 s for all its runs) plus fork, clean-up and result serialisation.
  timeout: `${SANDBOX_TIMEOUT_SECONDS} seconds`,
  // `sst dev` would otherwise run this function on the developer's machine, outside the VPC.
  dev: false,
  concurrency: { reserved: CAPACITY.sandboxReserved },
  vpc: { privateSubnets: privateSubnets.map((s) => s.id), securityGroups: [noEgress.id] },
});
